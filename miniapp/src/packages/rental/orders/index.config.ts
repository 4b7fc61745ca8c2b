export default definePageConfig({ navigationBarTitleText: '租赁订单', enablePullDownRefresh: true });
