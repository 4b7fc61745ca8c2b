import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { tripKindLabel, tripPriorityLabel, type TripListItem } from '@shared/trips/trips.schemas';
import { StatusChip } from '../../components/status-chip';
import { formatPlate, formatShanghai, formatYuan } from '../../utils/format';
import { formatWindow, tripStatusTone } from '../../utils/trip-display';

/** One of my trips: state, when, where, and the car with its driver once dispatched. */
export function TripCard({ trip }: { trip: TripListItem }) {
  const cars = trip.plates.map((p, i) => ({ plate: p, driver: trip.driverNames[i] ?? '', phone: trip.driverPhonesMasked[i] ?? '' }));
  return (
    <View className={`item-card trip-card trip-card-${trip.id} trip-status-${trip.status}`} onClick={() => void Taro.navigateTo({ url: `/packages/trips/detail/index?id=${trip.id}` })}>
      <View className="item-head">
        <Text className="item-title">{trip.purpose}</Text>
        <StatusChip label={trip.statusLabel} tone={tripStatusTone[trip.status]} hook="trip-card-status" />
      </View>
      <Text className="item-line">{formatWindow(trip.startAt, trip.endAt, formatShanghai)}</Text>
      <Text className="item-line">{trip.originName} → {trip.destinationNames.join('、')}</Text>
      <Text className="item-line">
        {tripKindLabel[trip.kind]} · {trip.passengers} 人 · {trip.vehiclesNeeded} 辆{trip.priority !== 'normal' ? ` · ${tripPriorityLabel[trip.priority]}` : ''}
        {trip.costFen > 0 ? ` · 费用 ${formatYuan(trip.costFen)}` : ''}
      </Text>
      {cars.map((c) => (
        <View key={c.plate} className="item-car trip-card-car">
          <Text className="item-car-plate">{formatPlate(c.plate)}</Text>
          <Text className="item-line item-line-strong">驾驶员 {c.driver} {c.phone}</Text>
        </View>
      ))}
    </View>
  );
}
