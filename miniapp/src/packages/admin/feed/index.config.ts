export default definePageConfig({ navigationBarTitleText: '向上报送', enablePullDownRefresh: true });
