import ExcelJS from 'exceljs';
import { FleetErrorCode as E } from '@shared/fleet/fleet.errors';
import { vehicleCategoryLabel, type VehicleCategory } from '@shared/fleet/fleet.schemas';
import { quotaImportColumns, type ImportRowError } from '@shared/fleet/lifecycle.schemas';
import { ValidationError } from '../../platform/errors';
import { cellText } from './vehicle-import';

/** A row of the 编制 sheet, read as written (the service checks the unit against the actor's scope). */
export type QuotaSheetRow = { row: number; unitName: string; category: VehicleCategory; quota: number } | { row: number; unitName: string; error: string };

const CATEGORY = new Map(Object.entries(vehicleCategoryLabel).map(([k, v]) => [v, k as VehicleCategory]));
const MAX_QUOTA = 10_000;

/**
 * Reads the 编制 sheet (columns as quotaImportColumns, the first row headers): each non-empty row names a
 * unit, a category by its Chinese name and a whole number of vehicles. A file that is not a workbook, or
 * lacks a column, is a 400 before any row is looked at.
 */
export async function parseQuotaSheet(file: Buffer): Promise<QuotaSheetRow[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new ValidationError(E.IMPORT_UNREADABLE, '无法读取该文件：请上传 .xlsx 格式的编制导入表');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new ValidationError(E.IMPORT_UNREADABLE, '导入表中没有工作表');
  const header = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(cellText);
  const missing = quotaImportColumns.filter((c) => !header.includes(c));
  if (missing.length) throw new ValidationError(E.IMPORT_UNREADABLE, `导入表第 1 行缺少列：${missing.join('、')}（请使用编制导入模板）`);
  const col = (name: (typeof quotaImportColumns)[number]) => header.indexOf(name) + 1;
  const out: QuotaSheetRow[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cell = (name: (typeof quotaImportColumns)[number]) => cellText(row.getCell(col(name)).value);
    if (quotaImportColumns.every((c) => cell(c) === '')) continue;
    const unitName = cell('单位名称');
    const bad = (error: string) => out.push({ row: r, unitName, error });
    if (!unitName) { bad('请填写单位名称'); continue; }
    const category = CATEGORY.get(cell('车辆类别'));
    if (!category) { bad(`车辆类别「${cell('车辆类别')}」应为 ${Object.values(vehicleCategoryLabel).join('、')} 之一`); continue; }
    const text = cell('编制数(辆)');
    const quota = Number(text);
    if (text === '' || !Number.isInteger(quota) || quota < 0 || quota > MAX_QUOTA) { bad(`编制数「${text}」应为 0–${MAX_QUOTA} 的整数`); continue; }
    out.push({ row: r, unitName, category, quota });
  }
  if (!out.length) throw new ValidationError(E.IMPORT_UNREADABLE, '导入表没有数据行：请从第 2 行起每行填写一个单位一类车辆的编制');
  return out;
}

/** The errors of a sheet whose rows all parsed may still name one unit and category twice: the later row is refused. */
export function duplicateRows(rows: Array<{ row: number; unitName: string; category: VehicleCategory }>): ImportRowError[] {
  const seen = new Map<string, number>();
  const errors: ImportRowError[] = [];
  for (const r of rows) {
    const key = `${r.unitName}/${r.category}`;
    const first = seen.get(key);
    if (first) errors.push({ row: r.row, subject: r.unitName, message: `与第 ${first} 行重复（同一单位同一类别只能填一行）` });
    else seen.set(key, r.row);
  }
  return errors;
}

/** The template: the header row and two examples. */
export async function quotaImportTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('单位编制');
  ws.addRow([...quotaImportColumns]);
  ws.addRow(['河北省发展和改革委员会', '一般公务用车', 6]);
  ws.addRow(['河北省发展和改革委员会', '执法执勤用车', 2]);
  ws.columns.forEach((c, i) => { c.width = i === 0 ? 30 : 16; });
  const note = wb.addWorksheet('填写说明');
  note.addRow(['车辆类别可填：', Object.values(vehicleCategoryLabel).join('、')]);
  note.addRow(['编制数：', `0–${MAX_QUOTA} 的整数；同一单位同一类别只填一行`]);
  note.addRow(['导入规则：', '任何一行有误则整表不写入，页面逐行列出错误']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
