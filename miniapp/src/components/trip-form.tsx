import { useEffect, useState } from 'react';
import { View, Text, Picker, Textarea } from '@tarojs/components';
import { createTripSchema, tripKindLabel, tripKinds, type CreateTripInput, type Destination, type Place, type TripDetail, type TripKind } from '@shared/trips/trips.schemas';
import { vehicleCategories, vehicleCategoryLabel, type VehicleCategory } from '@shared/fleet/fleet.schemas';
import type { User } from '@shared/identity/identity.schemas';
import { useFormSubmit } from '../features/use-form-submit';
import type { PlaceDefaults } from '@shared/places/places.schemas';
import {
  defaultWindow, fieldErrors, numberOrNaN, shanghaiIso, shanghaiParts,
} from '../utils/trip-display';
import { fetchPlaceDefaults } from '../services/places.api';
import { PlacePicker, quickPlaces } from '../features/places/place-picker';
import { FormField, InputField, ChoiceChips, SubmitButton } from './form-field';
import './work.css';

/**
 * The official-trip request form (DOMAIN.md §4 申请), used by the applicant (new, edit after return)
 * and by the dispatcher for 紧急调度. Checks with the shared createTripSchema before sending and
 * shows the server's own message and field issues when it refuses.
 */
export interface TripFormProps {
  initial?: TripDetail | null;
  colleagues?: User[];
  meId?: number;
  submitText: string;
  onSubmit: (input: CreateTripInput) => Promise<void>;
}

interface FormState {
  purpose: string; passengers: string; passengerNames: string;
  startDate: string; startTime: string; endDate: string; endTime: string;
  origin: Place | null; destinations: Destination[]; category: VehicleCategory | null;
  seatsWanted: string; vehiclesNeeded: string; kind: TripKind; applicantId: number | null;
}

function initialState(t: TripDetail | null | undefined): FormState {
  if (!t) {
    return {
      // The start arrives with the user's unit address (fetchPlaceDefaults); until then it is empty.
      purpose: '', passengers: '1', passengerNames: '', ...defaultWindow(), origin: null, destinations: [],
      category: null, seatsWanted: '4', vehiclesNeeded: '1', kind: 'in_city', applicantId: null,
    };
  }
  const s = shanghaiParts(Date.parse(t.startAt));
  const e = shanghaiParts(Date.parse(t.endAt));
  return {
    purpose: t.purpose, passengers: String(t.passengers), passengerNames: t.passengerNames,
    startDate: s.date, startTime: s.time, endDate: e.date, endTime: e.time, origin: t.origin, destinations: t.destinations,
    category: t.category, seatsWanted: String(t.seatsWanted), vehiclesNeeded: String(t.vehiclesNeeded), kind: t.kind,
    applicantId: t.applicantId === t.bookedById ? null : t.applicantId,
  };
}

const categoryOptions: Array<{ value: VehicleCategory | null; label: string }> = [
  { value: null, label: '不限车型' },
  ...vehicleCategories.map((c) => ({ value: c, label: vehicleCategoryLabel[c] })),
];

/** A chosen place: its name and address, removable where `onRemove` is given. */
function SelectedPlace({ place, hook, index, onRemove }: { place: Destination; hook: string; index: number; onRemove?: () => void }) {
  return (
    <View className={`place-selected place-selected-${hook}-${index}`}>
      <View className="place-selected-body">
        <Text className="place-selected-name">{hook === 'destination' ? `${index + 1}. ` : ''}{place.name}</Text>
        {place.address ? <Text className="place-selected-address">{place.address}</Text> : null}
        {place.lat == null ? <Text className="place-selected-address">手动输入的地址（无坐标）</Text> : null}
      </View>
      {onRemove ? <Text className={`place-selected-remove place-remove-${hook}-${index}`} onClick={onRemove}>移除</Text> : null}
    </View>
  );
}

