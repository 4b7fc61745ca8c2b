export default definePageConfig({ navigationBarTitleText: '我的租车', enablePullDownRefresh: true });
