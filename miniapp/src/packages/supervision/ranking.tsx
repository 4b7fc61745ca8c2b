import { useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import { fetchAssessment, type Assessment } from '../../services/supervision.api';
import { Loading } from '../../components/loading';
import { Empty } from '../../components/empty';
import { ErrorBlock } from '../../components/error-block';
import { formatYuan } from '../../utils/format';
import { formatPeriod } from './supervision-display';

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** 考核评估: the units of a region ranked by their month's score, the formula shown above the list. */
export function Ranking({ regionCode, period, unitId }: { regionCode: string; period: string; unitId?: number }) {
  const [data, setData] = useState<Assessment | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [seq, setSeq] = useState(0);
  useEffect(() => {
    let gone = false;
    setData(null);
    setError(null);
    fetchAssessment(period, regionCode).then((a) => { if (!gone) setData(a); }, (e) => { if (!gone) setError(e); });
    return () => { gone = true; };
  }, [regionCode, period, seq]);
  if (error) return <ErrorBlock error={error} onRetry={() => setSeq((n) => n + 1)} />;
  if (!data) return <Loading text="正在计算考核得分…" />;
  const items = unitId == null ? data.items : data.items.filter((i) => i.unitId === unitId);
  return (
    <View className="ranking">
      <View className="card ranking-formula">
        <Text className="card-title">{data.regionName} {formatPeriod(data.period)} 考核评估</Text>
        <Text className="ranking-formula-text">{data.formula}</Text>
      </View>
      {!items.length ? <Empty title="本期没有可考核的单位" hint="有登记车辆的单位按月计分；换一个月份或上一级区划查看" /> : null}
      {items.map((i) => (
        <View key={i.unitId} className={`item-card ranking-item ranking-unit-${i.unitId}`}>
          <View className="item-head">
            <Text className="item-title"><Text className={`ranking-rank rank-${Math.min(i.rank, 4)}`}>{i.rank}</Text>{i.unitName}</Text>
            <Text className="ranking-score">{i.score.toFixed(1)}<Text className="ranking-score-unit"> 分</Text></Text>
          </View>
          <View className="ranking-bar"><View className="ranking-bar-fill" style={{ width: `${Math.max(2, i.score)}%` }} /></View>
          <Text className="item-line muted">
            入网 {pct(i.indicators.coverage)} · 办结 {pct(i.indicators.closure)} · 违规控制 {pct(i.indicators.safety)} · 使用 {pct(i.indicators.utilisation)}
          </Text>
          <Text className="item-line muted">车辆 {i.figures.vehicles} 辆 · 行程 {i.figures.trips} 次 · 预警 {i.figures.warnings} 条 · 车均费用 {formatYuan(i.costPerVehicleFen)}</Text>
        </View>
      ))}
    </View>
  );
}
