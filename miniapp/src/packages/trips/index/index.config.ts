export default definePageConfig({ navigationBarTitleText: '公务出行', enablePullDownRefresh: true });
