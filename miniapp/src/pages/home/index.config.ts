export default definePageConfig({ navigationBarTitleText: '公务用车服务平台' });
