import { useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { View, Text, Textarea } from '@tarojs/components';
import { rateSchema, reasonSchema, tripKindLabel, tripPriorityLabel, type TripDetail } from '@shared/trips/trips.schemas';
import { vehicleCategoryLabel } from '@shared/fleet/fleet.schemas';
import { cancelTrip, confirmTrip, rateTrip } from '../../../services/trips.api';
import { getCachedUser, getCurrentRole } from '../../../services/session.store';
import { Loading } from '../../../components/loading';
import { ErrorBlock } from '../../../components/error-block';
import { StatusChip } from '../../../components/status-chip';
import { InfoRow } from '../../../components/info-row';
import { StarRating } from '../../../components/star-rating';
import { SubmitButton } from '../../../components/form-field';
import { TripAssignments, TripCosts, TripTimeline } from '../../../components/trip-sections';
import { ReceiptsCard } from '../../../components/receipts-card';
import { TripEvidenceCard } from '../../../components/trip-evidence-card';
import { formatPlate, formatShanghai } from '../../../utils/format';
import { cancellableTripStatuses, fieldErrors, formatWindow, placeText, tripStatusTone } from '../../../utils/trip-display';
import { useTrip } from '../../../features/use-trip';
import { ApprovalHolders } from '../../../features/approvals/approval-holders';
import '../../../components/work.css';
import './index.css';

/** One trip: state, car and driver, costs, the full record; cancel, confirm costs, rate. */
export default function TripDetailPage() {
  const { id, trip, setTrip, error, load } = useTrip();
  const [busy, setBusy] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const [rating, setRating] = useState(5);
  const [comment, setComment] = useState('');
  const [fieldError, setFieldError] = useState<Record<string, string>>({});

  useDidShow(() => { if (id) void load(id); });
  usePullDownRefresh(() => { void load(id).finally(() => Taro.stopPullDownRefresh()); });

  async function act(work: () => Promise<TripDetail>, done: string): Promise<void> {
    setBusy(true);
    try {
      setTrip(await work());
      void Taro.showToast({ title: done, icon: 'success' });
    } catch {
      // The http client showed the server's message.
    } finally {
      setBusy(false);
    }
  }

  function submitCancel(): void {
    const parsed = reasonSchema.safeParse({ reason });
    if (!parsed.success) return setFieldError(fieldErrors(parsed.error.issues));
    setFieldError({});
    void act(() => cancelTrip(id, parsed.data.reason), '已取消').then(() => setCancelling(false));
  }

  function submitRate(): void {
    const parsed = rateSchema.safeParse({ rating, comment });
    if (!parsed.success) return setFieldError(fieldErrors(parsed.error.issues));
    setFieldError({});
    void act(() => rateTrip(id, parsed.data), '感谢评价');
  }

  if (error) return <View className="page"><ErrorBlock error={error} onRetry={() => void load(id)} /></View>;
  if (!trip) return <View className="page"><Loading /></View>;

  const user = getCachedUser();
  const me = user?.id;
  // Tracks are for dispatchers, fleet admins and supervisors (server: telematics VIEWERS).
  const role = user ? getCurrentRole(user) : null;
  const canSeeTracks = role === 'dispatcher' || role === 'fleet_admin' || role === 'supervisor' || role === 'platform_admin';
  const mine = trip.applicantId === me || trip.bookedById === me;
  const canCancel = mine && cancellableTripStatuses.includes(trip.status);
  const canEdit = mine && trip.status === 'returned_for_edit';

  return (
    <View className={`page page-with-bar trip-detail trip-detail-${trip.id} trip-status-${trip.status}`}>
      <View className="trip-detail-hero">
        <View className="item-head">
          <Text className="trip-detail-title">{trip.purpose}</Text>
          <StatusChip label={trip.statusLabel} tone={tripStatusTone[trip.status]} hook="trip-detail-status" />
        </View>
        <Text className="trip-detail-sub">行程编号 {trip.id} · {tripKindLabel[trip.kind]}用车{trip.priority !== 'normal' ? ` · ${tripPriorityLabel[trip.priority]}` : ''}</Text>
        {trip.cancelReason ? <Text className="trip-detail-sub">取消原因：{trip.cancelReason}</Text> : null}
      </View>

      <View className="card">
        <Text className="card-title">用车信息</Text>
        <InfoRow label="用车时间" value={formatWindow(trip.startAt, trip.endAt, formatShanghai)} />
        <InfoRow label="出发地" value={placeText(trip.origin)} />
        <InfoRow label="目的地" value={trip.destinations.map(placeText).join(' → ')} />
        <InfoRow label="用车人" value={trip.applicantName} />
        <InfoRow label="乘车人数" value={`${trip.passengers} 人${trip.passengerNames ? `（${trip.passengerNames}）` : ''}`} />
        <InfoRow label="车辆" value={`${trip.vehiclesNeeded} 辆 · 每车 ${trip.seatsWanted} 座 · ${trip.category ? vehicleCategoryLabel[trip.category] : '不限车型'}`} />
      </View>

      {trip.status === 'pending_approval' ? <ApprovalHolders tripId={trip.id} refreshKey={trip.status} /> : null}
      <TripAssignments trip={trip} />
      {canSeeTracks ? trip.assignments.filter((a) => a.departedAt && a.vehicleId).map((a) => (
        <View key={a.id} className={`card trip-track-link trip-track-${a.id}`} onClick={() => void Taro.navigateTo({
          url: `/packages/fleet/track/index?vehicleId=${a.vehicleId}&from=${encodeURIComponent(a.departedAt!)}&to=${encodeURIComponent(a.returnedAt ?? new Date().toISOString())}`,
        })}>
          <Text className="list-more-text">查看轨迹{a.plate ? `（${formatPlate(a.plate)}）` : ''} ›</Text>
        </View>
      )) : null}
      <TripCosts trip={trip} />
      {trip.assignments.some((a) => a.departedAt) ? <TripEvidenceCard tripId={trip.id} refreshKey={trip.status} /> : null}
      {trip.assignments.filter((a) => a.status === 'returned').map((a) => <ReceiptsCard key={a.id} assignmentId={a.id} />)}

      {trip.status === 'confirmed' && mine ? (
        <View className="card trip-rate">
          <Text className="card-title">评价本次出行</Text>
          <StarRating value={rating} onChange={setRating} />
          <Textarea className="form-textarea input-rate-comment" value={comment} maxlength={200} placeholder="选填：车辆、驾驶员服务如何" placeholderClass="form-placeholder" onInput={(e) => setComment(e.detail.value)} />
          {fieldError.rating ? <Text className="form-error">{fieldError.rating}</Text> : null}
        </View>
      ) : null}
      {trip.rating != null ? (
        <View className="card trip-rated">
          <Text className="card-title">我的评价</Text>
          <StarRating value={trip.rating} />
          {trip.ratingComment ? <Text className="item-line">{trip.ratingComment}</Text> : null}
        </View>
      ) : null}

      {cancelling ? (
        <View className="card trip-cancel-form">
          <Text className="card-title">取消原因</Text>
          <Textarea className="form-textarea input-cancel-reason" value={reason} maxlength={200} placeholder="如：会议改期" placeholderClass="form-placeholder" onInput={(e) => setReason(e.detail.value)} />
          {fieldError.reason ? <Text className="form-error field-error-reason">{fieldError.reason}</Text> : null}
        </View>
      ) : null}

      <TripTimeline trip={trip} />

      {mine && (canCancel || canEdit || trip.status === 'reviewed' || trip.status === 'confirmed') ? (
        <View className="action-bar">
          {canCancel && !cancelling ? <View className="btn btn-danger trip-cancel" onClick={() => setCancelling(true)}>取消行程</View> : null}
          {cancelling ? <View className="btn btn-ghost trip-cancel-back" onClick={() => setCancelling(false)}>不取消</View> : null}
          {cancelling ? <SubmitButton text="确认取消" kind="danger" busy={busy} onClick={submitCancel} hook="trip-cancel-submit" /> : null}
          {canEdit && !cancelling ? <View className="btn btn-primary trip-edit" onClick={() => void Taro.navigateTo({ url: `/packages/trips/new/index?id=${trip.id}` })}>修改后重新提交</View> : null}
          {trip.status === 'reviewed' ? <SubmitButton text="确认行程与费用" busy={busy} onClick={() => void act(() => confirmTrip(id), '已确认')} hook="trip-confirm" /> : null}
          {trip.status === 'confirmed' ? <SubmitButton text="提交评价" busy={busy} onClick={submitRate} hook="trip-rate-submit" /> : null}
        </View>
      ) : null}
    </View>
  );
}
