export default definePageConfig({ navigationBarTitleText: '行程详情', enablePullDownRefresh: true });
