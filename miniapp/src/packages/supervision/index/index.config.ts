export default definePageConfig({ navigationBarTitleText: '监管预警/考核' });
