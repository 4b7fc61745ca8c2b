export { buildFakeWechatPay, startFakeWechatPay } from './fake-wechatpay.app';
export type { FakeWechatPay, FakeWechatPayOptions, NoticeDeliverer, RunningFakeWechatPay } from './fake-wechatpay.app';
export { generateFakeWechatPayCredentials } from './fake-wechatpay.credentials';
export type { FakeWechatPayCredentials } from './fake-wechatpay.credentials';
export type { FakeNotice, NoticeVariant } from './fake-wechatpay.notices';
export type { FakeTransaction, FakeRefund } from './fake-wechatpay.state';
export type { FakeServiceOrder } from './fake-wechatpay.payscore';
export { FakePayScoreState } from './fake-wechatpay.payscore';
