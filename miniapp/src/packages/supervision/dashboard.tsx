import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { isReadOnlyRoles, roleLabel } from '@shared/identity/identity.schemas';
import { getCachedUser } from '../../services/session.store';
import { downloadAppendixA, fetchPool, type PoolRow, type PoolView } from '../../services/supervision.api';
import { showError } from '../../services/http';
import { Loading } from '../../components/loading';
import { Empty } from '../../components/empty';
import { ErrorBlock } from '../../components/error-block';
import { SubmitButton } from '../../components/form-field';
import { BarChart } from './bar-chart';
import { RegionMap } from './region-map';
import { PoolFigures } from './pool-figures';
import { Ranking } from './ranking';
import { WarningList } from './warning-list';
import { rowColour } from './map-types';
import { formatPeriod, levelLabel, metrics, rowHook, shiftMonth, shortYuan, thisMonth, type MetricKey } from './supervision-display';

type Tab = 'overview' | 'warnings' | 'ranking';
const tabs: Array<{ key: Tab; label: string }> = [{ key: 'overview', label: '概况' }, { key: 'warnings', label: '预警处置' }, { key: 'ranking', label: '考核排名' }];

/** GB/T 2260 significant prefix: 130000 → 13, 130100 → 1301, 130102 → 130102 (the warnings list filters by it). */
const prefixOf = (code: string) => (code.length === 9 ? code : code.endsWith('0000') ? code.slice(0, 2) : code.endsWith('00') ? code.slice(0, 4) : code);

interface Crumb { code: string; name: string }

/**
 * 监管看板 (JOURNEYS.md Supervisor): my region's figures for a month, a chart and a map of the level
 * below, each row drilling down to the next level and on to a unit; the warnings to handle, the
 * assessment ranking and Appendix A as Excel.
 */
