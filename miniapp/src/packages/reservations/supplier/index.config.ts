export default definePageConfig({ navigationBarTitleText: '预订订单', enablePullDownRefresh: true });
