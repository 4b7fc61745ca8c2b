export default definePageConfig({ navigationBarTitleText: '三定记录', enablePullDownRefresh: true });
