import ExcelJS from 'exceljs';
import { FleetErrorCode as E } from '@shared/fleet/fleet.errors';
import {
  fuelEnergyLabel, fuelRecordSchema, insuranceRecordSchema, repairRecordSchema, repairWorkLabel, serviceBillingLabel, serviceImportColumns,
  serviceImportRequired, serviceKindLabel, type RecordServiceInput, type ServiceBilling, type ServiceImportError, type ServiceKind,
} from '@shared/fleet/service-records.schemas';
import '@shared/common/zod-locale';
import { ValidationError } from '../../platform/errors';
import { cellText } from './vehicle-import';

/** A row of a statement as the record it asks for, or its bad cells. */
export type StatementRow = { row: number; plate: string; input: RecordServiceInput } | { row: number; plate: string; errors: ServiceImportError[] };

/** The most rows one statement may carry (a busy station's month of fill-ups for a large unit). */
export const MAX_STATEMENT_ROWS = 2000;

/** Which column of the sheet a field of the record comes from, per kind: a schema issue is reported under it. */
const FIELD_COLUMN: Record<ServiceKind, Record<string, string>> = {
  repair: {
    plate: '车牌号', occurredOn: '日期', workOrderNo: '工单号', work: '作业类型', items: '维修项目', amountFen: '金额(元)', billing: '结算方式',
    odometerKm: '里程(公里)', nextMaintenanceDue: '下次保养日期', nextInspectionDue: '下次年检日期', note: '备注',
  },
  fuel: {
    plate: '车牌号', occurredOn: '交易时间', time: '交易时间', txnNo: '交易流水号', energy: '品种', quantity: '数量(升/千瓦时)', amountFen: '金额(元)',
    billing: '结算方式', odometerKm: '里程(公里)', note: '备注',
  },
  insurance: {
    plate: '车牌号', occurredOn: '日期', policyNo: '保单号', insurerName: '保险公司', coverage: '险种', coverFrom: '起保日期', coverTo: '终保日期',
    amountFen: '保费(元)', billing: '结算方式', note: '备注',
  },
};
const SCHEMA = { repair: repairRecordSchema, fuel: fuelRecordSchema, insurance: insuranceRecordSchema } as const;

const byLabel = <T extends string>(labels: Record<T, string>) => new Map(Object.entries(labels).map(([k, v]) => [v as string, k as T]));
const WORK = byLabel(repairWorkLabel);
const ENERGY = byLabel(fuelEnergyLabel);
const BILLING = byLabel(serviceBillingLabel);

/** 2026-11-05, 2026/11/5, 2026.11.05 → 2026-11-05; anything else is returned as written for the schema to refuse. */
function day(text: string): string {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : text;
}

/** A 交易时间 cell: an Excel date-time (written time, no zone) or text "2026-11-05 08:30[:ss]" → day and HH:mm. */
function dayTime(v: ExcelJS.CellValue): { day: string; time: string | null } {
  if (v instanceof Date) {
    const iso = v.toISOString();
    const time = iso.slice(11, 16);
    return { day: iso.slice(0, 10), time: time === '00:00' ? null : time };
  }
  const text = cellText(v);
  const m = /^(\S+)\s+(\d{1,2}):(\d{2})(:\d{2})?$/.exec(text);
  return m ? { day: day(m[1]!), time: `${m[2]!.padStart(2, '0')}:${m[3]}` } : { day: day(text), time: null };
}

/** A number cell, or null when empty; NaN when it is not a number. */
function num(text: string): number | null {
  if (text === '') return null;
  const n = Number(text.replace(/,/g, ''));
  return Number.isFinite(n) ? n : NaN;
}

/**
 * Reads a 三定 enterprise's statement (the columns of its kind, first row headers): each non-empty row
 * becomes the record the single-record form would send, checked by the same schema; a bad row lists each
 * bad cell with its column. A file that is not a workbook, lacks a required column or has no rows is a 400.
 */
