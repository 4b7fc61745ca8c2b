import { useEffect, useState } from 'react';
import { View, Text, Picker, Input } from '@tarojs/components';
import { diningSlotLabel, diningSlots, type DiningSlot } from '@shared/reservations/reservations.schemas';
import { bookDining, searchDining, type DiningOffer } from '../../services/reservations.api';
import { errorMessage } from '../../components/error-block';
import { ChoiceChips, FormField, InputField, SubmitButton } from '../../components/form-field';
import { StatusChip } from '../../components/status-chip';
import { Loading } from '../../components/loading';
import { Empty } from '../../components/empty';
import { formatYuan } from '../../utils/format';
import { overStandardText } from './reservation-display';
import { useBooking, type BookingTarget } from './use-booking';

/** 陪餐 allowed (中办发〔2013〕22号): 10 guests or fewer → the table's small number; more → a third of the guests. */
const maxHosts = (o: DiningOffer, guests: number): number => (guests <= 10 ? o.maxHostsSmall : Math.floor(guests / 3));

/** 公务接待: a table for a reception — restaurant, slot, head count, the per-person cap beside each price. */
export function DiningSearch({ target, firstDay }: { target: BookingTarget; firstDay: string }) {
  const [date, setDate] = useState(firstDay);
  const [slot, setSlot] = useState<DiningSlot>('lunch');
  const [guests, setGuests] = useState('4');
  const [hosts, setHosts] = useState('2');
  const [offers, setOffers] = useState<DiningOffer[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const booking = useBooking();

  const g = Number(guests);
  const h = Number(hosts);
  const badGuests = !Number.isInteger(g) || g < 1 || g > 100 ? '接待对象 1 至 100 人' : undefined;
  const badHosts = !Number.isInteger(h) || h < 0 || h > 50 ? '陪餐 0 至 50 人' : undefined;

  async function search(): Promise<void> {
    setError(null);
    setLoading(true);
    try {
      setOffers(await searchDining({ ...target, date, slot }));
    } catch (e) {
      setOffers(null);
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }

  useEffect(() => { setDate(firstDay); }, [firstDay]);
  useEffect(() => { void search(); }, [target.tripId, target.travelId, date, slot]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <View className="rsv-search rsv-dining">
      <View className="card form-card">
        <FormField label="用餐日期" hook="dining-date" required>
          <Picker mode="date" value={date} onChange={(e) => setDate(e.detail.value)}>
            <View className="form-picker picker-dining-date">{date}</View>
          </Picker>
        </FormField>
        <FormField label="餐段" hook="dining-slot" required>
          <ChoiceChips options={diningSlots.map((s) => ({ value: s, label: diningSlotLabel[s] }))} value={slot} onChange={setSlot} hook="dining-slot" />
        </FormField>
        <View className="rsv-form-pair">
          <InputField label="接待对象" hook="dining-guests" type="number" value={guests} onChange={setGuests} unit="人" error={badGuests} required />
          <InputField label="陪餐人员" hook="dining-hosts" type="number" value={hosts} onChange={setHosts} unit="人" error={badHosts} required />
        </View>
      </View>
      {error ? <View className="form-banner form-banner-error rsv-search-error">{error}</View> : null}
      {loading && !offers ? <Loading /> : null}
      {offers && !offers.length ? <Empty title="该餐段暂无可订餐位" hint="可换个日期或餐段再查" /> : null}
      {(offers ?? []).map((o) => {
        const key = `dining-${o.menuId}`;
        const heads = (badGuests || badHosts) ? 0 : g + h;
        const tables = heads ? Math.ceil(heads / o.seatsPerTable) : 0;
        const hostsOver = !badGuests && !badHosts && h > maxHosts(o, g);
        const over = !o.withinStandard || hostsOver;
        const noRoom = tables > o.tablesLeft;
        return (
          <View key={o.menuId} className={`item-card rsv-offer dining-offer dining-offer-${o.menuId}${over ? ' is-over' : ' is-within'}`}>
            <View className="item-head">
              <Text className="item-title">{o.restaurantName}「{o.name}」</Text>
              <StatusChip label={over ? '超标准' : '符合标准'} tone={over ? 'orange' : 'green'} hook="offer-standard-chip" />
            </View>
            <View className="rsv-price-row">
              <Text className="rsv-price">{formatYuan(o.perPersonFen)}/人</Text>
              <Text className={`rsv-std${o.withinStandard ? '' : ' is-over'}`}>{o.standardText}</Text>
            </View>
            <Text className="item-line">每桌 {o.seatsPerTable} 人 · 该餐段余 {o.tablesLeft} 桌 · 陪餐最多 {badGuests ? '—' : maxHosts(o, g)} 人</Text>
            {heads ? <Text className="item-line item-line-strong rsv-total">{heads} 人 {tables} 桌 · 合计 {formatYuan(o.perPersonFen * heads)}</Text> : null}
            {over ? (
              <View className="rsv-over">
                <Text className={`rsv-over-rule rsv-over-${o.overStandard}`}>{overStandardText[o.overStandard]}</Text>
                {hostsOver ? <Text className="rsv-over-pay">陪餐 {h} 人超过规定的 {maxHosts(o, g)} 人</Text> : null}
                {o.overStandard === 'approval' ? (
                  <Input className="form-input rsv-reason input-dining-reason" value={reason} maxlength={200} placeholder="送审事由（选填）"
                    placeholderClass="form-placeholder" onInput={(e) => setReason(e.detail.value)} />
                ) : null}
              </View>
            ) : null}
            {booking.errorFor(key) ? <View className="form-banner form-banner-error rsv-book-error">{booking.errorFor(key)}</View> : null}
            <View className="item-actions">
              {noRoom ? <Text className="muted rsv-sold-out">餐位不足 {tables} 桌</Text> : over && o.overStandard === 'refuse' ? (
                <Text className="muted rsv-refused">超出标准，不能预订</Text>
              ) : (
                <SubmitButton
                  text={over ? '送审批预订' : '预订餐位'} busyText="预订中…" busy={booking.busyKey === key} hook={over ? 'dining-book-approval' : 'dining-book'}
                  onClick={() => { if (heads) void booking.book(key, () => bookDining({ ...target, menuId: o.menuId, date, slot, guests: g, hosts: h, reason: reason.trim() })); }}
                />
              )}
            </View>
          </View>
        );
      })}
    </View>
  );
}
