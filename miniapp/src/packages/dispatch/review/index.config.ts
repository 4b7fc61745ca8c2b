export default definePageConfig({ navigationBarTitleText: '交车审核' });
