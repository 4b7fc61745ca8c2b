import { useCallback, useState } from 'react';
import { useLoad } from '@tarojs/taro';
import type { TripDetail } from '@shared/trips/trips.schemas';
import { getTrip } from '../services/trips.api';
import { requireSession } from '../services/session.store';

/** The trip a page is opened for (`?id=`): loaded on open, reloadable, replaceable by an action's answer. */
export function useTrip() {
  const [id, setId] = useState(0);
  const [trip, setTrip] = useState<TripDetail | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async (tripId: number) => {
    setError(null);
    try {
      setTrip(await getTrip(tripId));
    } catch (e) {
      setError(e);
    }
  }, []);

  useLoad((params: Record<string, string | undefined>) => {
    if (!requireSession()) return;
    const tripId = Number(params.id);
    setId(tripId);
    void load(tripId);
  });

  return { id, trip, setTrip, error, load };
}
