import { ConfigError, loadConfig } from '@config/load-config';

describe('loadConfig', () => {
  it('when the environment is empty, then the embedded default is chosen with demo sign-in and seeding', () => {
    const c = loadConfig({});
    expect(c.db).toEqual({ kind: 'sqlite', path: 'data/platform.sqlite' });
    expect(c.redis).toEqual({ kind: 'emulated' });
    expect(c.http.port).toBe(3000);
    expect(c.auth.demoLogin).toBe(true);
    expect(c.seedOnStart).toBe(true);
    expect(c.wechat.fake).toBe(true);
    expect(Object.isFrozen(c.db)).toBe(true);
  });

  it('when DATABASE_URL and REDIS_URL are set, then MySQL and Redis are used and demo sign-in is off by default', () => {
    const c = loadConfig({ DATABASE_URL: 'mysql://root@127.0.0.1:3306/test', REDIS_URL: 'redis://127.0.0.1:6379/0' });
    expect(c.db).toMatchObject({ kind: 'mysql', url: 'mysql://root@127.0.0.1:3306/test' });
    expect(c.redis).toEqual({ kind: 'redis', url: 'redis://127.0.0.1:6379/0' });
    expect(c.auth.demoLogin).toBe(false);
    expect(c.seedOnStart).toBe(false);
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['DATABASE_URL', { DATABASE_URL: 'postgres://x' }],
    ['REDIS_URL', { REDIS_URL: 'localhost:6379' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['DEMO_LOGIN', { DEMO_LOGIN: 'yes' }],
    ['SESSION_TTL_SECONDS', { SESSION_TTL_SECONDS: '-5' }],
    ['NODE_ENV', { NODE_ENV: 'staging' }],
  ])('when %s is invalid, then start-up stops with an error naming it', (variable, env) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toContain(variable);
  });

  it('when production asks for demo sign-in, then it is refused', () => {
    const prod = { NODE_ENV: 'production', WECHAT_API_BASE: 'https://api.weixin.qq.com', WECHAT_APPID: 'wx1', WECHAT_SECRET: 's', REDIS_URL: 'redis://r:6379' };
    expect(() => loadConfig({ ...prod, DEMO_LOGIN: 'true' })).toThrow(/DEMO_LOGIN/);
    expect(loadConfig(prod).auth.demoLogin).toBe(false);
  });

  it('when production lacks WeChat settings, then the missing variable is named', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', REDIS_URL: 'redis://r:6379' })).toThrow(/WECHAT_API_BASE/);
    expect(() => loadConfig({ NODE_ENV: 'production', REDIS_URL: 'redis://r:6379', WECHAT_API_BASE: 'https://api.weixin.qq.com', WECHAT_APPID: 'wx1' })).toThrow(/WECHAT_SECRET/);
  });
});
