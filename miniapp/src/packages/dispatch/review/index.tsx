import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text, Textarea } from '@tarojs/components';
import { reviewSchema } from '@shared/trips/trips.schemas';
import { reviewTrip } from '../../../services/dispatch.api';
import { Loading } from '../../../components/loading';
import { ErrorBlock } from '../../../components/error-block';
import { StatusChip } from '../../../components/status-chip';
import { InfoRow } from '../../../components/info-row';
import { SubmitButton } from '../../../components/form-field';
import { TripAssignments, TripCosts, TripTimeline } from '../../../components/trip-sections';
import { ReceiptsCard } from '../../../components/receipts-card';
import { TripEvidenceCard } from '../../../components/trip-evidence-card';
import { formatPlate } from '../../../utils/format';
import { formatShanghai } from '../../../utils/format';
import { formatWindow, tripStatusTone } from '../../../utils/trip-display';
import { useTrip } from '../../../features/use-trip';
import { CostCorrection, costCorrectableStatuses } from '../cost-correction';
import '../../../components/work.css';

/** 交车审核: odometers and costs of a returned trip, checked before the applicant confirms them; after review, 费用更正 per car. */
export default function ReviewPage() {
  const { id, trip, setTrip, error, load } = useTrip();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(): Promise<void> {
    const parsed = reviewSchema.safeParse({ comment });
    if (!parsed.success) return;
    setBusy(true);
    try {
      setTrip(await reviewTrip(id, parsed.data.comment));
      void Taro.showToast({ title: '审核通过，已交用车人确认', icon: 'none' });
    } catch {
      // The server's message was shown by the http client.
    } finally {
      setBusy(false);
    }
  }

  if (error) return <View className="page"><ErrorBlock error={error} onRetry={() => void load(id)} /></View>;
  if (!trip) return <View className="page"><Loading /></View>;

  return (
    <View className={`page page-with-bar review-page review-trip-${trip.id} trip-status-${trip.status}`}>
      <View className="card">
        <View className="item-head">
          <Text className="item-title">{trip.purpose}</Text>
          <StatusChip label={trip.statusLabel} tone={tripStatusTone[trip.status]} hook="review-status" />
        </View>
        <InfoRow label="用车时间" value={formatWindow(trip.startAt, trip.endAt, formatShanghai)} />
        <InfoRow label="路线" value={[trip.origin, ...trip.destinations].map((p) => p.name).join(' → ')} />
        <InfoRow label="用车人" value={trip.applicantName} />
      </View>
      {trip.reviewWarnings.length ? (
        <View className="card review-warnings">
          <Text className="card-title review-warnings-title">请核对：时间或里程不合常理</Text>
          {trip.reviewWarnings.map((w) => <Text key={w} className="item-line review-warning">{w}</Text>)}
          <Text className="muted">与驾驶员核实后再审核；如需更正费用，审核后可在车辆下方「费用更正」。</Text>
        </View>
      ) : null}
      <TripAssignments
        trip={trip}
        extra={costCorrectableStatuses.includes(trip.status) ? (a) => (a.status === 'returned' ? <CostCorrection trip={trip} assignment={a} onChanged={setTrip} /> : null) : undefined}
      />
      <TripCosts trip={trip} />
      <TripEvidenceCard tripId={trip.id} refreshKey={trip.status} />
      {trip.assignments.filter((a) => a.status === 'returned').map((a) => (
        <ReceiptsCard key={a.id} assignmentId={a.id} title={`票据照片 · ${a.plate ? formatPlate(a.plate) : ''}`} />
      ))}
      {trip.status === 'returned' ? (
        <View className="card">
          <Text className="card-title">审核意见</Text>
          <Textarea className="form-textarea input-review-comment" value={comment} maxlength={200} placeholder="选填，默认「里程与费用审核通过」" placeholderClass="form-placeholder" onInput={(e) => setComment(e.detail.value)} />
        </View>
      ) : null}
      <TripTimeline trip={trip} />
      {trip.status === 'returned' ? (
        <View className="action-bar">
          <SubmitButton text="审核通过，交用车人确认" busy={busy} onClick={() => void submit()} hook="review-submit" />
        </View>
      ) : null}
    </View>
  );
}
