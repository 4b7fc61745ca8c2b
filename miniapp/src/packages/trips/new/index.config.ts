export default definePageConfig({ navigationBarTitleText: '用车申请' });
