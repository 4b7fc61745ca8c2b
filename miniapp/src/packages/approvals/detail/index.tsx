import { useCallback, useState } from 'react';
import Taro, { useLoad } from '@tarojs/taro';
import { View, Text, Textarea } from '@tarojs/components';
import { decideSchema, type ApprovalAction, type ApprovalDetail } from '@shared/approvals/approvals.schemas';
import { tripKindLabel, type TripDetail } from '@shared/trips/trips.schemas';
import { decideApproval, getApproval } from '../../../services/approvals.api';
import { getTrip } from '../../../services/trips.api';
import { ApiError } from '../../../services/http';
import { getCachedUser, requireSession } from '../../../services/session.store';
import { Loading } from '../../../components/loading';
import { ErrorBlock } from '../../../components/error-block';
import { StatusChip } from '../../../components/status-chip';
import { InfoRow } from '../../../components/info-row';
import { Timeline } from '../../../components/timeline';
import { formatPlate, formatShanghai, formatYuan } from '../../../utils/format';
import { approvalStatusTone, fieldErrors, formatWindow } from '../../../utils/trip-display';
import '../../../components/work.css';
import './index.css';

const actionText: Record<ApprovalAction, string> = { approve: '同意', return: '退回修改', reject: '驳回' };

/** One approval: what is asked, by whom, when, why; the decisions so far; approve / return / reject. */
export default function ApprovalDetailPage() {
  const [id, setId] = useState(0);
  const [item, setItem] = useState<ApprovalDetail | null>(null);
  const [trip, setTrip] = useState<TripDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState<ApprovalAction | null>(null);
  const [commentError, setCommentError] = useState<string | null>(null);
  const [serverError, setServerError] = useState<string | null>(null);

  const load = useCallback(async (approvalId: number) => {
    setError(null);
    try {
      const a = await getApproval(approvalId);
      setItem(a);
      // The trip's own record adds where and when; the approval stays usable without it.
      if (a.kind === 'trip') getTrip(a.subjectId).then(setTrip).catch(() => setTrip(null));
    } catch (e) {
      setError(e);
    }
  }, []);

  useLoad((params: Record<string, string | undefined>) => {
    if (!requireSession()) return;
    const approvalId = Number(params.id);
    setId(approvalId);
    void load(approvalId);
  });

  async function decide(action: ApprovalAction): Promise<void> {
    if (busy) return;
    setServerError(null);
    const parsed = decideSchema.safeParse({ action, comment });
    if (!parsed.success) {
      setCommentError(fieldErrors(parsed.error.issues).comment ?? '请填写意见');
      return;
    }
    setCommentError(null);
    setBusy(action);
    try {
      setItem(await decideApproval(id, parsed.data));
      void Taro.showToast({ title: `已${actionText[action]}`, icon: 'success' });
    } catch (e) {
      setServerError(e instanceof ApiError ? e.message : '提交失败，请稍后重试');
    } finally {
      setBusy(null);
    }
  }

  if (error) return <View className="page"><ErrorBlock error={error} onRetry={() => void load(id)} /></View>;
  if (!item) return <View className="page"><Loading /></View>;

  const steps = [...item.history].reverse().map((h) => ({
    at: formatShanghai(h.at),
    title: h.level === 0 ? `${h.actionLabel}${h.round > 1 ? `（第 ${h.round} 轮）` : ''}` : `第 ${h.level} 级 ${h.actionLabel}`,
    who: h.deciderName,
    note: h.comment,
  }));

  // Two levels are two people: once I decided my level, the request waits for the next approver.
  const me = getCachedUser()?.id;
  const round = Math.max(1, ...item.history.map((h) => h.round));
  const mine = item.history.find((h) => h.round === round && h.level >= 1 && h.deciderId === me);
  const canDecide = item.status === 'pending' && !mine;

  return (
    <View className={`page page-with-bar approval-detail approval-status-${item.status}`}>
      <View className="approval-hero">
        <View className="item-head">
          <Text className="approval-hero-title">{item.title}</Text>
          <StatusChip label={item.statusLabel} tone={approvalStatusTone[item.status]} hook="approval-detail-status" />
        </View>
        <Text className="approval-hero-sub">{item.kindLabel} · 申请人 {item.applicantName} · {formatShanghai(item.submittedAt)}</Text>
      </View>

      {item.kind === 'trip' && item.variant === 'emergency' ? <BackfillBanner trip={trip} /> : null}

      <View className="card">
        <Text className="card-title">申请内容</Text>
        <InfoRow label="申请单位" value={item.unitName} hook="approval-unit" />
        <InfoRow label="事项" value={item.summary} />
        <InfoRow label="审批进度" value={item.levels > 1 ? `共 ${item.levels} 级，当前第 ${item.level} 级` : '一级审批'} />
        {item.amountFen != null ? <InfoRow label="金额" value={formatYuan(item.amountFen)} /> : null}
        {trip ? (
          <>
            <InfoRow label="用车事由" value={trip.purpose} hook="approval-trip-purpose" />
            <InfoRow label="用车时间" value={formatWindow(trip.startAt, trip.endAt, formatShanghai)} />
            <InfoRow label="路线" value={[trip.origin, ...trip.destinations].map((p) => p.name).join(' → ')} />
            <InfoRow label="范围" value={`${tripKindLabel[trip.kind]} · ${trip.passengers} 人 · ${trip.vehiclesNeeded} 辆`} />
          </>
        ) : null}
      </View>

      <View className="card">
        <Text className="card-title">审批记录</Text>
        <Timeline entries={steps} hook="approval-history" />
      </View>

      {mine ? (
        <View className={`form-banner form-banner-ok approval-decided-by-me`}>
          您已于第 {mine.level} 级{mine.actionLabel}{item.status === 'pending' ? `，等待第 ${item.level} 级审批` : ''}
        </View>
      ) : null}

      {canDecide ? (
        <View className="card approval-decide">
          <Text className="card-title">审批意见</Text>
          <Textarea
            className={`form-textarea input-approval-comment${commentError ? ' is-error' : ''}`}
            value={comment}
            maxlength={200}
            placeholder="同意可不填；驳回或退回时请写明原因"
            placeholderClass="form-placeholder"
            onInput={(e) => setComment(e.detail.value)}
          />
          {commentError ? <Text className="form-error field-error-comment">{commentError}</Text> : null}
          {serverError ? <View className="form-banner form-banner-error approval-error">{serverError}</View> : null}
        </View>
      ) : null}

      {canDecide ? (
        <View className="action-bar">
          {(['reject', 'return', 'approve'] as const).map((a) => (
            <View
              key={a}
              className={`btn ${a === 'approve' ? 'btn-primary' : a === 'reject' ? 'btn-danger' : 'btn-ghost'} approval-${a}${busy ? ' is-disabled' : ''}`}
              onClick={() => void decide(a)}
            >
              {busy === a ? '提交中…' : actionText[a]}
            </View>
          ))}
        </View>
      ) : null}
    </View>
  );
}

/**
 * 紧急用车补单 (DOMAIN.md §4): the dispatcher sent the car first; the approver decides after the fact and
 * must see so — which cars, who sent them and when — before reading it as an ordinary request.
 */
function BackfillBanner({ trip }: { trip: TripDetail | null }) {
  const sent = trip?.events.find((e) => e.action === 'dispatch');
  const cars = trip ? trip.assignments.filter((a) => a.plate && a.status !== 'released').map((a) => `${formatPlate(a.plate!)}（${a.driverName ?? ''}）`) : [];
  return (
    <View className="form-banner form-banner-error approval-backfill-banner">
      <Text className="approval-backfill-title">紧急用车补单：车辆已先行派出</Text>
      {sent ? <Text className="approval-backfill-line">{sent.actorName} 于 {formatShanghai(sent.at)} 派车{cars.length ? `：${cars.join('、')}` : ''}</Text> : null}
      <Text className="approval-backfill-line">驳回不会召回车辆，将记入行程并通知调度员。</Text>
    </View>
  );
}