export async function parseStatementSheet(file: Buffer, kind: ServiceKind): Promise<StatementRow[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new ValidationError(E.IMPORT_UNREADABLE, `无法读取该文件：请上传 .xlsx 格式的${serviceKindLabel[kind]}对账单`);
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new ValidationError(E.IMPORT_UNREADABLE, '对账单中没有工作表');
  const header = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(cellText);
  const missing = serviceImportRequired[kind].filter((c) => !header.includes(c));
  if (missing.length) throw new ValidationError(E.IMPORT_UNREADABLE, `对账单第 1 行缺少列：${missing.join('、')}（请使用${serviceKindLabel[kind]}对账单模板）`);
  const columns: readonly string[] = serviceImportColumns[kind];
  const out: StatementRow[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const raw = (name: string) => (header.includes(name) ? row.getCell(header.indexOf(name) + 1).value : null);
    const cell = (name: string) => cellText(raw(name));
    if (columns.every((c) => cell(c) === '')) continue;
    if (out.length >= MAX_STATEMENT_ROWS) throw new ValidationError(E.IMPORT_UNREADABLE, `一张对账单最多 ${MAX_STATEMENT_ROWS} 行，请按月或按单位拆分后导入`);
    const plate = cell('车牌号').toUpperCase().replace(/[·\s]/g, '');
    const errors: ServiceImportError[] = [];
    const bad = (column: string, message: string) => errors.push({ row: r, column, subject: plate, message: `第 ${r} 行「${column}」：${message}` });
    const moneyColumn = kind === 'insurance' ? '保费(元)' : '金额(元)';
    const yuan = num(cell(moneyColumn));
    let amountFen: number | undefined;
    if (yuan == null || Number.isNaN(yuan) || yuan < 0 || Math.abs(Math.round(yuan * 100) - yuan * 100) > 1e-6) {
      bad(moneyColumn, `「${cell(moneyColumn)}」应为不小于 0、最多两位小数的金额（元）`);
    } else amountFen = Math.round(yuan * 100);
    const billingText = cell('结算方式');
    const billing: ServiceBilling | undefined = billingText === '' ? 'monthly' : BILLING.get(billingText);
    if (!billing) bad('结算方式', `「${billingText}」应为 ${Object.values(serviceBillingLabel).join('、')} 之一，或留空（挂账月结）`);
    const odometer = num(cell('里程(公里)'));
    if (Number.isNaN(odometer)) bad('里程(公里)', `「${cell('里程(公里)')}」应为数字`);
    const base = { plate, amountFen, billing, note: cell('备注'), kind };
    let data: Record<string, unknown>;
    if (kind === 'repair') {
      const work = WORK.get(cell('作业类型'));
      if (!work) bad('作业类型', `「${cell('作业类型')}」应为 ${Object.values(repairWorkLabel).join('、')} 之一`);
      data = {
        ...base, occurredOn: day(cell('日期')), workOrderNo: cell('工单号'), work, items: cell('维修项目'), odometerKm: odometer,
        nextMaintenanceDue: cell('下次保养日期') ? day(cell('下次保养日期')) : null, nextInspectionDue: cell('下次年检日期') ? day(cell('下次年检日期')) : null,
      };
    } else if (kind === 'fuel') {
      const energy = ENERGY.get(cell('品种'));
      if (!energy) bad('品种', `「${cell('品种')}」应为 ${Object.values(fuelEnergyLabel).join('、')} 之一`);
      const when = dayTime(raw('交易时间'));
      const quantity = num(cell('数量(升/千瓦时)'));
      if (quantity == null || Number.isNaN(quantity)) bad('数量(升/千瓦时)', `「${cell('数量(升/千瓦时)')}」应为大于 0 的数字`);
      data = { ...base, occurredOn: when.day, time: when.time, txnNo: cell('交易流水号'), energy, quantity, odometerKm: odometer };
    } else {
      data = {
        ...base, occurredOn: day(cell('日期')), policyNo: cell('保单号'), insurerName: cell('保险公司'), coverage: cell('险种'),
        coverFrom: day(cell('起保日期')), coverTo: day(cell('终保日期')),
      };
    }
    const parsed = SCHEMA[kind].safeParse(data);
    if (parsed.success && !errors.length) { out.push({ row: r, plate, input: parsed.data }); continue; }
    if (!parsed.success) {
      const named = new Set(errors.map((e) => e.column));
      for (const issue of parsed.error.issues) {
        const column = FIELD_COLUMN[kind][String(issue.path[0] ?? '')] ?? '';
        // A cell already refused above (an unknown 作业类型 left undefined) is reported once, in our words.
        if (named.has(column)) continue;
        named.add(column);
        bad(column || '整行', issue.message);
      }
    }
    out.push({ row: r, plate, errors });
  }
  if (!out.length) throw new ValidationError(E.IMPORT_UNREADABLE, '对账单没有数据行：请从第 2 行起每行填写一条记录');
  return out;
}

/** The template of a kind: its columns, two example rows, and a sheet of instructions. */
export async function statementTemplate(kind: ServiceKind, enterpriseName: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(`${serviceKindLabel[kind]}对账单`);
  ws.addRow([...serviceImportColumns[kind]]);
  const examples: Record<ServiceKind, unknown[][]> = {
    repair: [
      ['冀A00101', '2026-11-05', 'WX-2026-1101', '保养', '更换机油、机滤', 680, '挂账月结', 86300, '2027-05-05', '', ''],
      ['冀A00102', '2026-11-12', 'WX-2026-1102', '维修', '更换前刹车片', 1250.5, '挂账月结', 120400, '', '', ''],
    ],
    fuel: [
      ['冀A00101', '2026-11-05 08:30', 'JY202611050001', '汽油', 45.5, 350, '挂账月结', 86300, ''],
      ['冀AD00103', '2026-11-06 14:10', 'JY202611060007', '充电', 42.3, 50.76, '挂账月结', '', ''],
    ],
    insurance: [
      ['冀A00101', '2026-11-01', 'PDAA202613010000201', enterpriseName, '交强险＋商业险', '2026-11-02', '2027-11-01', 4800, '挂账月结', ''],
    ],
  };
  for (const r of examples[kind]) ws.addRow(r);
  ws.columns.forEach((c, i) => { c.width = i === 4 && kind === 'repair' ? 24 : 16; });
  const note = wb.addWorksheet('填写说明');
  note.addRow(['每行：', `一条${serviceKindLabel[kind]}记录；必填列：${serviceImportRequired[kind].join('、')}`]);
  note.addRow(['金额：', '以元为单位，最多两位小数']);
  note.addRow(['结算方式：', `${Object.values(serviceBillingLabel).join('、')}；留空按挂账月结（计入与用车单位的月度结算单）`]);
  if (kind === 'repair') note.addRow(['作业类型：', Object.values(repairWorkLabel).join('、')]);
  if (kind === 'fuel') note.addRow(['品种：', `${Object.values(fuelEnergyLabel).join('、')}；数量：加油填升，充电填千瓦时；交易时间如 2026-11-05 08:30`]);
  note.addRow(['日期：', '如 2026-11-05']);
  note.addRow(['导入规则：', '任何一行有误则整张对账单不写入，页面逐行逐列列出错误；已导入过的记录（编号、车牌、日期、金额相同）自动跳过，不会重复计费']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
