import ExcelJS from 'exceljs';
import { ViolationErrorCode as E } from '@shared/violations/violations.errors';
import { shanghaiInstant } from '@shared/common/time';
import { ValidationError } from '../../platform/errors';
import type { ImportedViolation } from './violation-supplier.gateway';

/** The columns of a violation sheet (as the traffic police's 非现场违法 export names them); 经度 and 纬度 may be empty. */
export const VIOLATION_COLUMNS = ['决定书编号', '号牌号码', '违法时间', '违法地点', '违法行为', '违法代码', '罚款金额(元)', '记分', '经度', '纬度'] as const;
type Column = (typeof VIOLATION_COLUMNS)[number];

function text(v: ExcelJS.CellValue): string {
  if (v == null) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('').trim();
    if ('result' in v) return text(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text).trim();
    return '';
  }
  return String(v).trim();
}

const PLATE = /^[\u4e00-\u9fa5][A-Z][A-Z0-9]{5,6}$/;
const WHEN = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)$/;

/** Each row as a violation, or what is wrong with it; empty rows are skipped, a file that is not a workbook is a 400. */
export async function parseViolationSheet(file: Buffer): Promise<Array<{ row: number; v: ImportedViolation } | { row: number; error: string }>> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new ValidationError(E.VIOLATION_IMPORT_INVALID, '无法读取该文件：请上传 .xlsx 格式的违章明细表');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new ValidationError(E.VIOLATION_IMPORT_INVALID, '违章明细表中没有工作表');
  const header = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(text);
  const missing = VIOLATION_COLUMNS.filter((c) => c !== '经度' && c !== '纬度' && !header.includes(c));
  if (missing.length) throw new ValidationError(E.VIOLATION_IMPORT_INVALID, `违章明细表第 1 行缺少列：${missing.join('、')}`);
  const out: Array<{ row: number; v: ImportedViolation } | { row: number; error: string }> = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cell = (c: Column) => (header.includes(c) ? text(row.getCell(header.indexOf(c) + 1).value) : '');
    if (VIOLATION_COLUMNS.every((c) => cell(c) === '')) continue;
    const plate = cell('号牌号码').replace(/[·\s]/g, '').toUpperCase();
    const when = WHEN.exec(cell('违法时间').replace(/\.\d+Z$|Z$/, ''));
    const fine = Number(cell('罚款金额(元)').replace(/,/g, ''));
    const points = Number(cell('记分') || '0');
    const lng = cell('经度') === '' ? null : Number(cell('经度'));
    const lat = cell('纬度') === '' ? null : Number(cell('纬度'));
    const bad = (error: string) => out.push({ row: r, error });
    if (!cell('决定书编号')) { bad('缺少决定书编号'); continue; }
    if (!PLATE.test(plate)) { bad(`号牌号码「${cell('号牌号码')}」格式不正确`); continue; }
    if (!when) { bad(`违法时间「${cell('违法时间')}」应为 2026-12-01 09:30 的格式（北京时间）`); continue; }
    if (!cell('违法地点') || !cell('违法行为')) { bad('缺少违法地点或违法行为'); continue; }
    if (!Number.isFinite(fine) || fine < 0) { bad(`罚款金额「${cell('罚款金额(元)')}」不是金额`); continue; }
    if (!Number.isInteger(points) || points < 0 || points > 12) { bad(`记分「${cell('记分')}」应为 0–12 的整数`); continue; }
    if ((lat == null) !== (lng == null) || (lat != null && (!Number.isFinite(lat) || !Number.isFinite(lng!)))) { bad('经度和纬度须同时填写且为数字'); continue; }
    out.push({
      row: r,
      v: {
        archiveNo: cell('决定书编号'), plate, occurredAt: shanghaiInstant(when[1]!, when[2]!), place: cell('违法地点'), act: cell('违法行为'),
        code: cell('违法代码'), fineFen: Math.round(fine * 100), points, lat, lng,
      },
    });
  }
  return out;
}

/** The import template: the header row and one example (the time in Beijing time, the fine in yuan). */
export async function violationImportTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('违章明细');
  ws.addRow([...VIOLATION_COLUMNS]);
  ws.addRow(['130104202612010001', '冀A00101', '2026-12-01 09:30', '石家庄市桥西区中华南大街与自强路交叉口', '机动车违反规定停放、临时停车', '1039', 150, 0, '', '']);
  ws.columns.forEach((c) => { c.width = 18; });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
