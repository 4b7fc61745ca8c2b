import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { fieldLabel } from '@shared/common/field-labels';
import { gcj02ToWgs84, wgs84ToGcj02 } from '@shared/common/coords';
import { clearParkingSpot, getParkingSpot, parkingSpotInputSchema, setParkingSpot, type ParkingSpot } from '../../services/supervision.api';
import { ApiError } from '../../services/http';
import { InputField, SubmitButton } from '../../components/form-field';
import { InfoRow } from '../../components/info-row';
import { useFormSubmit } from '../../features/use-form-submit';

/**
 * 定点停放 (#18) on the vehicle's page: the designated overnight spot (name or address, the map's GCJ-02
 * coordinates, radius). The unit's fleet admin sets, changes and clears it; others only see it. A car
 * away from its spot at 23:00 raises 未按规定停放 (the overnight check reads WGS-84, converted here).
 */
export function ParkingSpotCard({ vehicleId, manage }: { vehicleId: number; manage: boolean }) {
  const [spot, setSpot] = useState<ParkingSpot | null | undefined>(undefined);
  const [editing, setEditing] = useState(false);
  const [f, setF] = useState<Record<string, string>>({});
  const form = useFormSubmit();
  const set = (k: string) => (v: string) => setF((x) => ({ ...x, [k]: v }));
  const load = useCallback(async () => setSpot(await getParkingSpot(vehicleId).catch(() => null)), [vehicleId]);
  useEffect(() => { void load(); }, [load]);

  function edit(): void {
    const g = spot ? wgs84ToGcj02({ lat: spot.lat, lng: spot.lng }) : null;
    setF(spot && g ? { name: spot.name, lat: g.lat.toFixed(6), lng: g.lng.toFixed(6), radiusM: String(spot.radiusM) } : { radiusM: '100' });
    setEditing(true);
  }

  async function save(): Promise<void> {
    const ok = await form.submit(async () => {
      const lat = Number(f.lat), lng = Number(f.lng);
      const w = f.lat && f.lng && Number.isFinite(lat) && Number.isFinite(lng) ? gcj02ToWgs84({ lat, lng }) : { lat: Number.NaN, lng: Number.NaN };
      const parsed = parkingSpotInputSchema.safeParse({ name: f.name ?? '', lat: Number(w.lat.toFixed(6)), lng: Number(w.lng.toFixed(6)), radiusM: Number(f.radiusM) });
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new ApiError(400, 'VALIDATION_FAILED', `${fieldLabel(issue.path)}：${issue.message}`, false);
      }
      setSpot(await setParkingSpot(vehicleId, parsed.data));
    });
    if (!ok) return;
    setEditing(false);
    void Taro.showToast({ title: '已保存', icon: 'success' });
  }

  async function clear(): Promise<void> {
    const answer = await Taro.showModal({ title: '清除定点停放', content: '清除后，该车夜间停放位置不再检查。确定清除？', confirmText: '清除' });
    if (!answer.confirm) return;
    try {
      await clearParkingSpot(vehicleId);
      setSpot(null);
      void Taro.showToast({ title: '已清除', icon: 'success' });
    } catch {
      // The http client showed the server's message.
    }
  }

  if (spot === undefined) return null;
  const shown = spot ? wgs84ToGcj02({ lat: spot.lat, lng: spot.lng }) : null;
  return (
    <View className="card parking-spot">
      <Text className="card-title">定点停放</Text>
      {spot && shown ? (
        <View className="parking-spot-shown">
          <InfoRow label="停放点" value={spot.name} hook="parking-spot-name" />
          <InfoRow label="坐标" value={`${shown.lat.toFixed(6)}, ${shown.lng.toFixed(6)}（纬度, 经度）`} hook="parking-spot-coords" />
          <InfoRow label="半径" value={`${spot.radiusM} 米`} hook="parking-spot-radius" />
          <Text className="item-line muted">每晚 23:00 检查，车辆不在该范围内即预警「未按规定停放过夜」</Text>
        </View>
      ) : <Text className="item-line muted parking-spot-none">未设定定点停放位置</Text>}
      {manage && editing ? (
        <View className="parking-spot-form">
          {form.formError ? <View className="form-banner form-banner-error parking-spot-error">{form.formError}</View> : null}
          <InputField label="名称或地址" hook="spot-name" required value={f.name ?? ''} onChange={set('name')} placeholder="如 单位大院停车场" />
          <InputField label="纬度" hook="spot-lat" type="digit" required value={f.lat ?? ''} onChange={set('lat')} placeholder="地图坐标，如 38.0443" />
          <InputField label="经度" hook="spot-lng" type="digit" required value={f.lng ?? ''} onChange={set('lng')} placeholder="地图坐标，如 114.5475" />
          <InputField label="半径" hook="spot-radius" type="number" unit="米" required value={f.radiusM ?? ''} onChange={set('radiusM')} />
          <View className="form-actions">
            <View className="btn btn-ghost spot-cancel" onClick={() => setEditing(false)}>取消</View>
            <SubmitButton hook="spot-submit" text="保存" busy={form.busy} onClick={() => void save()} />
          </View>
        </View>
      ) : null}
      {manage && !editing ? (
        <View className="item-actions">
          <View className="btn btn-ghost spot-edit" onClick={edit}>{spot ? '修改' : '设定停放点'}</View>
          {spot ? <View className="btn btn-ghost spot-clear" onClick={() => void clear()}>清除</View> : null}
        </View>
      ) : null}
    </View>
  );
}
