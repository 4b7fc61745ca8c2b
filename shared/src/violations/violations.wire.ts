/**
 * The violation supplier's wire (违章数据接口), shared by our adapter and the project's fake supplier.
 * Modelled on the aggregators' 全国违章查询 APIs (聚合数据 juhe.cn and the like, relaying 交管 12123
 * data): a query by plates (hphm) answers `{ error_code, reason, result: { lists: [{ archiveno, hphm,
 * date, area, act, code, fen, money, handled, longitude, latitude }] } }`, the time in Beijing time
 * "YYYY-MM-DD HH:mm:ss", the fine in yuan as text. Signed both ways as such enterprise APIs are:
 * HMAC-SHA256 with the app secret over `signingText` in X-Signature (hex), with X-App-Key, X-Timestamp
 * (ms) and X-Nonce; a timestamp more than 5 minutes off is refused. JSON over HTTPS POST.
 */
export interface SupplierRecord {
  archiveno: string; hphm: string; date: string; area: string; act: string; code: string;
  fen: string; money: string; handled: '0' | '1'; longitude?: string; latitude?: string;
}
export interface SupplierQuery { hphm: string[]; since: string; until: string }
export interface SupplierAnswer { error_code: number; reason: string; result: { lists: SupplierRecord[] } | null }

export const SUPPLIER_QUERY_PATH = '/v1/violations/query';
export const SIGNATURE_WINDOW_MS = 5 * 60_000;
/** error_code values: 0 查询成功; 10001 签名错误; 10002 时间戳过期; 10003 参数错误. */
export const SupplierErrorCode = { OK: 0, BAD_SIGNATURE: 10001, STALE: 10002, BAD_PARAMS: 10003 } as const;

export const signingText = (timestamp: string, nonce: string, body: string): string => `${timestamp}\n${nonce}\n${body}`;
