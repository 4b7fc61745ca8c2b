export default definePageConfig({ navigationBarTitleText: '酒店餐饮票务', enablePullDownRefresh: true });
