export default definePageConfig({ navigationBarTitleText: '出差报销', enablePullDownRefresh: true });
