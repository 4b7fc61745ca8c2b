import { useCallback, useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { energyTypeLabel, vehicleCategoryLabel, vehicleSourceLabel, vehicleStatusLabel, type Vehicle, type VehicleCategory, type VehicleStatus } from '@shared/fleet/fleet.schemas';
import {
  countsAgainstQuota, fleetKindCategories, fleetKindLabel, fleetKindOf, fleetKinds, fleetKindSource, quotaFreeCategories, type FleetKind,
} from '@shared/fleet/unit-kind-rules';
import { ChoiceChips } from '../../components/form-field';
import { listVehicles } from '../../services/fleet.api';
import { usePagedList } from '../../components/use-paged-list';
import { ListFooter } from '../../components/list-footer';
import { Loading } from '../../components/loading';
import { Empty } from '../../components/empty';
import { ErrorBlock } from '../../components/error-block';
import { StatusChip } from '../../components/status-chip';
import type { Tone } from '../../utils/trip-display';
import { formatPlate } from '../../utils/format';
import { DueDate } from './due-date';
import { ImportCard } from '../../components/import-card';
import { importVehicles } from '../../services/lifecycle.api';
import { getCachedUser, getCurrentRole } from '../../services/session.store';

/** Who registers vehicles of their own unit, hence imports them (server: VEHICLE_REGISTRARS, for the actor's unit). */
const IMPORTERS = ['fleet_admin', 'rental_operator'];

export const vehicleStatusTone: Record<VehicleStatus, Tone> = {
  in_use: 'green', repair: 'orange', suspended: 'grey', pending_disposal: 'purple', disposed: 'grey',
};

/** Roles that look across units (a region, the province): they get the filter by unit kind. */
const OVERSEERS = ['supervisor', 'platform_admin', 'finance'];

/** What the unit's kind means for its fleet, in one line under the header. */
function kindRules(k: FleetKind): string {
  const cats = fleetKindCategories[k].filter((c) => countsAgainstQuota(k, c)).map((c) => vehicleCategoryLabel[c]).join('、');
  const free = quotaFreeCategories[k].map((c) => vehicleCategoryLabel[c]).join('、');
  return `${fleetKindLabel[k]}车辆：${cats}按编制管理${free ? `；${free}按生产经营需要配备，不占编制` : ''}（${fleetKindSource[k]}）`;
}

/**
 * 车辆档案: the vehicles of my scope with their due dates and terminals (单位车管 "Our vehicles"). A unit's
 * fleet admin sees the categories of their unit's kind (a 国有企业's 业务用车 apart, marked 不占编制; a
 * 事业单位 has no 执法执勤用车); those who look across units filter by unit kind (unit-kind-rules.ts).
 */
export function VehiclesView() {
  const user = getCachedUser();
  const role = user ? getCurrentRole(user) : null;
  const canImport = !!user && role !== null && IMPORTERS.includes(role);
  const ownKind = user && role !== null && !OVERSEERS.includes(role) ? fleetKindOf(user.unit.kind) : null;
  const [fleetKind, setFleetKind] = useState<FleetKind | 'all'>('all');
  const [category, setCategory] = useState<VehicleCategory | 'all'>('all');
  const fetchPage = useCallback((page: number) => listVehicles(page, {
    fleetKind: fleetKind === 'all' ? undefined : fleetKind, category: category === 'all' ? undefined : category,
  }), [fleetKind, category]);
  const list = usePagedList<Vehicle>(fetchPage);
  // Whose 编制 rules mark a row 不占编制: the unit's own kind, or the kind a supervisor filtered on.
  const tagKind = ownKind ?? (fleetKind === 'all' ? null : fleetKind);

  return (
    <View className="fleet-vehicles">
      <View className="work-header">
        <View>
          <Text className="work-header-title">车辆档案</Text>
          <Text className="work-header-sub">{list.total ? `共 ${list.total} 辆 · ` : ''}保险、年检到期前 30 天标橙，已过期标红</Text>
        </View>
      </View>
      {ownKind ? (
        <View className={`card fleet-kind-view fleet-kind-${ownKind}`}>
          <Text className="item-line fleet-kind-rules">{kindRules(ownKind)}</Text>
          <ChoiceChips hook="fleet-category" value={category} onChange={setCategory}
            options={[{ value: 'all' as const, label: '全部' }, ...fleetKindCategories[ownKind].map((c) => ({ value: c, label: vehicleCategoryLabel[c] }))]} />
        </View>
      ) : null}
      {role !== null && OVERSEERS.includes(role) ? (
        <View className="card fleet-kind-filter">
          <Text className="item-line muted">按单位性质查看（事业单位、国有企业的车辆按其各自的规定管理）</Text>
          <ChoiceChips hook="fleet-kind" value={fleetKind} onChange={setFleetKind}
            options={[{ value: 'all' as const, label: '全部' }, ...fleetKinds.map((k) => ({ value: k, label: fleetKindLabel[k] }))]} />
          {fleetKind !== 'all' ? <Text className="item-line muted fleet-kind-rules">{kindRules(fleetKind)}</Text> : null}
        </View>
      ) : null}
      {canImport ? (
        <ImportCard
          title="从 Excel 导入车辆"
          hint={`导入到「${user!.unit.name}」：每行一辆，逐行校验编制与重复；有误的行列在下面，其余照常登记`}
          hook="vehicle-import"
          template={{ path: '/api/fleet/vehicle-import-template.xlsx', fileName: '车辆导入模板.xlsx' }}
          run={async (fileBase64) => {
            const r = await importVehicles(user!.unit.id, fileBase64);
            if (r.written) void list.reload();
            return {
              ok: r.errors.length === 0,
              summary: `已导入 ${r.written} 辆${r.errors.length ? `，${r.errors.length} 行未导入：` : ''}`,
              errors: r.errors.map((e) => ({ row: e.row, subject: e.plate, message: e.message })),
            };
          }}
        />
      ) : null}
      {list.error && !list.items.length ? <ErrorBlock error={list.error} onRetry={() => void list.reload()} /> : null}
      {list.loading && !list.items.length ? <Loading /> : null}
      {!list.loading && !list.error && !list.items.length ? <Empty title="暂无车辆" hint="本单位登记的公务用车会出现在这里" /> : null}
      {list.items.map((v) => (
        <View key={v.id} className={`item-card vehicle-row vehicle-row-${v.id}`} onClick={() => void Taro.navigateTo({ url: `/packages/fleet/detail/index?id=${v.id}` })}>
          <View className="item-head">
            <Text className="item-title">{formatPlate(v.plate)}</Text>
            <StatusChip label={vehicleStatusLabel[v.status]} tone={vehicleStatusTone[v.status]} />
          </View>
          <Text className="item-line item-line-strong">{v.brandModel} · {v.seats} 座</Text>
          <Text className="item-line">{vehicleCategoryLabel[v.category]}{tagKind && !countsAgainstQuota(tagKind, v.category) ? ' · 不占编制' : ''} · {energyTypeLabel[v.energyType]} · {vehicleSourceLabel[v.source]}</Text>
          <View className="item-line">保险到期 <DueDate date={v.insuranceDue} hook="due-insurance" /></View>
          <View className="item-line">年检到期 <DueDate date={v.inspectionDue} hook="due-inspection" /></View>
          <Text className="item-line muted">{v.terminalPhone ? `终端 ${v.terminalPhone}${v.deviceModel ? `（${v.deviceModel}）` : ''}` : '未安装车载终端'}</Text>
        </View>
      ))}
      <ListFooter loading={list.loading} hasMore={list.hasMore} count={list.items.length} onMore={list.loadMore} />
    </View>
  );
}
