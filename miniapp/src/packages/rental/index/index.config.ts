export default definePageConfig({ navigationBarTitleText: '分时租赁', enablePullDownRefresh: true });
