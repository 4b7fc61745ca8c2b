export default definePageConfig({ navigationBarTitleText: '派车', enablePullDownRefresh: true });
