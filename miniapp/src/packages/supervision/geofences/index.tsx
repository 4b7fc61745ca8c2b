import { useCallback, useState } from 'react';
import Taro, { useLoad } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { fieldLabel } from '@shared/common/field-labels';
import { gcj02ToWgs84 } from '@shared/common/coords';
import { createGeofence, deleteGeofence, geofenceInputSchema, geofenceKindLabel, listGeofences, type Geofence, type GeofenceKind } from '../../../services/supervision.api';
import { ApiError } from '../../../services/http';
import { requireSession } from '../../../services/session.store';
import { ChoiceChips, FormField, InputField, SubmitButton } from '../../../components/form-field';
import { Empty } from '../../../components/empty';
import { useFormSubmit } from '../../../features/use-form-submit';
import '../../../components/work.css';
import '../supervision.css';

/** The windows offered on the page (the API takes any days and times). */
type WindowChoice = 'always' | 'workdays' | 'everyday' | 'days';
const windowChoices: Array<{ value: WindowChoice; label: string }> = [
  { value: 'always', label: '全天候' }, { value: 'workdays', label: '周一至周五' }, { value: 'everyday', label: '每天' }, { value: 'days', label: '自选星期' },
];
type Shape = 'circle' | 'polygon';
const shapeChoices: Array<{ value: Shape; label: string }> = [{ value: 'circle', label: '圆形' }, { value: 'polygon', label: '多边形' }];
const weekdays = ['一', '二', '三', '四', '五', '六', '日'];

/**
 * Vertices pasted as 「经度,纬度;经度,纬度;…」 (the map's GCJ-02; Chinese commas and semicolons, or one per
 * line, accepted), converted to WGS-84; null when a vertex does not read as two numbers.
 */
function parseVertices(text: string): Array<{ lat: number; lng: number }> | null {
  const parts = text.replace(/[，]/g, ',').split(/[;；\n]+/).map((p) => p.trim()).filter(Boolean);
  const points: Array<{ lat: number; lng: number }> = [];
  for (const p of parts) {
    const [lng, lat, extra] = p.split(/[,\s]+/).map(Number);
    if (extra !== undefined || lng === undefined || lat === undefined || !Number.isFinite(lng) || !Number.isFinite(lat)) return null;
    const w = gcj02ToWgs84({ lat, lng });
    points.push({ lat: Number(w.lat.toFixed(6)), lng: Number(w.lng.toFixed(6)) });
  }
  return points;
}

/**
 * 电子围栏 (#18 item 1) for a unit's fleet admin: the unit's areas, a new circle by its centre (the map's
 * coordinates, GCJ-02, converted to the terminals' WGS-84 here) and radius with a time window, and delete.
 * A car outside a permitted area, or inside a forbidden one, while the window holds raises a warning.
 */
