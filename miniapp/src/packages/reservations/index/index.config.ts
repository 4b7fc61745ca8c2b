export default definePageConfig({ navigationBarTitleText: '酒店/餐饮/票务' });
