export default definePageConfig({ navigationBarTitleText: '行驶轨迹' });
