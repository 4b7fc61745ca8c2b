export default definePageConfig({ navigationBarTitleText: '违章', enablePullDownRefresh: true });
