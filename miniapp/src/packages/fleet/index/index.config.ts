export default definePageConfig({ navigationBarTitleText: '车辆管理', enablePullDownRefresh: true });
