export default definePageConfig({ navigationBarTitleText: '出车任务' });
