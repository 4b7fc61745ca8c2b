import { useState } from 'react';
import Taro, { useLoad } from '@tarojs/taro';
import { View } from '@tarojs/components';
import type { User } from '@shared/identity/identity.schemas';
import type { TripDetail } from '@shared/trips/trips.schemas';
import { createTrip, fetchColleagues, getTrip, updateTrip } from '../../../services/trips.api';
import { getCachedUser, requireSession } from '../../../services/session.store';
import { TripForm } from '../../../components/trip-form';
import { Loading } from '../../../components/loading';
import { ErrorBlock } from '../../../components/error-block';

/** New request, or (with ?id=) the edit of a request the approver returned. */
export default function NewTripPage() {
  const [editing, setEditing] = useState<TripDetail | null>(null);
  const [ready, setReady] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [colleagues, setColleagues] = useState<User[]>([]);
  const [tripId, setTripId] = useState<number | null>(null);

  function load(id: number | null): void {
    setError(null);
    setReady(false);
    // Colleagues only help booking on someone's behalf: the form works without them.
    fetchColleagues().then(setColleagues).catch(() => setColleagues([]));
    if (id == null) {
      setReady(true);
      return;
    }
    getTrip(id).then((t) => { setEditing(t); setReady(true); }).catch(setError);
  }

  useLoad((params: Record<string, string | undefined>) => {
    if (!requireSession()) return;
    const id = params.id ? Number(params.id) : null;
    setTripId(id);
    if (id != null) void Taro.setNavigationBarTitle({ title: '修改用车申请' });
    load(id);
  });

  if (error) return <View className="page"><ErrorBlock error={error} onRetry={() => load(tripId)} /></View>;
  if (!ready) return <View className="page"><Loading /></View>;

  return (
    <View className="page trip-new-page">
      <TripForm
        initial={editing}
        colleagues={colleagues}
        meId={getCachedUser()?.id}
        submitText={editing ? '修改并重新提交' : '提交申请'}
        onSubmit={async (input) => {
          const trip = editing ? await updateTrip(editing.id, input) : await createTrip(input);
          void Taro.showToast({ title: '已提交，等待审批', icon: 'success' });
          await Taro.redirectTo({ url: `/packages/trips/detail/index?id=${trip.id}` });
        }}
      />
    </View>
  );
}
