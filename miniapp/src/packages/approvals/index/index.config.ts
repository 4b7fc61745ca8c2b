export default definePageConfig({ navigationBarTitleText: '事务审批', enablePullDownRefresh: true });
