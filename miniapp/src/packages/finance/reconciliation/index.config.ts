export default definePageConfig({ navigationBarTitleText: '微信账单核对' });
