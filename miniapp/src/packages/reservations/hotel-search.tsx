import { useEffect, useState } from 'react';
import { View, Text, Picker, Input } from '@tarojs/components';
import { bookHotel, searchHotels, type HotelOffer } from '../../services/reservations.api';
import { errorMessage } from '../../components/error-block';
import { FormField, InputField, SubmitButton } from '../../components/form-field';
import { StatusChip } from '../../components/status-chip';
import { Loading } from '../../components/loading';
import { Empty } from '../../components/empty';
import { formatYuan } from '../../utils/format';
import { overStandardText, shortDate } from './reservation-display';
import { useBooking, type BookingTarget } from './use-booking';

/** 酒店住宿: designated hotels' room types for the stay, each night's rate with the lodging standard beside it. */
export function HotelSearch({ target, firstDay }: { target: BookingTarget; firstDay: string }) {
  const [checkIn, setCheckIn] = useState(firstDay);
  const [nights, setNights] = useState('1');
  const [rooms, setRooms] = useState('1');
  const [offers, setOffers] = useState<HotelOffer[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [reasons, setReasons] = useState<Record<number, string>>({});
  const booking = useBooking();

  const nightCount = Number(nights);
  const roomCount = Number(rooms);
  const badNights = !Number.isInteger(nightCount) || nightCount < 1 || nightCount > 30 ? '入住 1 至 30 晚' : undefined;
  const badRooms = !Number.isInteger(roomCount) || roomCount < 1 || roomCount > 20 ? '每次 1 至 20 间' : undefined;

  async function search(): Promise<void> {
    if (badNights || badRooms) return;
    setError(null);
    setLoading(true);
    try {
      setOffers(await searchHotels({ ...target, checkIn, nights: nightCount }));
    } catch (e) {
      setOffers(null);
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }

  useEffect(() => { setCheckIn(firstDay); }, [firstDay]);
  useEffect(() => { void search(); }, [target.tripId, target.travelId, checkIn]); // eslint-disable-line react-hooks/exhaustive-deps

  function book(o: HotelOffer, payDifference: boolean): void {
    void booking.book(`hotel-${o.roomTypeId}`, () => bookHotel({
      ...target, roomTypeId: o.roomTypeId, checkIn, nights: nightCount, rooms: roomCount, payDifference, reason: (reasons[o.roomTypeId] ?? '').trim(),
    }));
  }

  return (
    <View className="rsv-search rsv-hotel">
      <View className="card form-card">
        <FormField label="入住日期" hook="hotel-check-in" required>
          <Picker mode="date" value={checkIn} onChange={(e) => setCheckIn(e.detail.value)}>
            <View className="form-picker picker-hotel-check-in">{checkIn}</View>
          </Picker>
        </FormField>
        <View className="rsv-form-pair">
          <InputField label="晚数" hook="hotel-nights" type="number" value={nights} onChange={setNights} unit="晚" error={badNights} required />
          <InputField label="间数" hook="hotel-rooms" type="number" value={rooms} onChange={setRooms} unit="间" error={badRooms} required />
        </View>
        <SubmitButton text="查询房型" busyText="查询中…" busy={loading} onClick={() => void search()} hook="hotel-search" kind="ghost" />
      </View>
      {error ? <View className="form-banner form-banner-error rsv-search-error">{error}</View> : null}
      {loading && !offers ? <Loading /> : null}
      {offers && !offers.length ? <Empty title="没有可订房型" hint="所选日期协议酒店暂无开放房量，可换个日期再查" /> : null}
      {(offers ?? []).map((o) => {
        const key = `hotel-${o.roomTypeId}`;
        const over = !o.withinStandard;
        const personal = (o.totalFen - o.standardTotalFen) * roomCount;
        const soldOut = o.remaining < roomCount;
        return (
          <View key={o.roomTypeId} className={`item-card rsv-offer hotel-offer hotel-offer-${o.roomTypeId}${over ? ' is-over' : ' is-within'}`}>
            <View className="item-head">
              <Text className="item-title">{o.hotelName}「{o.name}」</Text>
              <StatusChip label={over ? '超标准' : '符合标准'} tone={over ? 'orange' : 'green'} hook="offer-standard-chip" />
            </View>
            <View className="rsv-nights">
              {o.nightlyFen.map((n) => (
                <View key={n.night} className={`rsv-night${n.rateFen > n.standardFen ? ' is-over' : ''}`}>
                  <Text className="rsv-night-date">{shortDate(n.night)}</Text>
                  <Text className="rsv-night-rate">{formatYuan(n.rateFen)}/晚</Text>
                  <Text className="rsv-night-std">标准 {formatYuan(n.standardFen)}{n.peak ? <Text className="rsv-peak">旺季上浮 {o.peakUpliftPct}%</Text> : null}</Text>
                  <Text className="rsv-night-left">余 {n.remaining} 间</Text>
                </View>
              ))}
            </View>
            <Text className="item-line item-line-strong rsv-total">
              合计 {formatYuan(o.totalFen * roomCount)}（{nightCount} 晚 × {roomCount} 间）· 标准内 {formatYuan(o.standardTotalFen * roomCount)}
            </Text>
            {over ? (
              <View className="rsv-over">
                <Text className={`rsv-over-rule rsv-over-${o.overStandard}`}>{overStandardText[o.overStandard]}</Text>
                <Text className="rsv-over-pay">也可由本人微信支付超标准差额 {formatYuan(personal)}，单位只按标准结算</Text>
                {o.overStandard === 'approval' ? (
                  <Input className="form-input rsv-reason input-hotel-reason" value={reasons[o.roomTypeId] ?? ''} maxlength={200} placeholder="送审事由（选填），如：会议指定酒店标准间已满"
                    placeholderClass="form-placeholder" onInput={(e) => setReasons({ ...reasons, [o.roomTypeId]: e.detail.value })} />
                ) : null}
              </View>
            ) : null}
            {booking.errorFor(key) ? <View className="form-banner form-banner-error rsv-book-error">{booking.errorFor(key)}</View> : null}
            <View className="item-actions">
              {soldOut ? <Text className="muted rsv-sold-out">房量不足 {roomCount} 间</Text> : over ? (
                <>
                  <SubmitButton text="差额自付预订" busy={booking.busyKey === key} onClick={() => book(o, true)} hook="hotel-book-pay" kind="ghost" />
                  {o.overStandard === 'approval' ? <SubmitButton text="送审批预订" busy={booking.busyKey === key} onClick={() => book(o, false)} hook="hotel-book-approval" /> : null}
                </>
              ) : (
                <SubmitButton text="预订" busyText="预订中…" busy={booking.busyKey === key} onClick={() => book(o, false)} hook="hotel-book" />
              )}
            </View>
          </View>
        );
      })}
    </View>
  );
}