export function TripForm({ initial, colleagues = [], meId, submitText, onSubmit }: TripFormProps) {
  const [f, setF] = useState<FormState>(() => initialState(initial));
  const { errors, setErrors, formError, setFormError, busy, submit: send } = useFormSubmit();
  /** A changed field drops its old error at once (startDate/startTime report as startAt). */
  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => {
    setF((prev) => ({ ...prev, [k]: v }));
    const field = k.startsWith('start') ? 'startAt' : k.startsWith('end') ? 'endAt' : k;
    setErrors((e) => (e[field] ? { ...e, [field]: '' } : e));
  };

  const others = colleagues.filter((c) => c.id !== meId);

  // The start defaults to the user's own unit at its address; recent and frequent places are offered (#14 item 1).
  const [places, setPlaces] = useState<PlaceDefaults | null>(null);
  useEffect(() => {
    let live = true;
    fetchPlaceDefaults()
      .then((d) => {
        if (!live) return;
        setPlaces(d);
        if (d.start) setF((prev) => (prev.origin ? prev : { ...prev, origin: d.start }));
      })
      .catch(() => undefined); // search and typing still work without the defaults
    return () => { live = false; };
  }, []);
  const quick = quickPlaces(places?.start ?? null, places?.frequent ?? [], places?.recent ?? []);
  const region = places?.region ?? '河北省';

  function build(): unknown {
    return {
      purpose: f.purpose, passengers: numberOrNaN(f.passengers), passengerNames: f.passengerNames,
      startAt: shanghaiIso(f.startDate, f.startTime), endAt: shanghaiIso(f.endDate, f.endTime),
      origin: f.origin ?? undefined, destinations: f.destinations, category: f.category,
      seatsWanted: numberOrNaN(f.seatsWanted), vehiclesNeeded: numberOrNaN(f.vehiclesNeeded), kind: f.kind,
      ...(f.applicantId != null ? { applicantId: f.applicantId } : {}),
    };
  }

  async function submit(): Promise<void> {
    setFormError(null);
    const parsed = createTripSchema.safeParse(build());
    if (!parsed.success) {
      const errs = fieldErrors(parsed.error.issues.map((i) => ({ path: i.path, message: numberMessage(i) })));
      if (!f.origin) errs.origin = '请选择出发地';
      setErrors(errs);
      setFormError('请按提示修改标红的项目');
      return;
    }
    setErrors({});
    await send(() => onSubmit(parsed.data));
  }

  const catIndex = Math.max(0, categoryOptions.findIndex((o) => o.value === f.category));

  return (
    <View className="trip-form">
      <View className="card form-card">
        <Text className="form-card-title">用车事由</Text>
        <FormField label="事由" error={errors.purpose} hook="purpose" required>
          <Textarea
            className="form-textarea input-purpose"
            value={f.purpose}
            maxlength={200}
            autoHeight
            placeholder="如：赴正定新区调研重点项目建设"
            placeholderClass="form-placeholder"
            onInput={(e) => set('purpose', e.detail.value)}
          />
        </FormField>
        <FormField label="出行范围" error={errors.kind} hook="kind" required hint={f.kind === 'out_of_city' ? '市外用车需两级审批' : '市内用车一级审批'}>
          <ChoiceChips options={tripKinds.map((k) => ({ value: k, label: tripKindLabel[k] }))} value={f.kind} onChange={(v) => set('kind', v)} hook="kind" />
        </FormField>
        {others.length ? (
          <FormField label="用车人" error={errors.applicantId} hook="applicant" hint="可为本单位同事代为申请">
            <Picker
              mode="selector"
              range={['本人', ...others.map((c) => c.name)]}
              value={f.applicantId == null ? 0 : others.findIndex((c) => c.id === f.applicantId) + 1}
              onChange={(e) => {
                const i = Number(e.detail.value);
                set('applicantId', i === 0 ? null : others[i - 1]!.id);
              }}
            >
              <View className="form-picker picker-applicant">{f.applicantId == null ? '本人' : others.find((c) => c.id === f.applicantId)?.name}</View>
            </Picker>
          </FormField>
        ) : null}
      </View>

      <View className="card form-card">
        <Text className="form-card-title">时间</Text>
        <FormField label="出发" error={errors.startAt} hook="start" required>
          <View className="form-datetime">
            <Picker mode="date" value={f.startDate} onChange={(e) => set('startDate', e.detail.value)}>
              <View className="form-picker picker-start-date">{f.startDate}</View>
            </Picker>
            <Picker mode="time" value={f.startTime} onChange={(e) => set('startTime', e.detail.value)}>
              <View className="form-picker picker-start-time">{f.startTime}</View>
            </Picker>
          </View>
        </FormField>
        <FormField label="返回" error={errors.endAt} hook="end" required>
          <View className="form-datetime">
            <Picker mode="date" value={f.endDate} onChange={(e) => set('endDate', e.detail.value)}>
              <View className="form-picker picker-end-date">{f.endDate}</View>
            </Picker>
            <Picker mode="time" value={f.endTime} onChange={(e) => set('endTime', e.detail.value)}>
              <View className="form-picker picker-end-time">{f.endTime}</View>
            </Picker>
          </View>
        </FormField>
      </View>

      <View className="card form-card">
        <Text className="form-card-title">地点</Text>
        <FormField label="出发地" error={errors.origin} hook="origin" required hint="默认本单位地址，可搜索更改">
          {f.origin ? <SelectedPlace place={f.origin} hook="origin" index={0} /> : <Text className="place-empty">请搜索并选择出发地</Text>}
          <PlacePicker
            hook="origin"
            region={region}
            quick={quick.filter((q) => q.place.lat != null)}
            allowTyped={false}
            onPick={(p) => { if (p.lat != null && p.lng != null) set('origin', { ...p, lat: p.lat, lng: p.lng }); }}
          />
        </FormField>
        <FormField label="目的地（可添加多个，按顺序前往）" error={errors.destinations} hook="destinations" required>
          {f.destinations.map((d, i) => (
            <SelectedPlace key={`${d.name}-${i}`} place={d} hook="destination" index={i} onRemove={() => set('destinations', f.destinations.filter((_, j) => j !== i))} />
          ))}
          <PlacePicker
            hook="destination"
            region={region}
            quick={quick}
            allowTyped
            onPick={(p) => { if (!f.destinations.some((d) => d.name === p.name)) set('destinations', [...f.destinations, p]); }}
          />
          {f.destinations.length && f.origin ? (
            <Text className="form-route">路线：{[f.origin, ...f.destinations].map((p) => p.name).join(' → ')}</Text>
          ) : null}
        </FormField>
      </View>

      <View className="card form-card">
        <Text className="form-card-title">人员与车辆</Text>
        <InputField label="乘车人数" hook="passengers" type="number" value={f.passengers} onChange={(v) => set('passengers', v)} error={errors.passengers} required unit="人" />
        <InputField label="乘车人" hook="passenger-names" value={f.passengerNames} onChange={(v) => set('passengerNames', v)} error={errors.passengerNames} placeholder="选填，如：王建国、李明" />
        <FormField label="车型" error={errors.category} hook="category">
          <Picker mode="selector" range={categoryOptions.map((o) => o.label)} value={catIndex} onChange={(e) => set('category', categoryOptions[Number(e.detail.value)]!.value)}>
            <View className="form-picker picker-category">{categoryOptions[catIndex]!.label}</View>
          </Picker>
        </FormField>
        <InputField label="每车座位" hook="seats" type="number" value={f.seatsWanted} onChange={(v) => set('seatsWanted', v)} error={errors.seatsWanted} required unit="座" hint="不含驾驶员" />
        <InputField label="用车数量" hook="vehicles" type="number" value={f.vehiclesNeeded} onChange={(v) => set('vehiclesNeeded', v)} error={errors.vehiclesNeeded} required unit="辆" hint="多车同派：一次派齐" />
      </View>

      {formError ? <View className="form-banner form-banner-error trip-form-error">{formError}</View> : null}
      <View className="form-actions">
        <SubmitButton text={submitText} busy={busy} onClick={() => void submit()} hook="trip-form-submit" />
      </View>
    </View>
  );
}

/** NaN from an empty or non-numeric box reads better as "请填写数字" than zod's type message. */
function numberMessage(issue: { code: string; message: string }): string {
  return issue.code === 'invalid_type' ? '请填写数字' : issue.message;
}
