import { loadTelematicsConfig } from '../../../server/src/modules/telematics';
import { loadPaymentsSettings } from '../../../server/src/modules/payments/payments.config';

/**
 * Every port the app opens follows from PORT or is chosen free: a second `npm start` on another PORT
 * died with EADDRINUSE on the fake WeChat Pay's fixed port (and would have on the gateway's next).
 */
describe('ports of two instances', () => {
  const embedded = { production: false, embedded: true, redisEmulated: true };

  it.each([
    [{}, 7611],
    [{ PORT: '3100' }, 7711],
    [{ PORT: '3100', JT808_PORT: '9000' }, 9000],
  ])('when the environment is %j, then the JT/T 808 gateway listens on %i', (env, port) => {
    expect(loadTelematicsConfig(env, embedded).port).toBe(port);
  });

  it('when two instances run on PORT 3000 and 3100, then none of their ports is fixed in common', () => {
    const ports = (env: Record<string, string>) => {
      const pay = loadPaymentsSettings(env).wechatpay;
      return [Number(env.PORT), loadTelematicsConfig(env, embedded).port, pay.mode === 'fake' ? pay.port : -1];
    };
    const [a, b] = [ports({ PORT: '3000' }), ports({ PORT: '3100' })];
    const fixed = (xs: number[]) => xs.filter((p) => p > 0);
    expect(fixed(a).filter((p) => fixed(b).includes(p))).toEqual([]);
    // The fake WeChat Pay takes a free port (0) unless one is set.
    expect(a[2]).toBe(0);
  });
});
