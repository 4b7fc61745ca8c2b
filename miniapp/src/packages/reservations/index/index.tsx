import { useCallback, useState } from 'react';
import Taro, { useDidShow, useLoad, usePullDownRefresh } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { shanghaiDate } from '@shared/common/time';
import type { Reservation } from '@shared/reservations/reservations.schemas';
import { tripKindLabel, type TripKind } from '@shared/trips/trips.schemas';
import { fetchBookableTrips, fetchReservations, type BookableTrip } from '../../../services/reservations.api';
import { fetchTravel } from '../../../services/travel.api';
import type { TravelRecord } from '@shared/travel/travel.schemas';
import { requireSession } from '../../../services/session.store';
import { Loading } from '../../../components/loading';
import { Empty } from '../../../components/empty';
import { ErrorBlock } from '../../../components/error-block';
import { MessageBell } from '../../../components/message-bell';
import { formatShanghai } from '../../../utils/format';
import { formatWindow } from '../../../utils/trip-display';
import { HotelSearch } from '../hotel-search';
import { DiningSearch } from '../dining-search';
import { TicketSearch } from '../ticket-search';
import { ReservationCard } from '../reservation-card';
import '../../../components/work.css';
import '../reservations.css';

type Tab = 'hotel' | 'dining' | 'ticket' | 'mine';
const tabLabel: Record<Tab, string> = { hotel: '酒店住宿', dining: '公务接待', ticket: '车票机票', mine: '我的预订' };
const tabs: Tab[] = ['hotel', 'dining', 'ticket', 'mine'];

/** The first day a service can be booked for on the trip: its start, or today when it has begun. */
function firstDayOf(trip: BookableTrip): string {
  const today = shanghaiDate(Date.now());
  const start = shanghaiDate(trip.startAt);
  return start < today ? today : start;
}

/**
 * 酒店餐饮票务 (traveller): pick an approved trip, then hotel nights, a reception table or tickets for
 * its legs, each checked against the travel standards; 我的预订 lists what was booked with its status.
 * The supplier operator's tile (?view=orders) leads to their own page.
 */
