import { useState } from 'react';
import Taro from '@tarojs/taro';
import type { Reservation } from '@shared/reservations/reservations.schemas';
import { errorMessage } from '../../components/error-block';

/** What a booking hangs on: an approved official trip, or an approved 出差 record. */
export type BookingTarget = { tripId: number; travelId?: undefined } | { travelId: number; tripId?: undefined };

/**
 * One booking at a time from a search list: busy while sending; the server's refusal (its Chinese
 * message names the rule over the standard, or what is sold out) shown on the offer it was for; on
 * success the booking's page opens.
 */
export function useBooking() {
  const [busyKey, setBusyKey] = useState<string | null>(null);
  const [failed, setFailed] = useState<{ key: string; message: string } | null>(null);

  async function book(key: string, work: () => Promise<Reservation>): Promise<void> {
    if (busyKey) return;
    setFailed(null);
    setBusyKey(key);
    try {
      const r = await work();
      void Taro.showToast({ title: r.status === 'pending_approval' ? '已提交审批' : r.status === 'awaiting_payment' ? '请支付差额' : '已提交预订', icon: 'success' });
      await Taro.navigateTo({ url: `/packages/reservations/detail/index?id=${r.id}` });
    } catch (e) {
      setFailed({ key, message: errorMessage(e) });
    } finally {
      setBusyKey(null);
    }
  }

  return { busyKey, failed, book, errorFor: (key: string) => (failed?.key === key ? failed.message : null) };
}
