export default definePageConfig({ navigationBarTitleText: '紧急调度' });
