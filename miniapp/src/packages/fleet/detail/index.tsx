import { useCallback, useState } from 'react';
import Taro, { useDidShow, useLoad, usePullDownRefresh } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { energyTypeLabel, vehicleCategoryLabel, vehicleSourceLabel, vehicleStatusLabel, type Vehicle } from '@shared/fleet/fleet.schemas';
import { getVehicleLife, unbindTerminal } from '../../../services/lifecycle.api';
import type { VehicleLife } from '@shared/fleet/lifecycle.schemas';
import { acquisitionLabel } from '@shared/fleet/fleet.schemas';
import { VehicleLifeSections } from '../vehicle-life';
import { fetchPositions, type VehiclePosition } from '../../../services/telematics.api';
import { getCachedUser, getCurrentRole, requireSession } from '../../../services/session.store';
import { Loading } from '../../../components/loading';
import { ErrorBlock, errorMessage } from '../../../components/error-block';
import { InfoRow } from '../../../components/info-row';
import { StatusChip } from '../../../components/status-chip';
import { formatPlate } from '../../../utils/format';
import { DueDate } from '../due-date';
import { LockControl } from '../lock-control';
import { ParkingSpotCard } from '../parking-spot';
import { OnlineChip, PositionRows } from '../vehicle-card';
import { vehicleStatusTone } from '../vehicles-view';
import '../../../components/work.css';
import '../fleet.css';

/** Who may send door commands (server: telematics.routes COMMANDERS) and see positions (VIEWERS). */
const COMMANDERS = ['dispatcher', 'fleet_admin', 'platform_admin'];
const VIEWERS = [...COMMANDERS, 'supervisor'];
const RECENT_TRACK_MS = 2 * 3600_000;
const AFTER_COMMAND_MS = 3000;

