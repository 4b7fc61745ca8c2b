export default definePageConfig({ navigationBarTitleText: '动态口令（两步验证）' });
