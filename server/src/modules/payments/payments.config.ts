import fs from 'node:fs';
import { z } from 'zod';
import { WECHATPAY_ORIGIN } from './wechatpay.http';
import type { WechatPayConfig } from './wechatpay.gateway';

/**
 * Payments' own settings, declared and validated once (config/ passes the raw environment).
 * Unset WECHATPAY_API_BASE outside production: the project's fake WeChat Pay is started on
 * FAKE_WECHATPAY_PORT with freshly generated keys, so no secret lives in code or in the repo.
 */
const positiveInt = z.coerce.number().int().positive();
export const paymentsEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  WECHATPAY_API_BASE: z.url().optional(),
  WECHATPAY_MCHID: z.string().regex(/^\d{8,12}$/).optional(),
  WECHATPAY_APPID: z.string().min(1).optional(),
  WECHAT_APPID: z.string().min(1).optional(),
  WECHATPAY_MERCHANT_SERIAL_NO: z.string().min(1).optional(),
  WECHATPAY_MERCHANT_PRIVATE_KEY_PATH: z.string().min(1).optional(),
  WECHATPAY_PLATFORM_SERIAL_NO: z.string().min(1).optional(),
  WECHATPAY_PLATFORM_PUBLIC_KEY_PATH: z.string().min(1).optional(),
  WECHATPAY_APIV3_KEY: z.string().length(32).optional(),
  WECHATPAY_NOTIFY_URL: z.url().optional(),
  WECHATPAY_WINDOW_SECONDS: positiveInt.max(3600).default(300),
  WECHATPAY_TIMEOUT_MS: positiveInt.max(60000).default(4000),
  /** 微信支付分服务 ID: set, users may rent without the deposit (免押); unset with real WeChat Pay, they may not. */
  WECHATPAY_PAYSCORE_SERVICE_ID: z.string().regex(/^\d{1,32}$/).optional(),
  /** 0 (the default): a free port — the app tells the mini-program where its fake is (fakeWechatPayBaseUrl). */
  FAKE_WECHATPAY_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  PAYMENT_TIME_LIMIT_MINUTES: positiveInt.max(24 * 60).default(15),
  /** 分时租赁押金 in fen (¥500.00 unless configured). */
  DEPOSIT_AMOUNT_FEN: positiveInt.max(10_000_000).default(50000),
  PAYMENT_CLOSE_CRON: z.string().min(1).default('* * * * *'),
  /** 10:30 Beijing (02:30 UTC): the bill for T is ready after 10:00 on T+1 (DOMAIN.md §6). */
  PAYMENT_RECONCILE_CRON: z.string().min(1).default('30 2 * * *'),
});

export interface PaymentsSettings {
  timeLimitMinutes: number;
  depositAmountFen: number;
  closeCron: string;
  reconcileCron: string;
  wechatpay:
    | { mode: 'real'; config: WechatPayConfig }
    | { mode: 'fake'; port: number; notifyUrl: string; windowSeconds: number; timeoutMs: number };
}

export class PaymentsConfigError extends Error {
  constructor(readonly variable: string, reason: string) {
    super(`配置错误 ${variable}: ${reason}`);
    this.name = 'PaymentsConfigError';
  }
}

