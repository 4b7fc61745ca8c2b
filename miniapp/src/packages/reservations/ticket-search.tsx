import { useEffect, useState } from 'react';
import { View, Text, Picker } from '@tarojs/components';
import { ticketModeLabel, ticketModes, type TicketMode } from '@shared/reservations/reservations.schemas';
import { attachPriceScreenshot, bookTicket, searchFares, type Fare } from '../../services/reservations.api';
import { errorMessage } from '../../components/error-block';
import { ChoiceChips, FormField, InputField, SubmitButton } from '../../components/form-field';
import { Loading } from '../../components/loading';
import { Empty } from '../../components/empty';
import { formatYuan } from '../../utils/format';
import { clockOf, overStandardText } from './reservation-display';
import { useBooking, type BookingTarget } from './use-booking';
import { AirFarePanel } from './air-fare-panel';

/** 车票机票: trains and flights of a leg, each seat class with whether the traveller's rank may take it. */
export function TicketSearch({ target, firstDay, prefill }: { target: BookingTarget; firstDay: string; prefill?: { mode: TicketMode; from: string; to: string } }) {
  const [mode, setMode] = useState<TicketMode>(prefill?.mode ?? 'train');
  const [from, setFrom] = useState(prefill?.from ?? '石家庄');
  const [to, setTo] = useState(prefill?.to ?? '');
  const [date, setDate] = useState(firstDay);
  const [fares, setFares] = useState<Fare[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [missing, setMissing] = useState<{ from?: string; to?: string }>({});
  const booking = useBooking();
  /** Air: the fare whose payment and fare kind (procurement or market with its price record) are being chosen. */
  const [chosen, setChosen] = useState<string | null>(null);

  useEffect(() => { setDate(firstDay); }, [firstDay]);
  useEffect(() => { setFares(null); }, [target.tripId, target.travelId, mode]);

  async function search(): Promise<void> {
    const m = { from: from.trim() ? undefined : '请填写出发城市', to: to.trim() ? undefined : '请填写到达城市' };
    setMissing(m);
    if (m.from || m.to) return;
    setError(null);
    setLoading(true);
    try {
      setFares(await searchFares({ ...target, mode, from: from.trim(), to: to.trim(), date }));
    } catch (e) {
      setFares(null);
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  }

  const services = [...new Set((fares ?? []).map((f) => f.serviceNo))];
  const standard = fares?.[0]?.standardText;
  return (
    <View className="rsv-search rsv-ticket">
      <View className="card form-card">
        <FormField label="交通方式" hook="ticket-mode" required>
          <ChoiceChips options={ticketModes.map((m) => ({ value: m, label: ticketModeLabel[m] }))} value={mode} onChange={setMode} hook="ticket-mode" />
        </FormField>
        <View className="rsv-form-pair">
          <InputField label="出发" hook="ticket-from" value={from} onChange={setFrom} placeholder="如：石家庄" error={missing.from} required />
          <InputField label="到达" hook="ticket-to" value={to} onChange={setTo} placeholder="如：北京" error={missing.to} required />
        </View>
        <FormField label="出发日期" hook="ticket-date" required>
          <Picker mode="date" value={date} onChange={(e) => setDate(e.detail.value)}>
            <View className="form-picker picker-ticket-date">{date}</View>
          </Picker>
        </FormField>
        <SubmitButton text={`查询${mode === 'train' ? '车次' : '航班'}`} busyText="查询中…" busy={loading} onClick={() => void search()} hook="ticket-search" kind="ghost" />
      </View>
      {error ? <View className="form-banner form-banner-error rsv-search-error">{error}</View> : null}
      {loading && !fares ? <Loading /> : null}
      {standard ? <View className="form-banner rsv-ticket-standard">您的职级可乘坐：{standard.replace(/^标准\s*/, '')}</View> : null}
      {fares && !fares.length ? <Empty title={`没有查到${mode === 'train' ? '车次' : '航班'}`} hint="请核对出发、到达城市和日期" /> : null}
      {services.map((no) => {
        const rows = (fares ?? []).filter((f) => f.serviceNo === no);
        return (
          <View key={no} className={`item-card rsv-offer fare-service fare-service-${no}`}>
            <View className="item-head">
              <Text className="item-title">{no} <Text className="muted">{rows[0]!.from} {clockOf(rows[0]!.departAt)} 开 → {rows[0]!.to}</Text></Text>
            </View>
            {rows.map((f) => {
              const key = `fare-${no}-${f.seatClass}`;
              return (
                <View key={f.seatClass} className={`rsv-fare fare-${f.seatClass}${f.allowed ? ' is-within' : ' is-over'}`}>
                  <View className="rsv-fare-main">
                    <Text className="rsv-fare-class">{f.seatClassLabel}</Text>
                    <Text className="rsv-fare-price">{formatYuan(f.priceFen)}</Text>
                    {f.marketPriceFen != null ? <Text className={`rsv-fare-market ${f.marketPriceFen < f.priceFen ? 'is-cheaper' : ''}`}>市场价 {formatYuan(f.marketPriceFen)}</Text> : null}
                    <Text className="rsv-fare-left">余 {f.seats} 张</Text>
                  </View>
                  <View className="rsv-fare-side">
                    <Text className={`rsv-fare-std ${f.allowed ? 'is-within' : 'is-over'}`}>{f.allowed ? '可乘坐' : f.overStandard === 'approval' ? '超等级·需审批' : '超等级·不可订'}</Text>
                    {f.allowed || f.overStandard === 'approval' ? (
                      <SubmitButton
                        text={f.allowed ? '预订' : '送审'} busyText="…" busy={booking.busyKey === key} kind={f.allowed ? 'primary' : 'ghost'} hook={`fare-book fare-book-${f.seatClass}`}
                        onClick={() => (f.mode === 'air' ? setChosen(chosen === key ? null : key) : void booking.book(key, () => bookTicket({
                          ...target, agentId: f.agentId, mode: f.mode, serviceNo: f.serviceNo, date: f.date, from: f.from, to: f.to, seatClass: f.seatClass, reason: '', fareKind: 'procurement', priceRecord: null,
                        })))}
                      />
                    ) : null}
                  </View>
                  {f.mode === 'air' && chosen === key ? (
                    <AirFarePanel
                      fare={f} busy={booking.busyKey === key} error={booking.errorFor(key)}
                      onBook={(c, shot) => void booking.book(key, async () => {
                        const r = await bookTicket({
                          ...target, agentId: f.agentId, mode: f.mode, serviceNo: f.serviceNo, date: f.date, from: f.from, to: f.to, seatClass: f.seatClass, reason: '', ...c,
                        });
                        // The booking stands without its screenshot: a failed upload is toasted by the client, the booking still opens.
                        return shot ? attachPriceScreenshot(r.id, shot).catch(() => r) : r;
                      })}
                    />
                  ) : booking.errorFor(key) ? <View className="form-banner form-banner-error rsv-book-error">{booking.errorFor(key)}</View> : null}
                </View>
              );
            })}
            {rows.some((f) => !f.allowed) ? <Text className="item-line rsv-fare-note">{overStandardText[rows[0]!.overStandard]}</Text> : null}
          </View>
        );
      })}
    </View>
  );
}
