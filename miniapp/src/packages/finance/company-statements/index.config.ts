export default definePageConfig({ navigationBarTitleText: '结算', enablePullDownRefresh: true });
