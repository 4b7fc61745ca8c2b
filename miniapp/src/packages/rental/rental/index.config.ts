export default definePageConfig({ navigationBarTitleText: '租车订单', enablePullDownRefresh: true });
