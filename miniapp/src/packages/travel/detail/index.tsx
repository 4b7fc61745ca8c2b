import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow, useLoad, usePullDownRefresh } from '@tarojs/taro';
import { View, Text, Textarea, Picker } from '@tarojs/components';
import { shanghaiDate } from '@shared/common/time';
import { invoiceCategories, invoiceCategoryLabel, type InvoiceCategory, type TravelRecord } from '@shared/travel/travel.schemas';
import { attachCardPayment, attachInvoice, downloadTravelExcel, fetchTravel, importCardStatement } from '../../../services/travel.api';
import { getCachedUser } from '../../../services/session.store';
import { requireSession } from '../../../services/session.store';
import { Loading } from '../../../components/loading';
import { ErrorBlock, errorMessage } from '../../../components/error-block';
import { InfoRow } from '../../../components/info-row';
import { StatusChip } from '../../../components/status-chip';
import { ChoiceChips, FormField, InputField, SubmitButton } from '../../../components/form-field';
import { formatShanghai, formatYuan } from '../../../utils/format';
import { travelStatusTone, yuanInput } from '../travel-display';
import { LegsWithLinks, TicketList } from './legs-and-tickets';
import '../../../components/work.css';
import '../travel.css';

type Busy = 'invoice' | 'card' | 'statement' | 'export' | null;

/**
 * 出差记录: one record from approval to reimbursement — the application (legs, people, what it authorises,
 * the 公函), booking under it, every cost beside its travel standard (over-standard marked with its
 * approval), invoices (entered or the e-invoice XML; the same invoice twice is refused naming the earlier
 * record) and 公务卡 payments (entered or the bank's CSV statement), the sums; finance exports the 报销单.
 */
