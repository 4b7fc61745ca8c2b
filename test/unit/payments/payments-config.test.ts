import { loadPaymentsSettings } from '../../../server/src/modules/payments/payments.config';

describe('payments settings', () => {
  it('when no WeChat Pay is configured outside production, then the fake is used with a local notify URL', () => {
    const s = loadPaymentsSettings({ PORT: '3100' });
    // Port 0: the fake takes a free port, so a second instance on another PORT does not collide with it.
    expect(s.wechatpay).toMatchObject({ mode: 'fake', port: 0, notifyUrl: 'http://127.0.0.1:3100/api/payments/wechatpay/notify' });
    expect(s.timeLimitMinutes).toBe(15);
  });

  it('when production has no WeChat Pay, then start-up stops naming WECHATPAY_API_BASE', () => {
    expect(() => loadPaymentsSettings({ NODE_ENV: 'production' })).toThrow(/WECHATPAY_API_BASE/);
  });

  it('when a real WeChat Pay is configured without its APIv3 key, then the missing variable is named', () => {
    expect(() => loadPaymentsSettings({ WECHATPAY_API_BASE: 'https://api.mch.weixin.qq.com', WECHATPAY_MCHID: '1900000109' })).toThrow(/WECHATPAY_MERCHANT_SERIAL_NO|WECHATPAY_APIV3_KEY/);
  });

  it('when a real WeChat Pay is fully configured, then keys are read from their files', () => {
    const files: Record<string, string> = { '/k/merchant.pem': 'MERCHANT-PEM', '/k/platform.pem': 'PLATFORM-PEM' };
    const s = loadPaymentsSettings({
      WECHATPAY_API_BASE: 'https://api.mch.weixin.qq.com', WECHATPAY_MCHID: '1900000109', WECHATPAY_APPID: 'wx1',
      WECHATPAY_MERCHANT_SERIAL_NO: 'ABC', WECHATPAY_MERCHANT_PRIVATE_KEY_PATH: '/k/merchant.pem', WECHATPAY_PLATFORM_SERIAL_NO: 'PUB_KEY_ID_1',
      WECHATPAY_PLATFORM_PUBLIC_KEY_PATH: '/k/platform.pem', WECHATPAY_APIV3_KEY: 'a'.repeat(32), WECHATPAY_NOTIFY_URL: 'https://gov.example.cn/api/payments/wechatpay/notify',
    }, (p) => files[p]);
    expect(s.wechatpay.mode).toBe('real');
    if (s.wechatpay.mode === 'real') {
      expect(s.wechatpay.config.merchantPrivateKeyPem).toBe('MERCHANT-PEM');
      expect(s.wechatpay.config.platformPublicKeys.get('PUB_KEY_ID_1')).toBe('PLATFORM-PEM');
    }
  });
});
