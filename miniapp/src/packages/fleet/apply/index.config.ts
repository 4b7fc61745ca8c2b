export default definePageConfig({ navigationBarTitleText: '车辆申请' });