export function loadPaymentsSettings(
  rawEnv: Readonly<Record<string, string | undefined>>,
  readFile: (path: string) => string = (p) => fs.readFileSync(p, 'utf8'),
): PaymentsSettings {
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(paymentsEnvSchema.shape)) {
    const v = rawEnv[key];
    if (v !== undefined && v !== '') relevant[key] = v;
  }
  const parsed = paymentsEnvSchema.safeParse(relevant);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PaymentsConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  const e = parsed.data;
  const common = { timeLimitMinutes: e.PAYMENT_TIME_LIMIT_MINUTES, depositAmountFen: e.DEPOSIT_AMOUNT_FEN, closeCron: e.PAYMENT_CLOSE_CRON, reconcileCron: e.PAYMENT_RECONCILE_CRON };
  if (!e.WECHATPAY_API_BASE) {
    if (e.NODE_ENV === 'production') throw new PaymentsConfigError('WECHATPAY_API_BASE', `生产环境必须配置（通常为 ${WECHATPAY_ORIGIN}）`);
    const notifyUrl = e.WECHATPAY_NOTIFY_URL ?? `http://127.0.0.1:${e.PORT}/api/payments/wechatpay/notify`;
    return { ...common, wechatpay: { mode: 'fake', port: e.FAKE_WECHATPAY_PORT, notifyUrl, windowSeconds: e.WECHATPAY_WINDOW_SECONDS, timeoutMs: e.WECHATPAY_TIMEOUT_MS } };
  }
  const required = {
    WECHATPAY_MCHID: e.WECHATPAY_MCHID, WECHATPAY_MERCHANT_SERIAL_NO: e.WECHATPAY_MERCHANT_SERIAL_NO,
    WECHATPAY_MERCHANT_PRIVATE_KEY_PATH: e.WECHATPAY_MERCHANT_PRIVATE_KEY_PATH, WECHATPAY_PLATFORM_SERIAL_NO: e.WECHATPAY_PLATFORM_SERIAL_NO,
    WECHATPAY_PLATFORM_PUBLIC_KEY_PATH: e.WECHATPAY_PLATFORM_PUBLIC_KEY_PATH, WECHATPAY_APIV3_KEY: e.WECHATPAY_APIV3_KEY,
    WECHATPAY_NOTIFY_URL: e.WECHATPAY_NOTIFY_URL,
  };
  for (const [k, v] of Object.entries(required)) if (!v) throw new PaymentsConfigError(k, '配置了 WECHATPAY_API_BASE 时必须配置');
  const appid = e.WECHATPAY_APPID ?? e.WECHAT_APPID;
  if (!appid) throw new PaymentsConfigError('WECHATPAY_APPID', '必须配置小程序 AppID');
  if (e.NODE_ENV === 'production' && !e.WECHATPAY_NOTIFY_URL!.startsWith('https://')) {
    throw new PaymentsConfigError('WECHATPAY_NOTIFY_URL', '生产环境的支付通知地址必须是 https');
  }
  return {
    ...common,
    wechatpay: {
      mode: 'real',
      config: {
        apiBase: e.WECHATPAY_API_BASE, mchid: e.WECHATPAY_MCHID!, appid, merchantSerialNo: e.WECHATPAY_MERCHANT_SERIAL_NO!,
        merchantPrivateKeyPem: readFile(e.WECHATPAY_MERCHANT_PRIVATE_KEY_PATH!),
        platformPublicKeys: new Map([[e.WECHATPAY_PLATFORM_SERIAL_NO!, readFile(e.WECHATPAY_PLATFORM_PUBLIC_KEY_PATH!)]]),
        apiV3Key: e.WECHATPAY_APIV3_KEY!, notifyUrl: e.WECHATPAY_NOTIFY_URL!, windowSeconds: e.WECHATPAY_WINDOW_SECONDS, timeoutMs: e.WECHATPAY_TIMEOUT_MS,
        payscoreServiceId: e.WECHATPAY_PAYSCORE_SERVICE_ID ?? null,
      },
    },
  };
}

/** The gateway config that talks to a running fake (demo and tests): its keys, its URL. */
export function wechatPayConfigFromFake(
  fake: { baseUrl: string; credentials: { mchid: string; appid: string; apiV3Key: string; merchant: { serialNo: string; privateKeyPem: string }; platform: { serialNo: string; publicKeyPem: string }; payscoreServiceId?: string } },
  opts: { notifyUrl: string; windowSeconds?: number; timeoutMs?: number },
): WechatPayConfig {
  const c = fake.credentials;
  return {
    apiBase: fake.baseUrl, mchid: c.mchid, appid: c.appid, merchantSerialNo: c.merchant.serialNo, merchantPrivateKeyPem: c.merchant.privateKeyPem,
    platformPublicKeys: new Map([[c.platform.serialNo, c.platform.publicKeyPem]]), apiV3Key: c.apiV3Key, notifyUrl: opts.notifyUrl,
    windowSeconds: opts.windowSeconds ?? 300, timeoutMs: opts.timeoutMs ?? 4000, payscoreServiceId: c.payscoreServiceId ?? null,
  };
}
