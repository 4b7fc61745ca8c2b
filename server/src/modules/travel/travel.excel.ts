import ExcelJS from 'exceljs';
import type { TravelRecord } from '@shared/travel/travel.schemas';
import { formatShanghai } from '@shared/common/time';
import { fenToChineseUppercase } from '../settlement';

const yuan = (fen: number) => fen / 100;
const MONEY = '#,##0.00';
const thin = { style: 'thin' as const };
const border = { top: thin, left: thin, bottom: thin, right: thin };

/**
 * 差旅费报销单 as finance keeps it: the trip (事由, people, legs, what was authorised), every cost with its
 * standard, over-standard marked with its approval, how it is paid and its invoices; the sums (with 大写);
 * then a sheet of the invoices and one of the 公务卡 transactions with what each was matched to.
 */
export async function buildTravelWorkbook(r: TravelRecord): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '河北省公务用车监管服务平台';
  const ws = wb.addWorksheet('差旅费报销单', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.columns = [{ width: 6 }, { width: 18 }, { width: 40 }, { width: 12 }, { width: 14 }, { width: 40 }, { width: 10 }, { width: 20 }, { width: 24 }, { width: 18 }];
  const line = (text: string, bold = false) => {
    const row = ws.addRow([text]);
    ws.mergeCells(row.number, 1, row.number, 10);
    if (bold) row.font = { bold: true };
    return row;
  };
  const title = line(`差旅费报销单（出差记录 ${r.id}）`, true);
  title.font = { bold: true, size: 16 };
  title.alignment = { horizontal: 'center' };
  title.height = 30;
  line(`单位：${r.unitName}　　出差人：${r.travellers.map((t) => t.name).join('、')}（${r.rankLabel}）　　金额单位：元`);
  line(`出差事由：${r.purpose}　　日期：${r.startDate} 至 ${r.endDate}，共 ${r.days} 天　　状态：${r.statusLabel}`);
  line(`行程：${r.legs.map((l) => `${l.departOn} ${l.fromPlace}—${l.toPlace}（${l.transportLabel}）`).join('；')}`);
  line(`批准事项：${r.serviceLabels.join('、')}${r.reception ? `　　接待公函：${r.reception.letterFrom} ${r.reception.letterNo}，接待 ${r.reception.guests} 人、陪餐 ${r.reception.hosts} 人` : ''}`);

  const header = ws.addRow(['序号', '费用类别', '内容', '日期', '金额（元）', '标准', '是否超标', '超标准审批', '发票号码', '支付方式']);
  header.font = { bold: true };
  header.eachCell((c) => { c.border = border; c.alignment = { horizontal: 'center' }; });
  const first = header.number + 1;
  r.costs.forEach((c, i) => {
    const row = ws.addRow([
      i + 1, c.categoryLabel, c.title, c.date, yuan(c.amountFen), c.standardText, c.withinStandard ? '否' : '超标准',
      c.approval ? `审批 ${c.approval.id} ${c.approval.statusLabel}` : c.withinStandard ? '' : '无', c.invoiceNumbers.join('、'), c.paidByLabel,
    ]);
    row.getCell(5).numFmt = MONEY;
    row.eachCell((cell) => { cell.border = border; cell.alignment = { wrapText: true, vertical: 'top' }; });
    if (!c.withinStandard) row.getCell(7).font = { bold: true, color: { argb: 'FFC0392B' } };
  });
  const last = ws.rowCount;
  const total = ws.addRow(['', '合计', `${r.costs.length} 项`, '', { formula: r.costs.length ? `SUM(E${first}:E${last})` : '0', result: yuan(r.totals.costFen) }]);
  total.font = { bold: true };
  total.getCell(5).numFmt = MONEY;
  total.eachCell((c) => { c.border = border; });
  line(`人民币（大写）：${fenToChineseUppercase(r.totals.costFen)}`);
  line(`其中：供应商月结（单位结算）${yuan(r.totals.statementFen).toFixed(2)}　应报销（公务卡还款及补助）${yuan(r.totals.reimburseFen).toFixed(2)}　超标准 ${r.totals.overStandardCount} 项 ${yuan(r.totals.overStandardFen).toFixed(2)}　个人自付 ${yuan(r.totals.personalFen).toFixed(2)}`);
  line(`发票 ${r.invoices.length} 张，价税合计 ${yuan(r.totals.invoiceTotalFen).toFixed(2)}（税额 ${yuan(r.totals.invoiceTaxFen).toFixed(2)}）；公务卡交易 ${r.cardPayments.length} 笔 ${yuan(r.totals.cardPaidFen).toFixed(2)}，未匹配 ${r.totals.cardUnmatchedCount} 笔`);
  ws.addRow([]);
  const sign = ws.addRow(['', '出差人：', '', '部门负责人：', '', '财务审核：', '', '单位负责人：']);
  sign.height = 28;

  const inv = wb.addWorksheet('发票');
  inv.columns = [{ width: 6 }, { width: 14 }, { width: 14 }, { width: 24 }, { width: 12 }, { width: 30 }, { width: 22 }, { width: 22 }, { width: 12 }, { width: 12 }, { width: 12 }, { width: 10 }];
  const ih = inv.addRow(['序号', '费用类别', '发票代码', '发票号码', '开票日期', '销售方', '销售方识别号', '购买方识别号', '金额', '税额', '价税合计', '来源']);
  ih.font = { bold: true };
  r.invoices.forEach((i, n) => {
    const row = inv.addRow([n + 1, i.categoryLabel, i.invoiceCode ?? '（全电发票）', i.invoiceNumber, i.issuedOn, i.sellerName, i.sellerTaxId ?? '', i.buyerTaxId, yuan(i.amountFen), yuan(i.taxFen), yuan(i.totalFen), i.source === 'xml' ? '电子发票文件' : '手工录入']);
    for (const c of [9, 10, 11]) row.getCell(c).numFmt = MONEY;
  });

  const card = wb.addWorksheet('公务卡');
  card.columns = [{ width: 6 }, { width: 10 }, { width: 18 }, { width: 30 }, { width: 12 }, { width: 22 }, { width: 40 }, { width: 10 }];
  const ch = card.addRow(['序号', '卡号尾号', '交易时间', '商户', '金额', '交易参考号', '对应费用', '来源']);
  ch.font = { bold: true };
  r.cardPayments.forEach((p, n) => {
    const row = card.addRow([n + 1, p.cardLast4, formatShanghai(p.paidAt, 'yyyy-MM-dd HH:mm'), p.merchant, yuan(p.amountFen), p.bankRef, p.matchedCostTitle ?? '未匹配', p.source === 'statement' ? '银行对账单' : '手工录入']);
    row.getCell(5).numFmt = MONEY;
  });

  // 机票的票价类型与比价记录（低于政府采购价的市场票价须保留比价记录备查）。
  const tk = wb.addWorksheet('车票机票');
  tk.columns = [{ width: 6 }, { width: 44 }, { width: 12 }, { width: 24 }, { width: 10 }, { width: 12 }, { width: 56 }];
  const th = tk.addRow(['序号', '车票机票', '票价（元）', '票价类型', '支付方式', '政府采购价（元）', '比价记录']);
  th.font = { bold: true };
  r.tickets.forEach((x, n) => {
    const rec = x.priceRecord ? `${x.priceRecord.source} ${x.priceRecord.flightNo} ${yuan(x.priceRecord.priceFen).toFixed(2)} 元，${x.priceRecord.seenAt} 查询${x.priceRecord.quote ? `（${x.priceRecord.quote}）` : ''}` : '';
    const row = tk.addRow([n + 1, x.title, yuan(x.priceFen), x.fareKindLabel, x.paymentMethodLabel, x.procurementFen != null ? yuan(x.procurementFen) : '', rec]);
    for (const c of [3, 6]) row.getCell(c).numFmt = MONEY;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