export default function GeofencesPage() {
  const [fences, setFences] = useState<Geofence[] | null>(null);
  const [f, setF] = useState<Record<string, string>>({ kind: 'permitted', shape: 'circle', window: 'workdays', from: '08:00', to: '18:00', radiusM: '3000' });
  const [days, setDays] = useState<number[]>([1, 2, 3, 4, 5]);
  const toggleDay = (d: number) => setDays((x) => (x.includes(d) ? x.filter((y) => y !== d) : [...x, d].sort((a, b) => a - b)));
  const form = useFormSubmit();
  const set = (k: string) => (v: string) => setF((x) => ({ ...x, [k]: v }));
  const load = useCallback(async () => setFences(await listGeofences().catch(() => [])), []);
  useLoad(() => { if (requireSession()) void load(); });

  async function save(): Promise<void> {
    const ok = await form.submit(async () => {
      const lat = Number(f.lat), lng = Number(f.lng);
      const centre = f.lat && f.lng && Number.isFinite(lat) && Number.isFinite(lng) ? gcj02ToWgs84({ lat, lng }) : { lat: Number.NaN, lng: Number.NaN };
      const windowDays = f.window === 'workdays' ? [1, 2, 3, 4, 5] : f.window === 'everyday' ? [1, 2, 3, 4, 5, 6, 7] : days;
      const window = f.window === 'always' ? null : { days: windowDays, from: f.from ?? '', to: f.to ?? '' };
      let shape: object;
      if (f.shape === 'polygon') {
        const polygon = parseVertices(f.points ?? '');
        if (!polygon) throw new ApiError(400, 'VALIDATION_FAILED', '顶点：请按「经度,纬度;经度,纬度;…」填写，每个顶点两个数字', false);
        shape = { polygon };
      } else {
        shape = { circle: { lat: Number(centre.lat.toFixed(6)), lng: Number(centre.lng.toFixed(6)), radiusM: Number(f.radiusM) } };
      }
      const parsed = geofenceInputSchema.safeParse({ name: f.name ?? '', kind: f.kind, ...shape, window });
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new ApiError(400, 'VALIDATION_FAILED', `${fieldLabel(issue.path)}：${issue.message}`, false);
      }
      await createGeofence(parsed.data);
    });
    if (!ok) return;
    void Taro.showToast({ title: '已添加', icon: 'success' });
    setF((x) => ({ ...x, name: '', points: '' }));
    await load();
  }

  async function remove(g: Geofence): Promise<void> {
    const answer = await Taro.showModal({ title: '删除电子围栏', content: `删除「${g.name}」后，车辆进出该区域不再预警。确定删除？`, confirmText: '删除' });
    if (!answer.confirm) return;
    await deleteGeofence(g.id);
    await load();
  }

  return (
    <View className="page geofences-page">
      <View className="card">
        <Text className="form-card-title">新增电子围栏</Text>
        {form.formError ? <View className="form-banner form-banner-error geofence-error">{form.formError}</View> : null}
        <InputField label="名称" hook="fence-name" required value={f.name ?? ''} onChange={set('name')} placeholder="如 本县行政区域、某景区" />
        <FormField label="类型" hook="fence-kind">
          <ChoiceChips hook="fence-kind" value={f.kind as GeofenceKind} onChange={set('kind')}
            options={(['permitted', 'forbidden'] as const).map((k) => ({ value: k, label: geofenceKindLabel[k] }))} />
        </FormField>
        <FormField label="形状" hook="fence-shape">
          <ChoiceChips hook="fence-shape" value={f.shape as Shape} onChange={set('shape')} options={shapeChoices} />
        </FormField>
        {f.shape === 'polygon' ? (
          <View>
            <InputField label="顶点" hook="fence-points" required value={f.points ?? ''} onChange={set('points')} placeholder="经度,纬度;经度,纬度;…（地图坐标，至少 3 个）" />
            <Text className="item-line muted fence-points-count">已填 {parseVertices(f.points ?? '')?.length ?? 0} 个顶点，按顺序围成区域，首尾自动相连</Text>
          </View>
        ) : (
          <View>
            <InputField label="中心纬度" hook="fence-lat" type="digit" required value={f.lat ?? ''} onChange={set('lat')} placeholder="地图坐标，如 38.0443" />
            <InputField label="中心经度" hook="fence-lng" type="digit" required value={f.lng ?? ''} onChange={set('lng')} placeholder="地图坐标，如 114.5475" />
            <InputField label="半径" hook="fence-radius" type="number" unit="米" required value={f.radiusM ?? ''} onChange={set('radiusM')} />
          </View>
        )}
        <FormField label="时段" hook="fence-window">
          <ChoiceChips hook="fence-window" value={f.window as WindowChoice} onChange={set('window')} options={windowChoices} />
        </FormField>
        {f.window === 'days' ? (
          <FormField label="星期" hook="fence-days">
            <View className="choice-chips">
              {weekdays.map((w, i) => (
                <View key={w} className={`choice-chip fence-day-${i + 1}${days.includes(i + 1) ? ' is-active' : ''}`} onClick={() => toggleDay(i + 1)}>周{w}</View>
              ))}
            </View>
          </FormField>
        ) : null}
        {f.window !== 'always' ? (
          <View>
            <InputField label="开始时间" hook="fence-from" value={f.from ?? ''} onChange={set('from')} placeholder="08:00" />
            <InputField label="结束时间" hook="fence-to" value={f.to ?? ''} onChange={set('to')} placeholder="18:00" />
          </View>
        ) : null}
        <View className="form-actions"><SubmitButton hook="fence-submit" text="添加" busy={form.busy} onClick={() => void save()} /></View>
      </View>
      <View className="card">
        <Text className="card-title">本单位电子围栏（{fences?.length ?? 0}）</Text>
        {fences && !fences.length ? <Empty title="还没有电子围栏" hint="允许区域：车辆在时段内驶出即预警；禁入区域：驶入即预警" /> : null}
        {(fences ?? []).map((g) => (
          <View key={g.id} className={`life-record geofence geofence-${g.id}`}>
            <View className="item-head">
              <Text className="item-line item-line-strong">{g.name}</Text>
              <Text className={`geofence-delete geofence-delete-${g.id}`} onClick={() => void remove(g)}>删除</Text>
            </View>
            <Text className="item-line muted">{g.kindLabel} · {g.windowLabel}</Text>
            <Text className="item-line muted">{g.circle ? `圆形，半径 ${g.circle.radiusM} 米` : `多边形，${g.polygon?.length ?? 0} 个顶点`}</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
