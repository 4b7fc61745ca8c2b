import { useState } from 'react';
import { View, Text, Picker } from '@tarojs/components';
import { addShanghaiDays } from '@shared/common/time';
import { diningSlotLabel, diningSlots, type DiningSlot } from '@shared/reservations/reservations.schemas';
import { setRoomNights, setTables, type Inventory } from '../../services/reservations.api';
import { ChoiceChips, FormField, InputField, SubmitButton } from '../../components/form-field';
import { Empty } from '../../components/empty';
import { formatYuan } from '../../utils/format';
import { yuanTextToFen } from '../../utils/trip-display';
import { shortDate } from './reservation-display';

/** Days of inventory shown under the form. */
const SHOWN_DAYS = 14;

/** 库存: a hotel's rooms and rate per night per room type; a restaurant's tables per slot; a ticket agent's come from its system. */
export function InventoryPanel({ inventory, onChange }: { inventory: Inventory; onChange: (inv: Inventory) => void }) {
  const today = addShanghaiDays(Date.now(), 0);
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(addShanghaiDays(Date.now(), 6));
  const [roomTypeId, setRoomTypeId] = useState<number>(inventory.roomTypes[0]?.id ?? 0);
  const [rooms, setRooms] = useState('');
  const [rate, setRate] = useState('');
  const [slot, setSlot] = useState<DiningSlot>('lunch');
  const [tables, setTablesText] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);

  const lastShown = addShanghaiDays(Date.now(), SHOWN_DAYS - 1);
  const rows = inventory.rows.filter((r) => r.date <= lastShown);
  const days = [...new Set(rows.map((r) => r.date))];

  async function save(): Promise<void> {
    const e: Record<string, string> = {};
    const count = Number(inventory.kind === 'hotel' ? rooms : tables);
    if (!Number.isInteger(count) || count < 0 || (inventory.kind === 'hotel' ? rooms : tables).trim() === '') e.count = inventory.kind === 'hotel' ? '请填写每晚房量（0 至 999 间）' : '请填写桌数（0 至 200 桌）';
    const rateFen = yuanTextToFen(rate);
    if (inventory.kind === 'hotel') {
      if (!roomTypeId) e.roomType = '请选择房型';
      if (!rate.trim() || Number.isNaN(rateFen) || rateFen <= 0) e.rate = '请填写房价（元，最多两位小数）';
      if (to < from) e.to = '结束日期不能早于开始日期';
    }
    setErrors(e);
    setSaved(null);
    if (Object.keys(e).length) return;
    setBusy(true);
    try {
      if (inventory.kind === 'hotel') {
        onChange(await setRoomNights({ roomTypeId, from, to, rooms: count, rateFen }));
        setSaved(`已设置 ${inventory.roomTypes.find((t) => t.id === roomTypeId)?.name ?? ''} ${from} 至 ${to} 每晚 ${count} 间、${formatYuan(rateFen)}/晚`);
      } else {
        onChange(await setTables({ date: from, slot, tables: count }));
        setSaved(`已设置 ${from} ${diningSlotLabel[slot]} ${count} 桌`);
      }
    } catch {
      // The server's message was shown by the http client.
    } finally {
      setBusy(false);
    }
  }

  if (inventory.kind === 'ticket') {
    return <Empty title="车次航班与余票由票务系统提供" hint="出行人查询时实时获取票价与余票；本页处理待出票的预订" />;
  }
  const hotel = inventory.kind === 'hotel';
  return (
    <View className="rsv-inventory">
      <View className="card form-card">
        <Text className="form-card-title">{hotel ? '设置房量与房价' : '设置餐位'}</Text>
        {hotel ? (
          <FormField label="房型" hook="inv-room-type" error={errors.roomType} required>
            <ChoiceChips options={inventory.roomTypes.map((t) => ({ value: t.id, label: t.name }))} value={roomTypeId} onChange={setRoomTypeId} hook="inv-room-type" />
          </FormField>
        ) : null}
        <FormField label={hotel ? '日期（入住晚）' : '日期'} hook="inv-dates" error={errors.to} required>
          <View className="form-datetime">
            <Picker mode="date" value={from} start={today} onChange={(e) => setFrom(e.detail.value)}>
              <View className="form-picker picker-inv-from">{from}</View>
            </Picker>
            {hotel ? (
              <Picker mode="date" value={to} start={from} onChange={(e) => setTo(e.detail.value)}>
                <View className="form-picker picker-inv-to">至 {to}</View>
              </Picker>
            ) : null}
          </View>
        </FormField>
        {hotel ? (
          <View className="rsv-form-pair">
            <InputField label="每晚房量" hook="inv-rooms" type="number" value={rooms} onChange={setRooms} unit="间" error={errors.count} required />
            <InputField label="房价" hook="inv-rate" type="digit" value={rate} onChange={setRate} unit="元/晚" error={errors.rate} required />
          </View>
        ) : (
          <>
            <FormField label="餐段" hook="inv-slot" required>
              <ChoiceChips options={diningSlots.map((s) => ({ value: s, label: diningSlotLabel[s] }))} value={slot} onChange={setSlot} hook="inv-slot" />
            </FormField>
            <InputField label="桌数" hook="inv-tables" type="number" value={tables} onChange={setTablesText} unit="桌" error={errors.count} required />
          </>
        )}
        <Text className="form-hint">已被预订的不会减少；少于已订数时按已订数保留。</Text>
        <SubmitButton text="保存" busyText="保存中…" busy={busy} onClick={() => void save()} hook="inv-save" />
      </View>
      {saved ? <View className="form-banner form-banner-ok inv-saved">{saved}</View> : null}
      <Text className="section-title">近 {SHOWN_DAYS} 天库存</Text>
      {!days.length ? <Empty title="暂无库存" hint="在上方设置后，出行人即可查询预订" /> : null}
      {days.map((d) => (
        <View key={d} className={`card rsv-inv-day rsv-inv-day-${d}`}>
          <Text className="rsv-inv-date">{shortDate(d)}</Text>
          {rows.filter((r) => r.date === d).map((r) => (
            <View key={r.key} className="rsv-inv-row">
              <Text className="rsv-inv-label">{r.label}</Text>
              <Text className={`rsv-inv-left${r.remaining === 0 ? ' is-empty' : ''}`}>余 {r.remaining} / {r.total}{hotel ? ' 间' : ' 桌'}</Text>
              {r.rateFen != null ? <Text className="rsv-inv-rate">{formatYuan(r.rateFen)}/晚</Text> : null}
            </View>
          ))}
        </View>
      ))}
    </View>
  );
}
