import { useCallback, useState } from 'react';
import Taro, { useDidShow, useLoad, usePullDownRefresh } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { TravelSummary } from '@shared/travel/travel.schemas';
import { fetchTravels } from '../../../services/travel.api';
import { requireSession } from '../../../services/session.store';
import { Loading } from '../../../components/loading';
import { Empty } from '../../../components/empty';
import { ErrorBlock } from '../../../components/error-block';
import { StatusChip } from '../../../components/status-chip';
import { SubmitButton } from '../../../components/form-field';
import { travelStatusTone } from '../travel-display';
import '../../../components/work.css';
import '../travel.css';

/**
 * 出差报销: the traveller's 出差 records (apply for a new one); finance (?view=finance) sees the approved
 * records of its scope, to open one and export its 报销单.
 */
export default function TravelIndex() {
  const [box, setBox] = useState<'mine' | 'finance'>('mine');
  const [items, setItems] = useState<TravelSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useLoad((params: Record<string, string | undefined>) => { if (params.view === 'finance') setBox('finance'); });

  const load = useCallback(async (which: 'mine' | 'finance') => {
    setError(null);
    try { setItems(await fetchTravels(which)); } catch (e) { setError(e); }
  }, []);

  useDidShow(() => { if (requireSession()) void load(box); });
  usePullDownRefresh(() => { void load(box).finally(() => Taro.stopPullDownRefresh()); });

  return (
    <View className="page travel-page">
      <View className="work-header">
        <View>
          <Text className="work-header-title">{box === 'finance' ? '差旅报销' : '出差报销'}</Text>
          <Text className="work-header-sub">{box === 'finance' ? '已批准的出差记录，导出差旅费报销单' : '出差申请、预订、发票、公务卡支付在一条记录里'}</Text>
        </View>
      </View>
      {box === 'mine' ? (
        <View className="card">
          <SubmitButton text="申请出差" busy={false} onClick={() => void Taro.navigateTo({ url: '/packages/travel/apply/index' })} hook="travel-apply" />
        </View>
      ) : null}
      {error && !items ? <ErrorBlock error={error} onRetry={() => void load(box)} /> : null}
      {!items && !error ? <Loading /> : null}
      {items && !items.length ? <Empty title={box === 'finance' ? '暂无待报销的出差记录' : '还没有出差记录'} hint={box === 'finance' ? '出差申请批准后出现在这里' : '申请出差，批准后可预订酒店、用餐和车票，并提交发票'} /> : null}
      {(items ?? []).map((t) => (
        <View key={t.id} className={`item-card travel-item travel-item-${t.id}`} onClick={() => void Taro.navigateTo({ url: `/packages/travel/detail/index?id=${t.id}` })}>
          <View className="item-head">
            <Text className="item-title">{t.purpose}</Text>
            <StatusChip label={t.statusLabel} tone={travelStatusTone[t.status]} hook="travel-status" />
          </View>
          <Text className="item-line">{t.startDate} 至 {t.endDate}（{t.days} 天）· {t.travellers.map((x) => x.name).join('、')}</Text>
          <Text className="item-line">{t.legs.map((l) => `${l.fromPlace}—${l.toPlace}`).join('，')}</Text>
          {box === 'finance' ? <Text className="item-line">{t.unitName}</Text> : null}
        </View>
      ))}
    </View>
  );
}
