import { useCallback, useState } from 'react';
import Taro, { useLoad } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { fetchTrack, TRACK_MAX_MS, type TrackPoint } from '../../../services/telematics.api';
import { fetchPositions } from '../../../services/telematics.api';
import { requireSession } from '../../../services/session.store';
import { Loading } from '../../../components/loading';
import { Empty } from '../../../components/empty';
import { ErrorBlock } from '../../../components/error-block';
import { InfoRow } from '../../../components/info-row';
import { formatPlate, formatShanghai } from '../../../utils/format';
import { TrackPlot } from '../track-plot';
import { pathLengthM } from '../geo';
import { formatDistance, formatDuration } from '../fleet-display';
import '../../../components/work.css';
import '../fleet.css';

interface Query { vehicleId: number; from: string; to: string; clipped: boolean }

/** The window asked for, clipped to the API's 72 hours (from the start) and to now. */
function readQuery(params: Record<string, string | undefined>): Query | null {
  const vehicleId = Number(params.vehicleId);
  const fromMs = Date.parse(decodeURIComponent(params.from ?? ''));
  const askedTo = params.to ? Date.parse(decodeURIComponent(params.to)) : Date.now();
  if (!vehicleId || Number.isNaN(fromMs) || Number.isNaN(askedTo) || askedTo <= fromMs) return null;
  const toMs = Math.min(askedTo, fromMs + TRACK_MAX_MS, Date.now());
  return { vehicleId, from: new Date(fromMs).toISOString(), to: new Date(Math.max(toMs, fromMs + 1000)).toISOString(), clipped: toMs < askedTo - 60_000 };
}

/** 轨迹: where a vehicle drove between two instants (a trip's departure and return). */
export default function TrackPage() {
  const [query, setQuery] = useState<Query | null>(null);
  const [plate, setPlate] = useState('');
  const [points, setPoints] = useState<TrackPoint[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [bad, setBad] = useState(false);

  const load = useCallback(async (q: Query) => {
    setError(null);
    try {
      setPoints(await fetchTrack(q.vehicleId, q.from, q.to));
      const [p] = await fetchPositions([q.vehicleId]).catch(() => []);
      if (p) {
        setPlate(p.plate);
        void Taro.setNavigationBarTitle({ title: `${formatPlate(p.plate)} 轨迹` });
      }
    } catch (e) {
      setError(e);
    }
  }, []);

  useLoad((params: Record<string, string | undefined>) => {
    if (!requireSession()) return;
    const q = readQuery(params);
    if (!q) return setBad(true);
    setQuery(q);
    void load(q);
  });

  if (bad) return <View className="page"><Empty title="轨迹参数不完整" hint="请从行程详情或车辆详情进入" /></View>;
  if (error && query) return <View className="page"><ErrorBlock error={error} onRetry={() => void load(query)} /></View>;
  if (!points || !query) return <View className="page"><Loading text="正在加载轨迹…" /></View>;

  const first = points[0];
  const last = points[points.length - 1];
  const moving = first && last ? Date.parse(last.gpsTime) - Date.parse(first.gpsTime) : 0;
  const maxSpeed = points.reduce((m, p) => Math.max(m, p.speedKmh), 0);

  return (
    <View className="page fleet-track">
      <View className="card track-summary">
        <Text className="card-title">{plate ? `${formatPlate(plate)} ` : ''}行驶轨迹</Text>
        <InfoRow label="时段" value={`${formatShanghai(query.from)} 至 ${formatShanghai(query.to)}`} />
        {query.clipped ? <Text className="form-hint">轨迹一次最多查询 72 小时，已显示到 {formatShanghai(query.to)}</Text> : null}
        <InfoRow label="里程" value={<Text className="track-distance">{formatDistance(pathLengthM(points))}</Text>} />
        <InfoRow label="行驶时长" value={<Text className="track-duration">{formatDuration(moving)}</Text>} />
        <InfoRow label="最高速度" value={`${Math.round(maxSpeed)} 公里/小时`} />
        <InfoRow label="定位点" value={`${points.length} 个`} hook="track-points" />
      </View>
      {points.length === 0 ? (
        <Empty title="该时段没有轨迹" hint="终端在这段时间内没有上报位置（可能离线或未出车）" />
      ) : (
        <View className="card track-card">
          <TrackPlot points={points} />
          {first && last ? (
            <View className="track-ends">
              <Text className="item-line"><Text className="track-end-mark is-start">起</Text>{formatShanghai(first.gpsTime)}</Text>
              <Text className="item-line"><Text className="track-end-mark is-end">终</Text>{formatShanghai(last.gpsTime)}</Text>
            </View>
          ) : null}
        </View>
      )}
    </View>
  );
}
