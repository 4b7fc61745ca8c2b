import crypto from 'node:crypto';
import request from 'supertest';
import { buildFakeWechatPay, generateFakeWechatPayCredentials } from '../../../server/src/fakes/wechatpay';

const creds = generateFakeWechatPayCredentials();
const fake = buildFakeWechatPay({ credentials: creds, deliver: async () => 204 });

function authorization(method: string, url: string, body: string, key = creds.merchant.privateKeyPem, ts = Math.floor(Date.now() / 1000)): string {
  const nonce = crypto.randomBytes(8).toString('hex');
  const signature = crypto.createSign('RSA-SHA256').update(`${method}\n${url}\n${ts}\n${nonce}\n${body}\n`).sign(key, 'base64');
  return `WECHATPAY2-SHA256-RSA2048 mchid="${creds.mchid}",nonce_str="${nonce}",signature="${signature}",timestamp="${ts}",serial_no="${creds.merchant.serialNo}"`;
}

const order = JSON.stringify({
  appid: creds.appid, mchid: creds.mchid, description: '押金', out_trade_no: 'P-FAKE-0001', notify_url: 'http://x/n',
  amount: { total: 100, currency: 'CNY' }, payer: { openid: 'o1' },
});

describe('fake WeChat Pay', () => {
  it('when a request is signed with the merchant key, then it is served and the answer is signed by the platform key', async () => {
    const res = await request(fake.app.callback()).post('/v3/pay/transactions/jsapi')
      .set('Authorization', authorization('POST', '/v3/pay/transactions/jsapi', order)).set('Content-Type', 'application/json').send(order);
    expect(res.status).toBe(200);
    expect(res.body.prepay_id).toMatch(/^wx/);
    const message = `${res.headers['wechatpay-timestamp']}\n${res.headers['wechatpay-nonce']}\n${res.text}\n`;
    expect(crypto.createVerify('RSA-SHA256').update(message).verify(creds.platform.publicKeyPem, res.headers['wechatpay-signature'], 'base64')).toBe(true);
  });

  it.each([
    ['no Authorization', () => undefined],
    ['a signature by another key', () => authorization('POST', '/v3/pay/transactions/jsapi', order, generateFakeWechatPayCredentials().merchant.privateKeyPem)],
    ['a signature over another body', () => authorization('POST', '/v3/pay/transactions/jsapi', order.replace('100', '1'))],
    ['a timestamp an hour old', () => authorization('POST', '/v3/pay/transactions/jsapi', order, creds.merchant.privateKeyPem, Math.floor(Date.now() / 1000) - 3600)],
  ])('when a request comes with %s, then it is refused 401 SIGN_ERROR', async (_l, auth) => {
    const header = auth();
    const req = request(fake.app.callback()).post('/v3/pay/transactions/jsapi').set('Content-Type', 'application/json');
    const res = await (header ? req.set('Authorization', header) : req).send(order);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('SIGN_ERROR');
  });
});
