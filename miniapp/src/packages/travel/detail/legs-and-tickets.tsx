import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text, Image } from '@tarojs/components';
import type { TravelRecord, VehicleLinkKind } from '@shared/travel/travel.schemas';
import { vehicleLinkKindLabel } from '@shared/travel/travel.schemas';
import { linkVehicle } from '../../../services/travel.api';
import { attachPriceScreenshot } from '../../../services/reservations.api';
import { absoluteUrl } from '../../../services/http';
import { errorMessage } from '../../../components/error-block';
import { ChoiceChips, InputField, SubmitButton } from '../../../components/form-field';
import { StatusChip } from '../../../components/status-chip';
import { formatShanghai, formatYuan } from '../../../utils/format';

const seen = (s: string) => (Number.isNaN(Date.parse(s)) ? s : formatShanghai(s, 'MM月dd日 HH:mm'));
const kindOfLeg: Record<string, VehicleLinkKind | undefined> = { official_car: 'trip', nev: 'rental' };

/**
 * The legs of the record, each with the official trips or NEV rentals taken on it (their cost beside the leg
 * that authorised them); a traveller links a trip or rental by its number to a car or NEV leg.
 */
export function LegsWithLinks({ r, canLink, onLinked }: { r: TravelRecord; canLink: boolean; onLinked: (fresh: TravelRecord) => void }) {
  const linkable = [...new Set(r.legs.map((l) => kindOfLeg[l.transport]).filter((k): k is VehicleLinkKind => !!k))];
  const [kind, setKind] = useState<VehicleLinkKind>(linkable[0] ?? 'rental');
  const [subject, setSubject] = useState('');
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);

  async function submit(): Promise<void> {
    const subjectId = Number(subject.trim());
    if (!Number.isInteger(subjectId) || subjectId <= 0) { setFailed(`请填写${kind === 'trip' ? '用车行程' : '租车订单'}号`); return; }
    setBusy(true);
    setFailed(null);
    try { onLinked(await linkVehicle(r.id, { kind, subjectId })); setSubject(''); } catch (e) { setFailed(errorMessage(e)); } finally { setBusy(false); }
  }

  return (
    <View className="card trv-legs travel-legs">
      <Text className="card-title">行程（{r.legs.length} 段）</Text>
      {r.legs.map((l) => (
        <View key={l.seq} className={`trv-leg travel-leg travel-leg-${l.seq}`}>
          <Text className="trv-leg-title">第 {l.seq} 段 {l.fromPlace} — {l.toPlace}（{l.transportLabel}）</Text>
          <Text className="trv-leg-sub">{l.departOn === l.arriveOn ? l.departOn : `${l.departOn} 至 ${l.arriveOn}`}</Text>
          {r.links.filter((x) => x.legSeq === l.seq).map((x) => (
            <View key={x.id} className={`trv-link travel-link travel-link-${x.kind}${x.withinStandard ? '' : ' is-over'}`}>
              <View className="item-head">
                <Text className="trv-link-title">{x.title}</Text>
                <StatusChip label={x.stateLabel} tone={x.state === 'ended' ? 'green' : x.state === 'cancelled' ? 'grey' : 'blue'} hook="link-state" />
              </View>
              <Text className="trv-cost-amount">{x.costFen == null ? '费用待结算' : formatYuan(x.costFen)}</Text>
              <Text className="trv-cost-std">{x.standardText}</Text>
              {x.withinStandard ? null : <Text className="trv-cost-rule">超出批准行程日期（至 {l.arriveOn}）</Text>}
            </View>
          ))}
        </View>
      ))}
      {canLink && linkable.length ? (
        <View className="trv-form travel-link-form">
          <Text className="trv-form-title">关联本次出差的用车</Text>
          <ChoiceChips options={linkable.map((k) => ({ value: k, label: vehicleLinkKindLabel[k] }))} value={kind} onChange={setKind} hook="link-kind" />
          <InputField label={kind === 'trip' ? '用车行程号' : '租车订单号'} hook="link-subject" value={subject} onChange={setSubject} required placeholder="须在批准的该方式行程日期内" />
          {failed ? <View className="form-banner form-banner-error travel-error-link">{failed}</View> : null}
          <SubmitButton text="关联到出差记录" busyText="关联中…" busy={busy} hook="travel-link-submit" onClick={() => void submit()} />
        </View>
      ) : null}
    </View>
  );
}

/**
 * Tickets booked under the record: the fare kind, how paid, and for a market fare the price record kept
 * with the screenshot the traveller saw (optional; a traveller may attach it here if not at booking).
 */
export function TicketList({ r, canAttach, onChanged }: { r: TravelRecord; canAttach: boolean; onChanged: () => void }) {
  const [busy, setBusy] = useState<number | null>(null);
  if (!r.tickets.length) return null;

  async function attach(reservationId: number): Promise<void> {
    try {
      const chosen = await Taro.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: ['album', 'camera'] });
      const path = chosen.tempFilePaths[0];
      if (!path) return;
      setBusy(reservationId);
      await attachPriceScreenshot(reservationId, path);
      void Taro.showToast({ title: '比价截图已保存', icon: 'success' });
      onChanged();
    } catch {
      // Cancelled, or the http client has shown the server's message.
    } finally {
      setBusy(null);
    }
  }

  return (
    <View className="card trv-tickets travel-tickets">
      <Text className="card-title">车票机票（{r.tickets.length}）</Text>
      {r.tickets.map((t) => (
        <View key={t.reservationId} className={`trv-ticket travel-ticket travel-ticket-${t.fareKind}`}>
          <View className="item-head">
            <Text className="trv-link-title">{t.title}</Text>
            <StatusChip label={t.statusLabel} tone="blue" hook="ticket-state" />
          </View>
          <Text className="trv-cost-amount">{formatYuan(t.priceFen)} <Text className="trv-cost-meta">{t.fareKindLabel} · {t.paymentMethodLabel}支付</Text></Text>
          {t.procurementFen != null ? <Text className="trv-cost-std">政府采购机票价格 {formatYuan(t.procurementFen)}{t.fareKind === 'market' ? `，节省 ${formatYuan(t.procurementFen - t.priceFen)}` : ''}</Text> : null}
          {t.priceRecord ? (
            <Text className="trv-cost-meta travel-price-record">
              比价记录：{t.priceRecord.source} {t.priceRecord.flightNo} {formatYuan(t.priceRecord.priceFen)}，{seen(t.priceRecord.seenAt)} 查询{t.priceRecord.quote ? `（${t.priceRecord.quote}）` : ''}
            </Text>
          ) : null}
          {t.priceRecord?.screenshotUrl ? (
            <View className="trv-price-shot travel-price-shot">
              <Text className="trv-cost-meta">比价截图</Text>
              <Image
                className="trv-price-shot-img travel-price-shot-img" src={absoluteUrl(t.priceRecord.screenshotUrl)} mode="aspectFit"
                onClick={() => void Taro.previewImage({ urls: [absoluteUrl(t.priceRecord!.screenshotUrl!)] })}
              />
            </View>
          ) : t.priceRecord && canAttach ? (
            <SubmitButton text="附比价截图" busyText="上传中…" busy={busy === t.reservationId} kind="ghost" hook="travel-price-shot-add" onClick={() => void attach(t.reservationId)} />
          ) : t.priceRecord ? <Text className="trv-cost-meta travel-price-shot-none">未附比价截图</Text> : null}
          <Text className="trv-cost-std">{t.standardText}{t.overStandardRule ? ` · ${t.overStandardRule}` : ''}</Text>
        </View>
      ))}
    </View>
  );
}
