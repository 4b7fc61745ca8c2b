import ExcelJS from 'exceljs';
import { FleetErrorCode as E } from '@shared/fleet/fleet.errors';
import {
  acquisitionLabel, energyTypeLabel, registerVehicleSchema, vehicleCategoryLabel, type RegisterVehicleInput,
} from '@shared/fleet/fleet.schemas';
import { vehicleImportColumns, type VehicleImportResult } from '@shared/fleet/lifecycle.schemas';
import { DomainError, ValidationError } from '../../platform/errors';
import { validationErrorFrom } from '../../platform/http/validate';

/** A row of the sheet as the registration input, or what is wrong with it. */
export type ParsedRow = { row: number; plate: string; input: RegisterVehicleInput } | { row: number; plate: string; error: string };

const byLabel = <T extends string>(labels: Record<T, string>) => new Map(Object.entries(labels).map(([k, v]) => [v as string, k as T]));
const ENERGY = byLabel(energyTypeLabel);
const CATEGORY = byLabel(vehicleCategoryLabel);
const ACQUISITION = byLabel(acquisitionLabel);

/** A cell as text: dates as YYYY-MM-DD, numbers as written, rich text and formulas by their value. */
export function cellText(v: ExcelJS.CellValue): string {
  if (v == null) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('').trim();
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text).trim();
    return '';
  }
  return String(v).trim();
}

const num = (s: string): number | null => (s === '' ? null : Number(s.replace(/,/g, '')));

/**
 * Reads the import sheet (columns as vehicleImportColumns, first row headers): each row becomes a
 * registration checked by the same schema as the form; a row that does not parse says why. Empty rows
 * are skipped. A file that is not a workbook is a 400.
 */
export async function parseVehicleSheet(file: Buffer, ownerUnitId: number): Promise<ParsedRow[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new ValidationError(E.IMPORT_UNREADABLE, '无法读取该文件：请上传 .xlsx 格式的车辆导入表');
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new ValidationError(E.IMPORT_UNREADABLE, '导入表中没有工作表');
  const header = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(cellText);
  const missing = vehicleImportColumns.filter((c) => !header.includes(c));
  if (missing.length) throw new ValidationError(E.IMPORT_UNREADABLE, `导入表第 1 行缺少列：${missing.join('、')}（请使用车辆导入模板）`);
  const col = (name: (typeof vehicleImportColumns)[number]) => header.indexOf(name) + 1;
  const out: ParsedRow[] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cell = (name: (typeof vehicleImportColumns)[number]) => cellText(row.getCell(col(name)).value);
    if (vehicleImportColumns.every((c) => cell(c) === '')) continue;
    const plate = cell('车牌号');
    const bad = (error: string) => out.push({ row: r, plate, error });
    const energy = ENERGY.get(cell('能源类型'));
    if (!energy) { bad(`能源类型「${cell('能源类型')}」应为 ${Object.values(energyTypeLabel).join('、')} 之一`); continue; }
    const category = CATEGORY.get(cell('车辆类别'));
    if (!category) { bad(`车辆类别「${cell('车辆类别')}」应为 ${Object.values(vehicleCategoryLabel).join('、')} 之一`); continue; }
    const acquisitionText = cell('取得方式');
    const acquisition = acquisitionText === '' ? 'purchased' : ACQUISITION.get(acquisitionText);
    if (!acquisition) { bad(`取得方式「${acquisitionText}」应为 ${Object.values(acquisitionLabel).join('、')} 之一`); continue; }
    const price = num(cell('购置价格(元)'));
    const parsed = registerVehicleSchema.safeParse({
      plate, vin: cell('车架号'), brandModel: cell('品牌型号'), energyType: energy, displacementMl: num(cell('排量(毫升)')),
      priceFen: price == null || Number.isNaN(price) ? price : Math.round(price * 100), seats: num(cell('座位数')), category, acquisition,
      ownerUnitId, registeredOn: cell('登记日期'), terminalPhone: cell('终端手机号') || null, insuranceDue: cell('保险到期'), inspectionDue: cell('年检到期'),
    });
    if (!parsed.success) { bad(validationErrorFrom(parsed.error, 'row').message.replace(/^请求参数有误 — /, '')); continue; }
    out.push({ row: r, plate, input: parsed.data });
  }
  return out;
}

/**
 * Writes each parsed row through `register` (the form's own use case, one transaction per row, the quota
 * checked each time): a refused row is reported with the refusal's message, the others are written.
 */
export async function importVehicles(rows: ParsedRow[], register: (input: RegisterVehicleInput) => Promise<{ id: number }>): Promise<VehicleImportResult> {
  const result: VehicleImportResult = { written: 0, vehicleIds: [], errors: [] };
  const seen = new Map<string, number>();
  for (const r of rows) {
    if ('error' in r) { result.errors.push({ row: r.row, plate: r.plate, message: r.error }); continue; }
    // The same plate or VIN twice in one file: the second is refused naming the first row.
    const dup = seen.get(r.input.plate) ?? seen.get(r.input.vin);
    if (dup) { result.errors.push({ row: r.row, plate: r.plate, message: `与第 ${dup} 行的车牌号或车架号重复` }); continue; }
    seen.set(r.input.plate, r.row);
    seen.set(r.input.vin, r.row);
    try {
      const v = await register(r.input);
      result.written++;
      result.vehicleIds.push(v.id);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      result.errors.push({ row: r.row, plate: r.plate, message: e.message });
    }
  }
  return result;
}

/** The import template: the header row and one example. */
export async function vehicleImportTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('车辆导入');
  ws.addRow([...vehicleImportColumns]);
  ws.addRow(['冀A12345', 'LFV2A21K012345678', '比亚迪 秦 PLUS', '纯电', '', 119800, 5, '一般公务用车', '购置', '2024-01-15', '', '2027-01-14', '2027-01-31']);
  ws.columns.forEach((c) => { c.width = 16; });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