export function Dashboard() {
  const [period, setPeriod] = useState(thisMonth());
  const [path, setPath] = useState<Crumb[]>([]);
  const [unit, setUnit] = useState<PoolRow | null>(null);
  const [tab, setTab] = useState<Tab>('overview');
  const [metric, setMetric] = useState<MetricKey>('trips');
  const [view, setView] = useState<PoolView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [exporting, setExporting] = useState(false);
  const [showIdle, setShowIdle] = useState(false);
  const regionCode = path[path.length - 1]?.code;
  // 纪检 / 财政 / 审计 read the same board, and act on nothing.
  const viewer = getCachedUser();
  const readOnly = viewer ? isReadOnlyRoles(viewer.roles) : false;

  const load = useCallback(async () => {
    setError(null);
    try {
      const v = await fetchPool(period, regionCode);
      setView(v);
      if (!path.length) setPath([{ code: v.region.key, name: v.region.name }]);
    } catch (e) {
      setError(e);
    }
  }, [period, regionCode, path.length]);
  useEffect(() => { setView(null); void load(); }, [load]);

  function open(row: PoolRow): void {
    if (row.level === 'unit') {
      setUnit(row);
      setTab('overview');
    } else {
      setUnit(null);
      setPath((p) => [...p, { code: row.key, name: row.name }]);
    }
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 });
  }

  function up(i: number): void {
    setUnit(null);
    setPath((p) => p.slice(0, i + 1));
  }

  async function exportA(): Promise<void> {
    if (!view) return;
    setExporting(true);
    try {
      await downloadAppendixA(view.region.key, view.region.name, period);
      void Taro.showToast({ title: '附录A 已导出', icon: 'success' });
    } catch (e) {
      showError(e);
    } finally {
      setExporting(false);
    }
  }

  if (!view && error) return <ErrorBlock error={error} onRetry={() => void load()} />;
  if (!view) return <Loading text="正在汇总本地区数据…" />;
  const shown = unit ?? view.region;
  const m = metrics.find((x) => x.key === metric)!;
  const chartRows = view.children.filter((c) => c.vehicles > 0 || c[metric] > 0).slice(0, 12);
  // Units with no cars and nothing this period (hotels, suppliers sitting in the region) are folded away.
  const busy = view.children.filter((c) => c.level !== 'unit' || c.vehicles > 0 || c.trips > 0 || c.warnings > 0);
  const idle = view.children.length - busy.length;
  const rows = showIdle ? view.children : busy;

  return (
    <View className={`dashboard dashboard-${unit ? `unit-${unit.key.replace('unit:', '')}` : `region-${view.region.key}`}`}>
      <View className="work-header">
        <View>
          <Text className="work-header-title dashboard-title">{shown.name}</Text>
          <Text className="work-header-sub">{unit ? '单位' : levelLabel[view.region.level]} · {formatPeriod(period)} · 本级及以下数据</Text>
        </View>
        {readOnly && viewer ? <Text className="tag read-only-tag">{viewer.roles.map((r) => roleLabel[r]).join('、')} · 只读</Text> : null}
      </View>
      <View className="breadcrumb">
        {path.map((c, i) => (
          <Text key={c.code} className={`crumb crumb-${c.code}${i === path.length - 1 && !unit ? ' is-current' : ''}`} onClick={() => up(i)}>
            {i > 0 ? <Text className="crumb-sep">›</Text> : null}{c.name}
          </Text>
        ))}
        {unit ? <Text className="crumb is-current crumb-unit"><Text className="crumb-sep">›</Text>{unit.name}</Text> : null}
      </View>
      <View className="period-bar dashboard-period">
        <Text className="period-step period-prev" onClick={() => setPeriod((p) => shiftMonth(p, -1))}>‹ 上月</Text>
        <Text className="period-current">{formatPeriod(period)}</Text>
        <Text className={`period-step period-next${period >= thisMonth() ? ' is-disabled' : ''}`} onClick={() => { if (period < thisMonth()) setPeriod((p) => shiftMonth(p, 1)); }}>下月 ›</Text>
      </View>
      <View className="tabs dashboard-tabs">
        {tabs.map((t) => (
          <View key={t.key} className={`tab dash-tab-${t.key}${t.key === tab ? ' is-active' : ''}`} onClick={() => setTab(t.key)}>{t.label}</View>
        ))}
      </View>

      {tab === 'overview' ? (
        <View>
          <PoolFigures row={shown} />
          {!unit ? (
            <View>
              <View className="card appendix-a-card">
                <View className="appendix-a-text">
                  <Text className="card-title">附录A 统计表</Text>
                  <Text className="muted">{view.region.name}{formatPeriod(period)}纳入信息化平台管理情况，含合计行</Text>
                </View>
                <SubmitButton text="导出 Excel" busyText="导出中…" kind="ghost" busy={exporting} onClick={() => void exportA()} hook="appendix-a-export" />
              </View>
              <View className="card dashboard-chart">
                <Text className="card-title">下级{m.label}对比</Text>
                <View className="choice-chips metric-chips">
                  {metrics.map((x) => (
                    <View key={x.key} className={`choice-chip metric-${x.key}${x.key === metric ? ' is-active' : ''}`} onClick={() => setMetric(x.key)}>{x.label}</View>
                  ))}
                </View>
                {chartRows.length ? (
                  <BarChart hook={`pool-chart-${metric}`} unit={m.unit} data={chartRows.map((c) => ({ name: c.name, value: c[metric], colour: metric === 'warnings' ? rowColour(c) : undefined }))} />
                ) : <Text className="muted">本期下级没有数据</Text>}
              </View>
              <View className="card dashboard-map">
                <Text className="card-title">区域分布</Text>
                <RegionMap rows={busy} onSelect={open} />
                <View className="fleet-legend">
                  <Text className="legend-dot dot-red" /><Text className="legend-text">有红色预警</Text>
                  <Text className="legend-dot dot-orange" /><Text className="legend-text">有预警</Text>
                  <Text className="legend-dot dot-green" /><Text className="legend-text">无预警</Text>
                </View>
                <Text className="muted">圆点数字为本期预警数，大小随车辆数；点按进入下一级</Text>
              </View>
              <Text className="section-title">下级区划与单位</Text>
              {!view.children.length ? <Empty title="下面没有区划或单位" hint="本地区登记的单位会出现在这里" /> : null}
              {rows.map((c) => (
                <View key={c.key} className={`item-card pool-row pool-row-${rowHook(c.key)}`} onClick={() => open(c)}>
                  <View className="item-head">
                    <Text className="item-title">{c.name}<Text className="tag pool-level">{levelLabel[c.level]}</Text></Text>
                    <Text className="pool-row-arrow">›</Text>
                  </View>
                  <Text className="item-line">车辆 {c.vehicles} · 装终端 {c.withTerminal} · 行程 {c.trips} · 里程 {c.distanceKm} 公里 · 费用 {shortYuan(c.costFen)}</Text>
                  <Text className={`item-line pool-row-warnings${c.warningsRed ? ' is-alert' : ''}`}>预警 {c.warnings} 条（红色 {c.warningsRed}，办结 {c.warningsClosed}）</Text>
                </View>
              ))}
              {idle ? (
                <View className="list-footer pool-idle-toggle" onClick={() => setShowIdle((x) => !x)}>
                  <Text className="list-more-text">{showIdle ? '收起无车辆的单位' : `另有 ${idle} 个单位本期无车辆、行程和预警，点此显示`}</Text>
                </View>
              ) : null}
            </View>
          ) : (
            <View>
              <Ranking regionCode={path[path.length - 1]!.code} period={period} unitId={Number(unit.key.replace('unit:', ''))} />
              <Text className="section-title">本单位预警</Text>
              <WarningList unitId={Number(unit.key.replace('unit:', ''))} emptyHint="本期该单位没有预警" />
            </View>
          )}
        </View>
      ) : null}
      {tab === 'warnings' ? (
        <WarningList regionCode={unit ? undefined : prefixOf(view.region.key)} unitId={unit ? Number(unit.key.replace('unit:', '')) : undefined} emptyHint="本地区暂无预警；规则触发后会出现在这里" />
      ) : null}
      {tab === 'ranking' ? <Ranking regionCode={view.region.key} period={period} /> : null}
    </View>
  );
}
