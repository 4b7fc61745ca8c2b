/**
 * The wire format of the upward feed to the supervision platform (机关事务 监管平台), shared by the
 * sender and the project's fake upstream. DOMAIN.md §7: JSON over HTTPS POST; the interfaces are the
 * ones Jiangsu's DB32/T 3826-2020 names (unit info, vehicle info, over-standard vehicles, drivers,
 * dispatch records, maintenance, annual inspection, energy use, insurance costs, tolls, parking fees,
 * other costs, inspections, 12345 complaints, rental dispatch, violations, disposal). Each record carries
 * its interface code, an idempotency key (the same on every resend) and the business record it
 * describes (`recordId`, whose messages arrive in order). The envelope follows the common practice of
 * those provincial exchange specifications: platform id, timestamp, nonce, the records as one JSON text
 * in `data`, and a signature over `appId=…&data=…&nonce=…&timestamp=…` (keys in ASCII order) — here
 * HMAC-SM3 (GM/T 0004) with the key agreed with the upstream.
 */
export const feedRecordKinds = [
  'unit', 'vehicle', 'over_standard_vehicle', 'driver', 'dispatch', 'maintenance', 'annual_inspection', 'energy',
  'insurance_cost', 'toll', 'parking', 'other_cost', 'inspection', 'complaint', 'rental_dispatch', 'violation', 'disposal',
] as const;
export type FeedRecordKind = (typeof feedRecordKinds)[number];

/** Interface code and name of each kind (the DB32/T 3826 interface list, named in pinyin initials). */
export const feedInterfaces: Record<FeedRecordKind, { code: string; label: string }> = {
  unit: { code: 'DWXX', label: '单位信息' },
  vehicle: { code: 'CLXX', label: '车辆信息' },
  over_standard_vehicle: { code: 'CBCL', label: '超编超标车辆' },
  driver: { code: 'JSYXX', label: '驾驶员信息' },
  dispatch: { code: 'PCJL', label: '派车记录' },
  maintenance: { code: 'WXBY', label: '维修保养' },
  annual_inspection: { code: 'NJXX', label: '年检信息' },
  energy: { code: 'NHXX', label: '能耗（加油/充电）' },
  insurance_cost: { code: 'BXFY', label: '保险费用' },
  toll: { code: 'TXFY', label: '通行费' },
  parking: { code: 'TCFY', label: '停车费' },
  other_cost: { code: 'QTFY', label: '其他费用' },
  inspection: { code: 'XCXX', label: '巡查检查' },
  complaint: { code: 'TSJB', label: '12345 投诉' },
  rental_dispatch: { code: 'ZLPC', label: '租赁派车' },
  violation: { code: 'WGYJ', label: '违规预警' },
  disposal: { code: 'CLCZ', label: '车辆处置' },
};

export type FeedOp = 'add' | 'update' | 'delete';

export interface FeedRecord {
  /** Idempotency key: the same on a retry and on a resend; the upstream keeps a key once. */
  key: string;
  interfaceCode: string;
  kind: FeedRecordKind;
  op: FeedOp;
  /** The business record this message is about; its messages are sent in the order they happened. */
  recordId: string;
  /** 行政区划代码 (GB/T 2260) of the unit the record belongs to, when known. */
  regionCode: string | null;
  occurredAt: string;
  resend: boolean;
  data: Record<string, unknown>;
}

export interface FeedEnvelope {
  appId: string;
  timestamp: string;
  nonce: string;
  signMethod: 'HMAC-SM3';
  /** JSON text of FeedRecord[] (signed as sent). */
  data: string;
  sign: string;
}

/** Answer codes: per envelope and per record. */
export const FeedReplyCode = {
  OK: '0000',
  /** The key was held already: taken, nothing changed. */
  DUPLICATE: '0001',
  /** This record can never be taken (malformed): not retried. */
  RECORD_INVALID: '1001',
  SIGNATURE_INVALID: '2001',
  BUSY: '5000',
} as const;

export interface FeedReply {
  code: string;
  msg: string;
  results?: Array<{ key: string; code: string; msg: string }>;
}

/** The text the signature is computed over. */
export function feedSigningText(e: Pick<FeedEnvelope, 'appId' | 'timestamp' | 'nonce' | 'data'>): string {
  return `appId=${e.appId}&data=${e.data}&nonce=${e.nonce}&timestamp=${e.timestamp}`;
}
