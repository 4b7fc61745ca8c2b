import type { InvoiceFields } from '@shared/travel/travel.schemas';

/**
 * Reading an e-invoice's structured data (its XML file), both kinds a traveller brings:
 * - 数电票 / 全电发票 (the tax bureau's EInvoice XML): InvoiceNumber (20 digits, no code), IssueTime,
 *   SellerName, SellerIdNum, BuyerIdNum, TotalAmWithoutTax, TotalTaxAm;
 * - 增值税电子普通发票 (the older XML of the 电子发票服务平台): Fpdm (发票代码), Fphm (发票号码), Kprq
 *   (开票日期 YYYYMMDD), Xfmc (销售方名称), Xfsbh, Gfsbh (购买方识别号), Hjje (合计金额), Hjse (合计税额).
 * Returns null when the file is neither; the fields are then checked like entered ones.
 */
export function parseEInvoiceXml(xml: string): InvoiceFields | null {
  const tag = (...names: string[]): string | null => {
    for (const n of names) {
      const m = new RegExp(`<(?:[\\w-]+:)?${n}(?:\\s[^>]*)?>\\s*(?:<!\\[CDATA\\[)?([^<\\]]*?)(?:\\]\\]>)?\\s*</(?:[\\w-]+:)?${n}>`, 'i').exec(xml);
      if (m) return decode(m[1]!.trim());
    }
    return null;
  };
  const digital = tag('InvoiceNumber', 'EIid');
  if (digital && /^\d{20}$/.test(digital)) {
    return {
      invoiceCode: null, invoiceNumber: digital, issuedOn: dateOf(tag('IssueTime', 'RequestTime') ?? ''),
      sellerName: tag('SellerName') ?? '', sellerTaxId: tag('SellerIdNum') ?? null, buyerTaxId: tag('BuyerIdNum') ?? '',
      amountFen: yuanToFen(tag('TotalAmWithoutTax') ?? ''), taxFen: yuanToFen(tag('TotalTaxAm') ?? ''),
    };
  }
  const number = tag('Fphm');
  if (number) {
    return {
      invoiceCode: tag('Fpdm'), invoiceNumber: number, issuedOn: dateOf(tag('Kprq') ?? ''),
      sellerName: tag('Xfmc') ?? '', sellerTaxId: tag('Xfsbh') ?? null, buyerTaxId: tag('Gfsbh') ?? '',
      amountFen: yuanToFen(tag('Hjje') ?? ''), taxFen: yuanToFen(tag('Hjse') ?? ''),
    };
  }
  return null;
}

const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** 2026-12-01, 2026-12-01 10:20:30, 20261201 → 2026-12-01 (anything else is kept and refused by the schema). */
function dateOf(s: string): string {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})/.exec(s.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}` : s;
}

/** "339.20", "1,234.5", "¥80" → fen, exactly (no floating point); NaN when it is not an amount. */
export function yuanToFen(s: string): number {
  const m = /^-?\d+(?:\.\d{1,2})?$/.exec(s.replace(/[¥,\s]/g, ''));
  if (!m) return Number.NaN;
  const [whole, frac = ''] = m[0].replace('-', '').split('.');
  const fen = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  return m[0].startsWith('-') ? -fen : fen;
}

/** The key that makes an invoice one across every record: 全电 by its 20-digit number, others by code and number. */
export const invoiceKeyOf = (i: Pick<InvoiceFields, 'invoiceCode' | 'invoiceNumber'>): string =>
  i.invoiceNumber.length === 20 ? `E${i.invoiceNumber}` : `${i.invoiceCode}-${i.invoiceNumber}`;

/** A card transaction is one by its card and the bank's reference number. */
export const cardPaymentKeyOf = (cardLast4: string, bankRef: string): string => `${cardLast4}-${bankRef}`;

/** A Shanghai wall time (2026-12-01 12:30[:00]) or an ISO time with its offset → the instant; null when neither. */
export function parsePaidAt(s: string): Date | null {
  const local = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(s.trim());
  const d = local ? new Date(`${local[1]}T${local[2]}:${local[3]}:${local[4] ?? '00'}+08:00`) : /[zZ]|[+-]\d{2}:?\d{2}$/.test(s) ? new Date(s) : null;
  return d && !Number.isNaN(d.getTime()) ? d : null;
}

export interface StatementLine { line: number; cardLast4: string; paidAt: string; merchant: string; amount: string; bankRef: string }

/**
 * The bank's 公务卡 statement (CSV, UTF-8, first line the header). Columns found by their header:
 * 交易日期 + 交易时间 (or 交易时间 alone with the date), 卡号 / 卡号末四位, 商户名称, 交易金额, 交易参考号.
 * Returns the lines, or the name of a missing column.
 */
export function parseCardStatement(csv: string): { lines: StatementLine[] } | { missing: string } {
  const rows = csvRows(csv.replace(/^\uFEFF/, '')).filter((r) => r.some((c) => c.trim()));
  const header = (rows[0] ?? []).map((h) => h.trim());
  const col = (...names: string[]) => header.findIndex((h) => names.includes(h));
  const need = { date: col('交易日期', '记账日期'), time: col('交易时间'), card: col('卡号末四位', '卡号'), merchant: col('商户名称', '交易商户'), amount: col('交易金额', '金额'), ref: col('交易参考号', '参考号') };
  const names: Record<string, string> = { date: '交易日期', card: '卡号', merchant: '商户名称', amount: '交易金额', ref: '交易参考号' };
  for (const [k, label] of Object.entries(names)) if (need[k as keyof typeof need] < 0) return { missing: label };
  return {
    lines: rows.slice(1).map((r, i) => {
      const date = (r[need.date] ?? '').trim().replace(/\//g, '-');
      const time = need.time >= 0 ? (r[need.time] ?? '').trim() : '';
      return {
        line: i + 2, cardLast4: (r[need.card] ?? '').replace(/\D/g, '').slice(-4), paidAt: time && !time.includes('-') ? `${date} ${time}` : time || `${date} 00:00`,
        merchant: (r[need.merchant] ?? '').trim(), amount: (r[need.amount] ?? '').trim(), bankRef: (r[need.ref] ?? '').trim(),
      };
    }),
  };
}

/** RFC 4180 rows: quoted fields may hold commas, quotes ("") and line breaks. */
function csvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}
