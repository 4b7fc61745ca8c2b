export default definePageConfig({ navigationBarTitleText: '电子围栏' });
