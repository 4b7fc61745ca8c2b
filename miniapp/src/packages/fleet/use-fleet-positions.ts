import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidHide, useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { fetchPositions, type VehiclePosition } from '../../services/telematics.api';
import { listTrips } from '../../services/trips.api';

/** The map refreshes this often while its page is on screen (JOURNEYS.md 调度员 "Vehicles now"). */
export const REFRESH_MS = 10_000;

/**
 * Latest positions of every visible vehicle, reloaded every 10 s while the page is shown and not
 * while another page is on top. `busyPlates`: cars on a trip in progress (出车中), best effort.
 */
export function useFleetPositions() {
  const [items, setItems] = useState<VehiclePosition[] | null>(null);
  const [busyPlates, setBusyPlates] = useState<Set<string>>(new Set());
  const [error, setError] = useState<unknown>(null);
  const [loadedAt, setLoadedAt] = useState<number | null>(null);
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);

  const load = useCallback(async () => {
    try {
      const [positions, trips] = await Promise.all([
        fetchPositions(),
        listTrips({ page: 1, pageSize: 100, status: 'in_progress' }).catch(() => null),
      ]);
      setItems(positions);
      if (trips) setBusyPlates(new Set(trips.items.flatMap((t) => t.plates)));
      setError(null);
      setLoadedAt(Date.now());
    } catch (e) {
      setError(e);
    }
  }, []);

  const stop = useCallback(() => {
    if (timer.current) clearInterval(timer.current);
    timer.current = null;
  }, []);
  const start = useCallback(() => {
    stop();
    void load();
    timer.current = setInterval(() => void load(), REFRESH_MS);
  }, [load, stop]);

  useEffect(() => {
    start();
    return stop;
  }, [start, stop]);
  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) start();
    shown.current = true;
  });
  useDidHide(stop);
  usePullDownRefresh(() => { void load().finally(() => Taro.stopPullDownRefresh()); });

  return { items, busyPlates, error, loadedAt, reload: load };
}
