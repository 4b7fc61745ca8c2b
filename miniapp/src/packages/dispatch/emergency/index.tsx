import { useState } from 'react';
import Taro, { useLoad } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { EmergencyResult } from '@shared/trips/dispatch.schemas';
import { dispatchEmergency } from '../../../services/dispatch.api';
import { requireSession } from '../../../services/session.store';
import { TripForm } from '../../../components/trip-form';
import { TripAssignments } from '../../../components/trip-sections';
import '../../../components/work.css';

/**
 * 紧急调度 (DOMAIN.md §4): dispatch first, approve after (补单); the system may take a car from a
 * lower-priority booking, which is re-dispatched and its people told.
 */
export default function EmergencyPage() {
  const [result, setResult] = useState<EmergencyResult | null>(null);
  useLoad(() => { requireSession(); });

  if (result) {
    return (
      <View className="page emergency-done">
        <View className="form-banner form-banner-ok">紧急用车已派车（行程 {result.trip.id}），补单已提交审批。</View>
        <TripAssignments trip={result.trip} showReason />
        {result.preempted.length ? (
          <View className="card">
            <Text className="card-title">被调用的预约</Text>
            {result.preempted.map((p) => <Text key={p.tripId} className="item-reason">行程 {p.tripId}：{p.message}</Text>)}
          </View>
        ) : null}
        <View className="form-actions">
          <View className="btn btn-primary" onClick={() => void Taro.navigateBack()}>返回调度台</View>
        </View>
      </View>
    );
  }
  return (
    <View className="page emergency-page">
      <View className="form-banner form-banner-error">紧急调度先派车后补单，仅用于应急保障等紧急情况；必要时将调用低优先级预约的车辆。</View>
      <TripForm submitText="立即派车" onSubmit={async (input) => setResult(await dispatchEmergency(input))} />
    </View>
  );
}
