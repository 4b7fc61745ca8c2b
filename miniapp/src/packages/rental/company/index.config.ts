export default definePageConfig({ navigationBarTitleText: '分时租赁运营', enablePullDownRefresh: true });
