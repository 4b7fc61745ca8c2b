import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { QuotaUse } from '@shared/fleet/lifecycle.schemas';
import { unitKindLabel, type UnitKind } from '@shared/identity/identity.schemas';
import { fetchQuotas, importQuotas, listApplications } from '../../services/lifecycle.api';
import { ApiError } from '../../services/http';
import { getCachedUser, getCurrentRole } from '../../services/session.store';
import { importRowErrorSchema } from '@shared/fleet/lifecycle.schemas';
import { z } from 'zod';
import { ImportCard, type ImportOutcome } from '../../components/import-card';
import { ChoiceChips } from '../../components/form-field';
import { fleetKindLabel, fleetKindOf, fleetKinds, unitKindsOf, type FleetKind } from '@shared/fleet/unit-kind-rules';

/** Who sets units' 编制 (server: QUOTA_SETTERS; which units, lifecycle.policy canSetQuotaOf). */
const QUOTA_SETTERS = ['supervisor', 'platform_admin'];

/** 定编 import: written in full, or refused with every bad row listed (the 400's details). */
async function runQuotaImport(fileBase64: string, reload: () => void): Promise<ImportOutcome> {
  try {
    const r = await importQuotas(fileBase64);
    reload();
    return { ok: true, summary: `已写入 ${r.written} 行编制（${[...new Set(r.quotas.map((q) => q.unitName))].join('、')}）`, errors: [] };
  } catch (e) {
    const rows = e instanceof ApiError && e.code === 'QUOTA_IMPORT_REJECTED' ? z.array(importRowErrorSchema).safeParse(e.details) : null;
    if (!rows?.success) throw e;
    return { ok: false, summary: `未写入任何编制：${rows.data.length} 行有误，请改正后重新导入整张表`, errors: rows.data };
  }
}
import { usePagedList } from '../../components/use-paged-list';
import { ListFooter } from '../../components/list-footer';
import { StatusChip } from '../../components/status-chip';
import { formatShanghai } from '../../utils/format';

/**
 * 编制与申请: the units' 编制 quota use by category (超编 in red) — 事业单位 and 国有企业 fleets in their own
 * groups, as their rules differ (DOMAIN.md §2) — and the renewal, procurement, disposal and exemption
 * applications with their state.
 */
export function RegistryView() {
  const [quotas, setQuotas] = useState<QuotaUse[] | null>(null);
  const loadQuotas = useCallback(() => { void fetchQuotas().then(setQuotas).catch(() => setQuotas([])); }, []);
  useEffect(loadQuotas, [loadQuotas]);
  const user = getCachedUser();
  const role = user ? getCurrentRole(user) : null;
  const canSetQuotas = role !== null && QUOTA_SETTERS.includes(role);
  const fetchPage = useCallback((page: number) => listApplications(page), []);
  const apps = usePagedList(fetchPage);
  const [shownKind, setShownKind] = useState<FleetKind | 'all'>('all');
  // One group per unit kind (unit-kind-rules.ts); a 国有企业's 业务用车 is outside 编制 and not listed here.
  const groups = fleetKinds.filter((k) => shownKind === 'all' || k === shownKind)
    .map((k) => ({ key: k, title: k === 'enterprise' ? `${fleetKindLabel[k]}（业务用车不占编制，不列入）` : fleetKindLabel[k], kinds: unitKindsOf[k] as readonly UnitKind[] }));
  const kindsShown = new Set((quotas ?? []).map((q) => fleetKindOf(q.unitKind as UnitKind)));
  return (
    <View className="fleet-registry">
      <View className="work-header">
        <View>
          <Text className="work-header-title">编制使用</Text>
          <Text className="work-header-sub">在用车辆与已批更新预留占用编制；超编标红</Text>
        </View>
      </View>
      {canSetQuotas ? (
        <ImportCard
          title="从 Excel 导入单位编制（定编）"
          hint="每行一个单位一类车辆的编制数；逐行校验，任何一行有误则整表不写入"
          hook="quota-import"
          template={{ path: '/api/fleet/quota-import-template.xlsx', fileName: '单位编制导入模板.xlsx' }}
          run={(fileBase64) => runQuotaImport(fileBase64, loadQuotas)}
        />
      ) : null}
      {kindsShown.size > 1 ? (
        <View className="card quota-kind-filter">
          <ChoiceChips hook="quota-kind" value={shownKind} onChange={setShownKind}
            options={[{ value: 'all' as const, label: '全部' }, ...fleetKinds.map((k) => ({ value: k, label: fleetKindLabel[k] }))]} />
        </View>
      ) : null}
      {groups.map((g) => {
        const rows = (quotas ?? []).filter((q) => g.kinds.includes(q.unitKind as UnitKind));
        if (!rows.length) return null;
        return (
          <View key={g.key} className={`card quota-group quota-group-${g.key}`}>
            <Text className="card-title">{g.title}</Text>
            {rows.map((q) => (
              <View key={`${q.unitId}/${q.category}`} className={`quota-row quota-${q.unitId}-${q.category}${q.over ? ' is-over' : ''}`}>
                <Text className="item-line">{q.unitName} · {q.categoryLabel}</Text>
                <Text className="item-line quota-count">编制 {q.quota} · 在用 {q.used}{q.reserved ? ` · 更新预留 ${q.reserved}` : ''}{q.over ? ' · 超编' : ''}</Text>
              </View>
            ))}
          </View>
        );
      })}
      <View className="card fleet-applications">
        <Text className="card-title">更新、处置与暂不纳入申请</Text>
        {apps.items.map((a) => (
          <View key={a.id} className={`life-application fleet-application-${a.id}`} onClick={() => { if (a.vehicleId) void Taro.navigateTo({ url: `/packages/fleet/detail/index?id=${a.vehicleId}` }); }}>
            <View className="item-head">
              <Text className="item-line item-line-strong">{a.kindLabel} · {a.unitName}</Text>
              <StatusChip label={a.statusLabel} tone={a.status === 'rejected' ? 'red' : a.status === 'pending' ? 'orange' : 'green'} />
            </View>
            <Text className="item-line">{a.summary}</Text>
            <Text className="item-line muted">{a.applicantName} · {formatShanghai(a.submittedAt)} · {unitKindLabel[(quotas ?? []).find((q) => q.unitId === a.unitId)?.unitKind as UnitKind] ?? ''}</Text>
          </View>
        ))}
        <ListFooter loading={apps.loading} hasMore={apps.hasMore} count={apps.items.length} onMore={apps.loadMore} />
      </View>
    </View>
  );
}
