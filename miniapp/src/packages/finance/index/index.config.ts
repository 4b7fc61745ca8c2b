export default definePageConfig({ navigationBarTitleText: '结算对账' });