/** One vehicle: its record, where it is now, and remote lock/unlock for those allowed. */
export default function VehicleDetailPage() {
  const [id, setId] = useState(0);
  const [vehicle, setVehicle] = useState<Vehicle | null>(null);
  const [life, setLife] = useState<VehicleLife | null>(null);
  const [position, setPosition] = useState<VehiclePosition | null>(null);
  const [positionError, setPositionError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const user = getCachedUser();
  const role = user ? getCurrentRole(user) : null;
  const canView = role !== null && VIEWERS.includes(role);
  const canCommand = role !== null && COMMANDERS.includes(role);
  /** The unit's fleet admin applies for renewal, disposal, exemption and manages the terminal (server: lifecycle.policy). */
  const canManage = role === 'fleet_admin' || role === 'platform_admin';

  const loadPosition = useCallback(async (vehicleId: number) => {
    try {
      const [p] = await fetchPositions([vehicleId]);
      setPosition(p ?? null);
      setPositionError(null);
    } catch (e) {
      setPositionError(errorMessage(e));
    }
  }, []);

  const load = useCallback(async (vehicleId: number) => {
    setError(null);
    try {
      const l = await getVehicleLife(vehicleId);
      const v = l.vehicle;
      setLife(l);
      setVehicle(v);
      void Taro.setNavigationBarTitle({ title: formatPlate(v.plate) });
      if (v.terminalPhone && canView) await loadPosition(vehicleId);
    } catch (e) {
      setError(e);
    }
  }, [canView, loadPosition]);

  useLoad((params: Record<string, string | undefined>) => {
    if (!requireSession()) return;
    const vehicleId = Number(params.id);
    setId(vehicleId);
    void load(vehicleId);
  });
  usePullDownRefresh(() => { void load(id).finally(() => Taro.stopPullDownRefresh()); });
  // Back from an application form: the life shows it.
  useDidShow(() => { if (id) void load(id); });

  async function unbind(): Promise<void> {
    if (!vehicle) return;
    const answer = await Taro.showModal({ title: '解绑终端', content: `解绑 ${formatPlate(vehicle.plate)} 的终端 ${vehicle.terminalPhone}？解绑后该终端不能再上报位置。`, confirmText: '解绑' });
    if (!answer.confirm) return;
    try {
      await unbindTerminal(vehicle.id);
      void Taro.showToast({ title: '已解绑', icon: 'success' });
      await load(vehicle.id);
    } catch {
      // The http client showed the server's message.
    }
  }

  if (error) return <View className="page"><ErrorBlock error={error} onRetry={() => void load(id)} /></View>;
  if (!vehicle) return <View className="page"><Loading /></View>;

  /** The door state arrives with the terminal's next position report, a moment after its answer. */
  function afterCommand(): void {
    void loadPosition(id);
    setTimeout(() => void loadPosition(id), AFTER_COMMAND_MS);
  }

  function openRecentTrack(): void {
    const to = new Date();
    const from = new Date(to.getTime() - RECENT_TRACK_MS);
    void Taro.navigateTo({ url: `/packages/fleet/track/index?vehicleId=${id}&from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}` });
  }

  return (
    <View className={`page vehicle-detail vehicle-detail-${vehicle.id}`}>
      <View className="card">
        <View className="item-head">
          <Text className="item-title vehicle-detail-plate">{formatPlate(vehicle.plate)}</Text>
          <StatusChip label={vehicleStatusLabel[vehicle.status]} tone={vehicleStatusTone[vehicle.status]} />
        </View>
        <InfoRow label="品牌型号" value={`${vehicle.brandModel} · ${vehicle.seats} 座`} />
        <InfoRow label="车辆类别" value={vehicleCategoryLabel[vehicle.category]} />
        <InfoRow label="能源类型" value={`${energyTypeLabel[vehicle.energyType]}${vehicle.displacementMl ? ` · ${(vehicle.displacementMl / 1000).toFixed(1)}L` : ''}`} />
        <InfoRow label="来源" value={`${vehicleSourceLabel[vehicle.source]} · ${acquisitionLabel[vehicle.acquisition]}`} />
        <InfoRow label="VIN" value={vehicle.vin} />
        <InfoRow label="登记日期" value={vehicle.registeredOn} />
        <InfoRow label="里程" value={`${vehicle.odometerKm.toLocaleString('zh-CN')} 公里`} />
        <InfoRow label="保险到期" value={<DueDate date={vehicle.insuranceDue} hook="due-insurance" />} />
        <InfoRow label="年检到期" value={<DueDate date={vehicle.inspectionDue} hook="due-inspection" />} />
        {vehicle.maintenanceDue ? <InfoRow label="保养到期" value={<DueDate date={vehicle.maintenanceDue} hook="due-maintenance" />} /> : null}
        <InfoRow label="车载终端" value={vehicle.terminalPhone ? `${vehicle.terminalPhone}${vehicle.deviceModel ? `（${vehicle.deviceModel}）` : ''}` : '未安装'} hook="vehicle-terminal" />
        {canManage && vehicle.terminalPhone ? <View className="item-actions"><View className="btn btn-ghost vehicle-unbind" onClick={() => void unbind()}>解绑终端</View></View> : null}
      </View>

      {life ? <VehicleLifeSections life={life} manage={canManage} /> : null}

      {canView ? <ParkingSpotCard vehicleId={vehicle.id} manage={canManage} /> : null}

      {vehicle.terminalPhone && canView ? (
        <View className="card fleet-position">
          <View className="item-head">
            <Text className="card-title">最新位置</Text>
            {position ? <OnlineChip online={position.online} /> : null}
          </View>
          {positionError ? <Text className="form-banner form-banner-error">{positionError}</Text> : null}
          {position ? <PositionRows v={position} /> : positionError ? null : <Text className="item-line muted">加载中…</Text>}
          <View className="item-actions">
            <View className="btn btn-ghost fleet-refresh" onClick={() => void loadPosition(id)}>刷新位置</View>
            <View className="btn btn-ghost fleet-recent-track" onClick={openRecentTrack}>最近 2 小时轨迹</View>
          </View>
        </View>
      ) : null}

      {vehicle.terminalPhone && canCommand ? <LockControl vehicleId={vehicle.id} plate={formatPlate(vehicle.plate)} onDone={afterCommand} /> : null}
    </View>
  );
}
