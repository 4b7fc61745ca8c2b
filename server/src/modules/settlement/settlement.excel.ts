import ExcelJS from 'exceljs';
import { billableSourceKindLabel, BillableSourceKind, Statement, statementStatusLabel, describeParts } from '@shared/settlement/settlement.schemas';
import { formatShanghai } from '@shared/common/time';

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const PLACES = ['', '拾', '佰', '仟'];
const SECTIONS = ['', '万', '亿', '万亿'];

function sectionToChinese(section: number): string {
  let out = '';
  let zero = false;
  for (let i = 3; i >= 0; i -= 1) {
    const d = Math.floor(section / 10 ** i) % 10;
    if (d === 0) {
      if (out) zero = true;
    } else {
      if (zero) out += '零';
      zero = false;
      out += DIGITS[d] + PLACES[i];
    }
  }
  return out;
}

/** 人民币大写 as written on Chinese financial documents: 123456 fen → 壹仟贰佰叁拾肆元伍角陆分. */
export function fenToChineseUppercase(fen: number): string {
  if (fen === 0) return '零元整';
  const sign = fen < 0 ? '负' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const jiao = Math.floor(abs / 10) % 10;
  const f = abs % 10;
  let out = '';
  if (yuan > 0) {
    const sections: number[] = [];
    for (let y = yuan; y > 0; y = Math.floor(y / 10000)) sections.push(y % 10000);
    let pendingZero = false;
    for (let i = sections.length - 1; i >= 0; i -= 1) {
      if (sections[i] === 0) {
        if (out) pendingZero = true;
        continue;
      }
      if (out && (pendingZero || sections[i] < 1000)) out += '零';
      pendingZero = false;
      out += sectionToChinese(sections[i]) + SECTIONS[i];
    }
    out += '元';
  }
  if (jiao === 0 && f === 0) return `${sign}${out}整`;
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  else if (yuan > 0) out += '零';
  if (f > 0) out += `${DIGITS[f]}分`;
  return sign + out;
}

const yuan = (fen: number) => fen / 100;
const MONEY = '#,##0.00';
const thin = { style: 'thin' as const };
const border = { top: thin, left: thin, bottom: thin, right: thin };

function beijingText(iso: string | null, withTime: boolean): string {
  if (!iso) return '';
  return formatShanghai(iso, withTime ? 'yyyy-MM-dd HH:mm' : 'yyyy-MM-dd');
}

/**
 * The statement as a finance office keeps it: a title row, the billed unit (the invoice's buyer),
 * the statement's particulars, per unit a heading, its order lines and a subtotal (a SUM formula
 * with its value), the total with the amount in 大写, and a signature row 经办人/审核人/负责人
 * each with a date.
 */
export async function buildStatementWorkbook(s: Statement): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '河北省公务用车监管服务平台';
  const ws = wb.addWorksheet('结算单', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.columns = [{ width: 6 }, { width: 24 }, { width: 12 }, { width: 22 }, { width: 18 }, { width: 36 }, { width: 14 }];
  const [y, m] = s.period.split('-');

  ws.mergeCells('A1:G1');
  ws.getCell('A1').value = `${s.companyName} ${y}年${Number(m)}月 公务服务结算单`;
  ws.getCell('A1').font = { bold: true, size: 16 };
  ws.getCell('A1').alignment = { horizontal: 'center', vertical: 'middle' };
  ws.getRow(1).height = 30;
  // The buyer on the invoice: a statement bills one unit.
  ws.mergeCells('A2:G2');
  ws.getCell('A2').value = `结算单位：${s.unitName}　　服务企业：${s.companyName}`;
  ws.getCell('A2').font = { bold: true };
  ws.mergeCells('A3:G3');
  ws.getCell('A3').value = `结算单号：${s.id}　　结算月份：${s.period}　　状态：${statementStatusLabel[s.status]}　　金额单位：元`;

  const header = ws.addRow(['序号', '用车单位', '业务类型', '订单号', '完成时间', '摘要', '金额（元）']);
  header.font = { bold: true };
  header.eachCell((c) => { c.border = border; c.alignment = { horizontal: 'center' }; });

  const subtotalCells: string[] = [];
  let seq = 0;
  for (const unit of s.units) {
    const heading = ws.addRow([`单位：${unit.unitName}`]);
    ws.mergeCells(heading.number, 1, heading.number, 7);
    heading.font = { bold: true };
    heading.getCell(1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFEFEF' } };
    const first = heading.number + 1;
    for (const l of s.lines.filter((x) => x.unitId === unit.unitId)) {
      seq += 1;
      const kind = l.kind === 'correction' ? '调整' : billableSourceKindLabel[l.sourceKind as BillableSourceKind] ?? l.sourceKind;
      const row = ws.addRow([seq, unit.unitName, kind, l.sourceId, beijingText(l.completedAt ?? l.createdAt, true), l.parts ? `${l.description}（${describeParts(l.parts)}）` : l.description, yuan(l.amountFen)]);
      row.getCell(7).numFmt = MONEY;
      row.eachCell((c) => { c.border = border; });
    }
    const last = ws.rowCount;
    const sub = ws.addRow(['', `${unit.unitName} 小计`, '', '', '', `${unit.lineCount} 笔`, { formula: `SUM(G${first}:G${last})`, result: yuan(unit.amountFen) }]);
    sub.font = { bold: true };
    sub.getCell(7).numFmt = MONEY;
    sub.eachCell((c) => { c.border = border; });
    subtotalCells.push(`G${sub.number}`);
  }
  const total = ws.addRow(['', '合计', '', '', '', `${s.lineCount} 笔`, {
    formula: subtotalCells.length ? subtotalCells.join('+') : '0', result: yuan(s.totalFen),
  }]);
  total.font = { bold: true };
  total.getCell(7).numFmt = MONEY;
  total.eachCell((c) => { c.border = border; });
  const words = ws.addRow([`人民币（大写）：${fenToChineseUppercase(s.totalFen)}`]);
  ws.mergeCells(words.number, 1, words.number, 7);

  ws.addRow([]);
  const sign = ws.addRow(['', '经办人：', '日期：', '审核人：', '日期：', '负责人：', '日期：']);
  sign.height = 28;
  sign.alignment = { vertical: 'bottom' };
  ws.addRow(['', `（${s.companyName} 确认：${beijingText(s.confirmedAt, false) || '　'}）`, '', `（财务审核：${beijingText(s.approvedAt, false) || '　'}）`, '', `（付款凭证：${s.paymentReference ?? '　'}）`]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
