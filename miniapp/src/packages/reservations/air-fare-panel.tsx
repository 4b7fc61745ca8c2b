import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text, Image } from '@tarojs/components';
import { AIR_FARE_RULES, ticketPaymentMethodLabel, type FareKind, type TicketPaymentMethod } from '@shared/reservations/reservations.schemas';
import type { Fare } from '../../services/reservations.api';
import { ChoiceChips, InputField, SubmitButton } from '../../components/form-field';
import { formatYuan } from '../../utils/format';
import { yuanToFen } from './reservation-display';

export interface AirChoice { paymentMethod: TicketPaymentMethod; fareKind: FareKind; priceRecord: { source: string; flightNo: string; priceFen: number; seenAt: string; quote: string } | null }

/**
 * 机票预订：按政府采购机票价格或（更低的）市场价格，公务卡支付；选市场价格时登记比价记录（来源、航班、价格、
 * 查询时间），服务端据此核对（AIR_FARE_RULES），不符合的拒绝并说明依据。比价截图可选：预订成功后随订单上传。
 */
export function AirFarePanel({ fare, busy, error, onBook }: { fare: Fare; busy: boolean; error: string | null; onBook: (c: AirChoice, screenshot: string | null) => void }) {
  const [paymentMethod, setPaymentMethod] = useState<TicketPaymentMethod>('official_card');
  const [fareKind, setFareKind] = useState<FareKind>('procurement');
  const [source, setSource] = useState('');
  const [price, setPrice] = useState(fare.marketPriceFen != null ? String(fare.marketPriceFen / 100) : '');
  const [quote, setQuote] = useState('');
  /** The screenshot chosen (a local file), uploaded with the booking once it is made. */
  const [shot, setShot] = useState<string | null>(null);
  const [missing, setMissing] = useState<string | null>(null);
  /** A refusal is about the choices it was made for: changing them hides it until the next try. */
  const [edited, setEdited] = useState(false);
  const choose = <T,>(set: (v: T) => void) => (v: T) => { set(v); setEdited(true); };
  const market = fare.marketPriceFen;

  async function chooseShot(): Promise<void> {
    try {
      const chosen = await Taro.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: ['album', 'camera'] });
      if (chosen.tempFilePaths[0]) setShot(chosen.tempFilePaths[0]);
    } catch {
      // Cancelled: the screenshot stays optional.
    }
  }

  function submit(): void {
    setEdited(false);
    if (fareKind === 'procurement') { onBook({ paymentMethod, fareKind, priceRecord: null }, null); return; }
    const priceFen = yuanToFen(price);
    if (!source.trim() || priceFen == null) { setMissing('请填写比价来源和比价价格'); return; }
    setMissing(null);
    onBook({ paymentMethod, fareKind, priceRecord: { source: source.trim(), flightNo: fare.serviceNo, priceFen, seenAt: new Date().toISOString(), quote: quote.trim() } }, shot);
  }

  return (
    <View className="rsv-air-panel air-fare-panel">
      <Text className="rsv-air-title">{fare.serviceNo} {fare.seatClassLabel}：政府采购价 {formatYuan(fare.priceFen)}{market != null ? `，今日市场价 ${formatYuan(market)}` : ''}</Text>
      <Text className="rsv-air-label">支付方式</Text>
      <ChoiceChips
        options={(['official_card', 'unit_statement', 'personal'] as const).map((m) => ({ value: m, label: ticketPaymentMethodLabel[m] }))}
        value={paymentMethod} onChange={choose(setPaymentMethod)} hook="air-payment"
      />
      <Text className="rsv-air-rule">{AIR_FARE_RULES.official_card.title}（{AIR_FARE_RULES.official_card.source.split('：')[0]}）</Text>
      <Text className="rsv-air-label">票价</Text>
      <ChoiceChips
        options={[{ value: 'procurement' as const, label: `政府采购价 ${formatYuan(fare.priceFen)}` }, { value: 'market' as const, label: `市场价格${market != null ? ` ${formatYuan(market)}` : ''}` }]}
        value={fareKind} onChange={choose(setFareKind)} hook="air-fare-kind"
      />
      {fareKind === 'market' ? (
        <View className="rsv-air-record price-record-form">
          <Text className="rsv-air-rule">{AIR_FARE_RULES.market_fare_record.title}：须低于政府采购价，并保留比价记录备查</Text>
          <InputField label="比价来源" hook="price-record-source" value={source} onChange={setSource} required placeholder="如：航空公司官网" />
          <InputField label="比价价格（元）" hook="price-record-price" value={price} onChange={setPrice} required placeholder="如：680" />
          <InputField label="截图或报价说明" hook="price-record-quote" value={quote} onChange={setQuote} placeholder="如：官网经济舱报价截图" />
          <Text className="muted">比价航班 {fare.serviceNo}，查询时间按提交时记录</Text>
          <View className="rsv-air-shot price-record-shot">
            {shot ? <Image className="rsv-air-shot-img price-record-shot-img" src={shot} mode="aspectFit" /> : null}
            <SubmitButton text={shot ? '更换比价截图' : '附比价截图（可选）'} busyText="…" busy={false} kind="ghost" hook="price-record-shot-pick" onClick={() => void chooseShot()} />
          </View>
        </View>
      ) : null}
      {missing ? <View className="form-banner form-banner-error">{missing}</View> : null}
      {error && !edited ? <View className="form-banner form-banner-error rsv-book-error air-fare-error">{error}</View> : null}
      <SubmitButton text="确认预订" busyText="预订中…" busy={busy} hook="air-fare-confirm" onClick={submit} />
    </View>
  );
}
