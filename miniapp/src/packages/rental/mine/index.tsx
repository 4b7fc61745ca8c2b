import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { rentalPurposeLabel, rentalStatusLabel, type Rental } from '@shared/rental/rental.schemas';
import { fetchMyRentals } from '../../../services/rental.api';
import { requireSession } from '../../../services/session.store';
import { Loading } from '../../../components/loading';
import { Empty } from '../../../components/empty';
import { ErrorBlock } from '../../../components/error-block';
import { StatusChip } from '../../../components/status-chip';
import { formatPlate, formatShanghai, formatYuan } from '../../../utils/format';
import { formatMinutes, rentalStatusTone } from '../rental-display';
import '../../../components/work.css';
import '../rental.css';

const paymentText: Record<Rental['payment'], string> = {
  none: '', unpaid: '待支付', paid: '已支付', statement: '单位月结', payscore: '支付分免押', score_charging: '支付分扣款中', score_releasing: '支付分取消中',
};

/** 我的租车: every reservation and rental of mine, newest first, with what it cost. */
export default function MyRentalsPage() {
  const [items, setItems] = useState<Rental[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    setError(null);
    try {
      setItems(await fetchMyRentals());
    } catch (e) {
      setError(e);
    }
  }, []);

  useDidShow(() => { if (requireSession()) void load(); });
  usePullDownRefresh(() => { void load().finally(() => Taro.stopPullDownRefresh()); });

  return (
    <View className="page rental-mine-page">
      <View className="work-header">
        <View>
          <Text className="work-header-title">我的租车</Text>
          <Text className="work-header-sub">分时租赁的预约、用车与费用</Text>
        </View>
      </View>
      {error && !items ? <ErrorBlock error={error} onRetry={() => void load()} /> : null}
      {!items && !error ? <Loading /> : null}
      {items && !items.length ? (
        <Empty title="还没有租车记录" hint="在「分时租赁」找到附近的车辆，预约后到车旁开锁即可用车" actionText="去找车"
          onAction={() => void Taro.redirectTo({ url: '/packages/rental/index/index' })} />
      ) : null}
      {items?.map((r) => (
        <View key={r.id} className={`item-card rental-row rental-row-${r.id} rental-row-${r.status}`} onClick={() => void Taro.navigateTo({ url: `/packages/rental/rental/index?id=${r.id}` })}>
          <View className="item-head">
            <Text className="item-title">{formatPlate(r.car.plate)} <Text className="muted">{r.car.model}</Text></Text>
            <StatusChip label={rentalStatusLabel[r.status]} tone={rentalStatusTone[r.status]} />
          </View>
          <Text className="item-line">{rentalPurposeLabel[r.purpose]} · {formatShanghai(r.startedAt ?? r.reservedAt)}</Text>
          {r.price && (r.status === 'returned' || r.status === 'closed') ? (
            <Text className="item-line item-line-strong rental-row-amount">
              {formatMinutes(r.price.minutes)} · {r.price.km} 公里 · {formatYuan(r.price.totalFen)}{paymentText[r.payment] ? ` · ${paymentText[r.payment]}` : ''}
            </Text>
          ) : null}
          {r.returnStationName ? <Text className="item-line muted">还车于「{r.returnStationName}」</Text> : null}
        </View>
      ))}
    </View>
  );
}
