import ExcelJS from 'exceljs';
import { vehicleCategories, vehicleCategoryLabel } from '@shared/fleet/fleet.schemas';
import { unitKindLabel } from '@shared/identity/identity.schemas';
import { addFigures, type UnitFigures } from './pool.rules';

export interface AppendixAInput {
  regionName: string;
  regionCode: string;
  period: string;
  regionNames: Map<string, string>;
  units: UnitFigures[];
  filledBy: string;
  filledOn: string;
}

const thin = { style: 'thin' as const };
const border = { top: thin, left: thin, bottom: thin, right: thin };

/**
 * 附录A 河北省公务用车纳入信息化平台管理情况统计表. The specification's figure A.1 is not in its text; the
 * columns are DOMAIN.md §7's reconstruction: unit, kind, region, quota, vehicles held by category, on the
 * platform, terminals installed, not on the platform and why, then the period's use from the data pool
 * (trips, mileage, costs, warnings), with a 合计 row; filled by, phone and date below the table.
 * Vehicles exempted by Appendix B would count as not on the platform; the register has none yet.
 */
export async function buildAppendixAWorkbook(a: AppendixAInput): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('附录A');
  const head = ['序号', '单位名称', '单位性质', '所在地区', '编制数', '实有车辆合计', ...vehicleCategories.map((c) => vehicleCategoryLabel[c]),
    '纳入平台车辆数', '安装终端数', '未纳入车辆数', '未纳入原因', '本期出车次数', '本期行驶里程（km）', '本期费用（元）', '本期预警数', '其中红色预警', '预警办结数'];
  ws.mergeCells(1, 1, 1, head.length);
  ws.getCell(1, 1).value = '河北省公务用车纳入信息化平台管理情况统计表';
  ws.getCell(1, 1).font = { bold: true, size: 16 };
  ws.getCell(1, 1).alignment = { horizontal: 'center' };
  ws.mergeCells(2, 1, 2, head.length);
  ws.getCell(2, 1).value = `填报地区：${a.regionName}（${a.regionCode}）    统计期：${a.period}`;
  const hr = ws.getRow(3);
  head.forEach((h, i) => { const c = hr.getCell(i + 1); c.value = h; c.font = { bold: true }; c.border = border; c.alignment = { wrapText: true, horizontal: 'center', vertical: 'middle' }; });
  const line = (u: Pick<UnitFigures, 'quota' | 'byCategory'> & ReturnType<typeof addFigures>) => [
    u.quota, u.vehicles, ...vehicleCategories.map((c) => u.byCategory[c] ?? 0), u.vehicles, u.withTerminal, 0, '', u.trips, u.distanceKm, u.costFen / 100, u.warnings, u.warningsRed, u.warningsClosed,
  ];
  a.units.forEach((u, i) => {
    const row = ws.addRow([i + 1, u.name, unitKindLabel[u.kind], a.regionNames.get(u.regionCode) ?? u.regionCode, ...line(u)]);
    row.eachCell((c) => { c.border = border; });
  });
  const total = addFigures(a.units);
  const byCategory: UnitFigures['byCategory'] = {};
  for (const u of a.units) for (const c of vehicleCategories) byCategory[c] = (byCategory[c] ?? 0) + (u.byCategory[c] ?? 0);
  const sum = ws.addRow(['合计', '', '', '', ...line({ ...total, quota: a.units.reduce((s, u) => s + u.quota, 0), byCategory })]);
  sum.eachCell((c) => { c.border = border; c.font = { bold: true }; });
  ws.addRow([]);
  ws.addRow([`填报人：${a.filledBy}`, '', '', '联系电话：', '', '', `填报日期：${a.filledOn}`]);
  ws.getColumn(2).width = 30;
  ws.getColumn(4).width = 14;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
