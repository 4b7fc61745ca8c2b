export default definePageConfig({ navigationBarTitleText: '结算对账', enablePullDownRefresh: true });
