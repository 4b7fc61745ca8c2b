export default definePageConfig({ navigationBarTitleText: '基础数据' });
