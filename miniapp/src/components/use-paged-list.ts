import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';

export interface PageResult<T> { items: T[]; total: number }

/**
 * One list with paging, pull to refresh and reach-bottom loading (JOURNEYS.md "Every list").
 * `fetchPage` is called with 1, 2, …; `reload()` starts again from page 1. The first page loads when
 * `fetchPage` changes (a new filter) and again when the page shows after another page was on top.
 */
export function usePagedList<T>(fetchPage: (page: number) => Promise<PageResult<T>>) {
  const [items, setItems] = useState<T[]>([]);
  const [total, setTotal] = useState(0);
  const [page, setPage] = useState(0);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const seq = useRef(0);

  const load = useCallback(async (next: number) => {
    const mine = ++seq.current;
    setLoading(true);
    setError(null);
    try {
      const res = await fetchPage(next);
      if (mine !== seq.current) return;
      setItems((prev) => (next === 1 ? res.items : [...prev, ...res.items]));
      setTotal(res.total);
      setPage(next);
    } catch (e) {
      if (mine === seq.current) setError(e);
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, [fetchPage]);

  const reload = useCallback(() => load(1), [load]);
  const hasMore = items.length < total;
  const loadMore = useCallback(() => {
    if (!loading && hasMore) void load(page + 1);
  }, [loading, hasMore, load, page]);

  useEffect(() => {
    setItems([]);
    void load(1);
  }, [load]);

  const shown = useRef(false);
  useDidShow(() => {
    if (shown.current) void load(1);
    shown.current = true;
  });

  usePullDownRefresh(() => {
    void load(1).finally(() => Taro.stopPullDownRefresh());
  });
  useReachBottom(loadMore);

  return { items, total, page, loading, error, hasMore, reload, loadMore, setItems };
}
