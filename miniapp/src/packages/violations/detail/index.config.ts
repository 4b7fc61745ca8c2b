export default definePageConfig({ navigationBarTitleText: '违章详情' });