export default function ReservationsIndex() {
  const [tab, setTab] = useState<Tab>('hotel');
  const [trips, setTrips] = useState<BookableTrip[] | null>(null);
  const [tripId, setTripId] = useState<number | null>(null);
  const [mine, setMine] = useState<Reservation[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  /** Opened from a 出差 record (?travelId=): bookings hang on it, not on an official trip. */
  const [travelId, setTravelId] = useState<number | null>(null);
  const [travel, setTravel] = useState<TravelRecord | null>(null);

  useLoad((params: Record<string, string | undefined>) => {
    if (params.view === 'orders') {
      void Taro.redirectTo({ url: '/packages/reservations/supplier/index' });
      return;
    }
    if (params.tab && (tabs as string[]).includes(params.tab)) setTab(params.tab as Tab);
    if (params.tripId) setTripId(Number(params.tripId));
    if (params.travelId) setTravelId(Number(params.travelId));
  });

  const load = useCallback(async () => {
    setError(null);
    try {
      const [t, m, tr] = await Promise.all([fetchBookableTrips(), fetchReservations('mine'), travelId ? fetchTravel(travelId) : Promise.resolve(null)]);
      setTravel(tr);
      setTrips(t);
      setMine(m);
      setTripId((current) => (current != null && t.some((x) => x.id === current) ? current : t[0]?.id ?? null));
    } catch (e) {
      setError(e);
    }
  }, [travelId]);

  useDidShow(() => { if (requireSession()) void load(); });
  usePullDownRefresh(() => { void load().finally(() => Taro.stopPullDownRefresh()); });

  const trip = travelId ? null : trips?.find((t) => t.id === tripId) ?? null;
  const travelFirstDay = travel ? (travel.startDate < shanghaiDate(Date.now()) ? shanghaiDate(Date.now()) : travel.startDate) : '';
  // Tickets under a 出差: the first train or flight leg still ahead fills the search (mode, cities, day).
  const ticketLeg = travel?.legs.find((l) => (l.transport === 'air' || l.transport === 'train') && l.departOn >= shanghaiDate(Date.now()));
  const ticketPrefill = ticketLeg ? { mode: ticketLeg.transport as 'air' | 'train', from: ticketLeg.fromPlace, to: ticketLeg.toPlace, date: ticketLeg.departOn } : undefined;
  const holding = (mine ?? []).filter((r) => ['pending_approval', 'awaiting_payment', 'awaiting_supplier'].includes(r.status)).length;

  return (
    <View className="page page-with-bar reservations-page">
      <View className="work-header">
        <View>
          <Text className="work-header-title">酒店餐饮票务</Text>
          <Text className="work-header-sub">在已审批的出差、接待行程上预订，按差旅标准核定</Text>
        </View>
        <MessageBell light />
      </View>
      <View className="tabs">
        {tabs.map((t) => (
          <View key={t} className={`tab rsv-tab-${t}${t === tab ? ' is-active' : ''}`} onClick={() => { setTab(t); if (t === 'mine') void load(); }}>
            {tabLabel[t]}{t === 'mine' && holding ? `（${holding}）` : ''}
          </View>
        ))}
      </View>
      {error && !trips ? <ErrorBlock error={error} onRetry={() => void load()} /> : null}
      {!trips && !error ? <Loading /> : null}

      {travel && tab !== 'mine' ? (
        <View className="card rsv-travel">
          <Text className="card-title">预订所属出差</Text>
          <View className={`pick-row rsv-travel-${travel.id} is-active`}>
            <View className="pick-main">
              <Text className="pick-title">{travel.purpose}</Text>
              <Text className="pick-sub">出差 {travel.startDate} 至 {travel.endDate} · {travel.legs.map((l) => l.toPlace).join('、')}</Text>
              <Text className="pick-sub">已批准：{travel.serviceLabels.join('、')}</Text>
            </View>
            <Text className="pick-mark">已选</Text>
          </View>
        </View>
      ) : null}
      {travel && tab === 'hotel' ? <HotelSearch target={{ travelId: travel.id }} firstDay={travelFirstDay} /> : null}
      {travel && tab === 'dining' ? <DiningSearch target={{ travelId: travel.id }} firstDay={travelFirstDay} /> : null}
      {travel && tab === 'ticket' ? <TicketSearch target={{ travelId: travel.id }} firstDay={ticketPrefill?.date ?? travelFirstDay} prefill={ticketPrefill} /> : null}

      {!travelId && trips && tab !== 'mine' ? (
        trips.length ? (
          <View className="card rsv-trips">
            <Text className="card-title">预订所属行程</Text>
            {trips.map((t) => (
              <View key={t.id} className={`pick-row rsv-trip rsv-trip-${t.id}${t.id === tripId ? ' is-active' : ''}`} onClick={() => setTripId(t.id)}>
                <View className="pick-main">
                  <Text className="pick-title">{t.purpose}</Text>
                  <Text className="pick-sub">{tripKindLabel[t.kind as TripKind] ?? t.kind} · {formatWindow(t.startAt, t.endAt, formatShanghai)}</Text>
                  {t.destinationNames.length ? <Text className="pick-sub">目的地 {t.destinationNames.join('、')}</Text> : null}
                </View>
                <Text className="pick-mark">{t.id === tripId ? '已选' : ''}</Text>
              </View>
            ))}
          </View>
        ) : (
          <Empty title="没有可预订的行程" hint="出差、公务接待的用车申请审批通过后，可在这里为其预订酒店、用餐和车票机票"
            actionText="去申请用车" onAction={() => void Taro.navigateTo({ url: '/packages/trips/new/index' })} />
        )
      ) : null}

      {trip && tab === 'hotel' ? <HotelSearch target={{ tripId: trip.id }} firstDay={firstDayOf(trip)} /> : null}
      {trip && tab === 'dining' ? <DiningSearch target={{ tripId: trip.id }} firstDay={firstDayOf(trip)} /> : null}
      {trip && tab === 'ticket' ? <TicketSearch target={{ tripId: trip.id }} firstDay={firstDayOf(trip)} /> : null}

      {tab === 'mine' && mine ? (
        mine.length ? mine.map((r) => (
          <ReservationCard key={r.id} r={r} who="traveller" onClick={() => void Taro.navigateTo({ url: `/packages/reservations/detail/index?id=${r.id}` })} />
        )) : <Empty title="还没有预订" hint="选择已审批的行程，预订酒店、用餐或车票机票" />
      ) : null}
    </View>
  );
}