export default function TravelDetail() {
  const [id, setId] = useState<number | null>(null);
  const [r, setR] = useState<TravelRecord | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [failed, setFailed] = useState<{ where: Busy; message: string } | null>(null);
  const me = getCachedUser();

  // 发票
  const [category, setCategory] = useState<InvoiceCategory>('hotel');
  const [forCost, setForCost] = useState<number>(0);
  const [invoiceCode, setInvoiceCode] = useState('');
  const [invoiceNumber, setInvoiceNumber] = useState('');
  const [issuedOn, setIssuedOn] = useState(shanghaiDate(Date.now()));
  const [sellerName, setSellerName] = useState('');
  const [buyerTaxId, setBuyerTaxId] = useState('');
  const [amount, setAmount] = useState('');
  const [tax, setTax] = useState('');
  const [xml, setXml] = useState('');
  // 公务卡
  const [cardLast4, setCardLast4] = useState('');
  const [paidAt, setPaidAt] = useState('');
  const [merchant, setMerchant] = useState('');
  const [cardAmount, setCardAmount] = useState('');
  const [bankRef, setBankRef] = useState('');
  const [csv, setCsv] = useState('');

  useLoad((params: Record<string, string | undefined>) => { setId(Number(params.id)); });
  const load = useCallback(async () => {
    if (!id) return;
    setError(null);
    try { setR(await fetchTravel(id)); } catch (e) { setError(e); }
  }, [id]);
  useEffect(() => { void load(); }, [load]);
  useDidShow(() => { if (requireSession() && r) void load(); });
  usePullDownRefresh(() => { void load().finally(() => Taro.stopPullDownRefresh()); });

  if (error && !r) return <View className="page"><ErrorBlock error={error} onRetry={() => void load()} /></View>;
  if (!r) return <View className="page"><Loading /></View>;

  const party = !!me && r.travellers.some((t) => t.userId === me.id);
  const finance = !!me && (me.roles.includes('finance') || me.roles.includes('platform_admin'));
  const approved = r.status === 'approved';
  const bookings = r.costs.filter((c) => c.kind === 'booking');

  async function act(where: Exclude<Busy, null>, work: () => Promise<TravelRecord | void>, done: string): Promise<void> {
    if (busy) return;
    setFailed(null);
    setBusy(where);
    try {
      const fresh = await work();
      if (fresh) setR(fresh);
      if (done) void Taro.showToast({ title: done, icon: 'success' });
    } catch (e) {
      setFailed({ where, message: errorMessage(e) });
    } finally {
      setBusy(null);
    }
  }

  function submitInvoice(): void {
    const reservationId = forCost ? forCost : null;
    if (xml.trim()) {
      void act('invoice', () => attachInvoice(r!.id, { category, reservationId, xml: xml.trim() }), '发票已提交');
      return;
    }
    const amountFen = yuanInput(amount);
    const taxFen = yuanInput(tax || '0');
    if (amountFen == null || taxFen == null) { setFailed({ where: 'invoice', message: '金额、税额请填写数字，最多两位小数' }); return; }
    void act('invoice', () => attachInvoice(r!.id, {
      category, reservationId, invoice: {
        invoiceCode: invoiceCode.trim() || null, invoiceNumber: invoiceNumber.trim(), issuedOn, sellerName: sellerName.trim(), sellerTaxId: null,
        buyerTaxId: buyerTaxId.trim().toUpperCase(), amountFen, taxFen,
      },
    }), '发票已提交');
  }

  function submitCard(): void {
    const amountFen = yuanInput(cardAmount);
    if (amountFen == null) { setFailed({ where: 'card', message: '交易金额请填写数字，最多两位小数' }); return; }
    void act('card', () => attachCardPayment(r!.id, { cardLast4: cardLast4.trim(), paidAt: paidAt.trim(), merchant: merchant.trim(), amountFen, bankRef: bankRef.trim() }), '已登记');
  }

  const errorAt = (where: Busy) => (failed?.where === where ? <View className={`form-banner form-banner-error travel-error-${where}`}>{failed.message}</View> : null);

  return (
    <View className="page travel-detail">
      <View className="card travel-head">
        <View className="item-head">
          <Text className="item-title">{r.purpose}</Text>
          <StatusChip label={r.statusLabel} tone={travelStatusTone[r.status]} hook="travel-status" />
        </View>
        <InfoRow label="出差人" value={`${r.travellers.map((t) => t.name).join('、')}（${r.rankLabel}）`} />
        <InfoRow label="单位" value={r.unitName} />
        <InfoRow label="日期" value={`${r.startDate} 至 ${r.endDate}，共 ${r.days} 天`} />
        <InfoRow label="批准事项" value={r.serviceLabels.join('、')} hook="travel-services" />
        {r.reception ? <InfoRow label="接待公函" value={`${r.reception.letterFrom} ${r.reception.letterNo}（接待 ${r.reception.guests} 人、陪餐 ${r.reception.hosts} 人）`} /> : null}
        {r.status === 'pending' ? <Text className="muted travel-next">已送事务审批，批准后可预订酒店、用餐和车票，并提交发票。</Text> : null}
        {approved && party ? (
          <View className="trv-actions">
            {r.services.includes('hotel') ? <SubmitButton text="预订酒店" kind="ghost" busy={false} hook="travel-book-hotel" onClick={() => void Taro.navigateTo({ url: `/packages/reservations/index/index?travelId=${r.id}&tab=hotel` })} /> : null}
            {r.services.includes('dining') ? <SubmitButton text="预订接待用餐" kind="ghost" busy={false} hook="travel-book-dining" onClick={() => void Taro.navigateTo({ url: `/packages/reservations/index/index?travelId=${r.id}&tab=dining` })} /> : null}
            {r.services.includes('ticket') ? <SubmitButton text="预订车票机票" kind="ghost" busy={false} hook="travel-book-ticket" onClick={() => void Taro.navigateTo({ url: `/packages/reservations/index/index?travelId=${r.id}&tab=ticket` })} /> : null}
          </View>
        ) : null}
      </View>

      <LegsWithLinks r={r} canLink={approved && party} onLinked={setR} />
      <TicketList r={r} canAttach={party} onChanged={() => void load()} />

      <View className="card trv-totals">
        <Text className="card-title">费用合计</Text>
        <InfoRow label="费用合计" value={formatYuan(r.totals.costFen)} hook="travel-total-cost" />
        <InfoRow label="供应商月结" value={formatYuan(r.totals.statementFen)} hook="travel-total-statement" />
        <InfoRow label="应报销" value={formatYuan(r.totals.reimburseFen)} hook="travel-total-reimburse" />
        <InfoRow label="超标准" value={`${r.totals.overStandardCount} 项 ${formatYuan(r.totals.overStandardFen)}`} hook="travel-total-over" />
        <InfoRow label="发票" value={`${r.invoices.length} 张，价税合计 ${formatYuan(r.totals.invoiceTotalFen)}`} hook="travel-total-invoices" />
        <InfoRow label="公务卡" value={`${r.cardPayments.length} 笔 ${formatYuan(r.totals.cardPaidFen)}${r.totals.cardUnmatchedCount ? `，${r.totals.cardUnmatchedCount} 笔未匹配` : ''}`} hook="travel-total-card" />
        {finance ? (
          <>
            {errorAt('export')}
            <SubmitButton text="导出差旅费报销单（Excel）" busyText="导出中…" busy={busy === 'export'} hook="travel-export" onClick={() => void act('export', () => downloadTravelExcel(r.id), '')} />
          </>
        ) : null}
      </View>

      <Text className="section-title trv-section">费用与差旅标准</Text>
      {r.costs.map((c) => (
        <View key={c.key} className={`item-card trv-cost travel-cost-${c.key.replace(':', '-')}${c.withinStandard ? '' : ' is-over'}`}>
          <View className="item-head">
            <Text className="item-title">{c.categoryLabel}</Text>
            <StatusChip label={c.withinStandard ? '符合标准' : '超标准'} tone={c.withinStandard ? 'green' : 'orange'} hook="cost-standard-chip" />
          </View>
          <Text className="item-line">{c.title}</Text>
          <Text className="trv-cost-amount">{formatYuan(c.amountFen)}{c.personalFen ? <Text className="trv-cost-meta">（个人自付 {formatYuan(c.personalFen)}）</Text> : null}</Text>
          <Text className="trv-cost-std cost-standard">{c.standardText}</Text>
          {c.overStandardRule ? <Text className="trv-cost-rule cost-rule">{c.overStandardRule}</Text> : null}
          {c.approval ? <Text className="trv-cost-meta cost-approval">超标准审批 {c.approval.id}：{c.approval.statusLabel}</Text> : null}
          <Text className="trv-cost-meta">{c.statusLabel} · {c.paidByLabel}{c.invoiceNumbers.length ? ` · 发票 ${c.invoiceNumbers.join('、')}` : ''}</Text>
        </View>
      ))}

      <View className="card travel-invoices">
        <Text className="card-title">发票（{r.invoices.length}）</Text>
        {r.invoices.map((i) => (
          <Text key={i.id} className="trv-row-line travel-invoice">
            {i.categoryLabel} · {i.invoiceCode ? `${i.invoiceCode} ` : '全电 '}{i.invoiceNumber} · {formatYuan(i.totalFen)}
            <Text className="trv-row-sub">{i.sellerName} · {i.issuedOn} · 税额 {formatYuan(i.taxFen)} · {i.submittedByName}{i.source === 'xml' ? ' · 电子发票文件' : ''}</Text>
          </Text>
        ))}
        {approved && party ? (
          <View className="trv-form travel-invoice-form">
            <Text className="trv-form-title">提交发票</Text>
            <FormField label="费用类别" hook="invoice-category" required>
              <ChoiceChips options={invoiceCategories.map((k) => ({ value: k, label: invoiceCategoryLabel[k] }))} value={category} onChange={setCategory} hook="invoice-category" />
            </FormField>
            {bookings.length ? (
              <FormField label="对应预订" hook="invoice-booking">
                <ChoiceChips options={[{ value: 0, label: '无' }, ...bookings.map((b) => ({ value: Number(b.key.split(':')[1]), label: `${b.categoryLabel.replace('（预订）', '')} ${formatYuan(b.amountFen)}` }))]} value={forCost} onChange={setForCost} hook="invoice-booking" />
              </FormField>
            ) : null}
            <View className="trv-pair">
              <InputField label="发票代码" hook="invoice-code" value={invoiceCode} onChange={setInvoiceCode} placeholder="全电发票不填" />
              <InputField label="发票号码" hook="invoice-number" value={invoiceNumber} onChange={setInvoiceNumber} required placeholder="8 位或 20 位" />
            </View>
            <FormField label="开票日期" hook="invoice-date" required>
              <Picker mode="date" value={issuedOn} onChange={(e) => setIssuedOn(e.detail.value)}><View className="form-picker">{issuedOn}</View></Picker>
            </FormField>
            <InputField label="销售方" hook="invoice-seller" value={sellerName} onChange={setSellerName} required placeholder="如：河北宾馆" />
            <InputField label="购买方税号" hook="invoice-buyer" value={buyerTaxId} onChange={setBuyerTaxId} required placeholder="本单位统一社会信用代码" />
            <View className="trv-pair">
              <InputField label="金额" hook="invoice-amount" type="digit" value={amount} onChange={setAmount} unit="元" required placeholder="不含税" />
              <InputField label="税额" hook="invoice-tax" type="digit" value={tax} onChange={setTax} unit="元" />
            </View>
            <FormField label="或电子发票 XML" hook="invoice-xml" hint="粘贴数电票或增值税电子普通发票的 XML 内容，自动识别">
              <Textarea className="trv-textarea input-invoice-xml" value={xml} maxlength={200000} placeholder="<EInvoice>…" placeholderClass="form-placeholder" onInput={(e) => setXml(e.detail.value)} />
            </FormField>
            {errorAt('invoice')}
            <SubmitButton text="提交发票" busy={busy === 'invoice'} hook="invoice-submit" onClick={submitInvoice} />
          </View>
        ) : null}
      </View>

      <View className="card travel-cards">
        <Text className="card-title">公务卡支付（{r.cardPayments.length}）</Text>
        {r.cardPayments.map((p) => (
          <Text key={p.id} className="trv-row-line travel-card-payment">
            尾号 {p.cardLast4} · {p.merchant} · {formatYuan(p.amountFen)}
            <Text className="trv-row-sub">{formatShanghai(p.paidAt, 'yyyy-MM-dd HH:mm')} · 参考号 {p.bankRef} · {p.matchedCostTitle ? `对应：${p.matchedCostTitle}` : '未匹配费用'}{p.source === 'statement' ? ' · 对账单导入' : ''}</Text>
          </Text>
        ))}
        {approved && party ? (
          <View className="trv-form travel-card-form">
            <Text className="trv-form-title">登记公务卡支付</Text>
            <View className="trv-pair">
              <InputField label="卡号末四位" hook="card-last4" type="number" value={cardLast4} onChange={setCardLast4} required />
              <InputField label="交易时间" hook="card-paid-at" value={paidAt} onChange={setPaidAt} required placeholder="2026-12-01 12:30" />
            </View>
            <InputField label="商户" hook="card-merchant" value={merchant} onChange={setMerchant} required />
            <View className="trv-pair">
              <InputField label="金额" hook="card-amount" type="digit" value={cardAmount} onChange={setCardAmount} unit="元" required />
              <InputField label="交易参考号" hook="card-ref" value={bankRef} onChange={setBankRef} required />
            </View>
            {errorAt('card')}
            <SubmitButton text="登记" busy={busy === 'card'} hook="card-submit" onClick={submitCard} />
            <FormField label="或导入银行对账单" hook="card-statement" hint="CSV：交易日期、交易时间、卡号、商户名称、交易金额、交易参考号；只导入出差期间的交易">
              <Textarea className="trv-textarea input-card-statement" value={csv} maxlength={500000} placeholder="交易日期,交易时间,卡号,…" placeholderClass="form-placeholder" onInput={(e) => setCsv(e.detail.value)} />
            </FormField>
            {errorAt('statement')}
            <SubmitButton text="导入对账单" kind="ghost" busy={busy === 'statement'} hook="card-statement-submit" onClick={() => void act('statement', async () => {
              const res = await importCardStatement(r.id, csv);
              void Taro.showToast({ title: `导入 ${res.imported} 笔`, icon: 'success' });
              return res.record;
            }, '')} />
          </View>
        ) : null}
      </View>
    </View>
  );
}
