export default definePageConfig({ navigationBarTitleText: '出差记录', enablePullDownRefresh: true });
