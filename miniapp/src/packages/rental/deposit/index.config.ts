export default definePageConfig({ navigationBarTitleText: '分时租赁押金', enablePullDownRefresh: true });
