import { useState } from 'react';
import Taro, { useLoad } from '@tarojs/taro';
import { View, Text, Textarea } from '@tarojs/components';
import {
  assignToTrip, assignViolationToTripSchema, fetchCandidates, fetchViolation, type Violation, type ViolationCandidate,
} from '../../../services/violations.api';
import { ApiError } from '../../../services/http';
import { requireSession } from '../../../services/session.store';
import { Loading } from '../../../components/loading';
import { ErrorBlock, errorMessage } from '../../../components/error-block';
import { InfoRow } from '../../../components/info-row';
import { StatusChip } from '../../../components/status-chip';
import { SubmitButton } from '../../../components/form-field';
import { formatShanghai } from '../../../utils/format';
import { heldBy, penalty, violationTone } from '../violations-display';
import '../../../components/work.css';
import '../violations.css';

/**
 * One violation: time, place, plate, the fine and points, the trip or rental it was matched to and
 * why, its state. For the car's fleet admin, an unmatched one can be assigned to a trip of that car
 * the same day (its driver and unit then answer for it).
 */
export default function ViolationDetail() {
  const [id, setId] = useState<number | null>(null);
  const [v, setV] = useState<Violation | null>(null);
  const [candidates, setCandidates] = useState<ViolationCandidate[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function load(n: number): Promise<void> {
    setError(null);
    try {
      const got = await fetchViolation(n);
      setV(got);
      // Only the car's fleet admin may assign: anyone else is answered 403, and sees no assignment card.
      setCandidates(got.status === 'unmatched' ? await fetchCandidates(n).catch((e: unknown) => {
        if (e instanceof ApiError && (e.status === 403 || e.status === 404)) return null;
        throw e;
      }) : null);
    } catch (e) {
      setError(e);
    }
  }
  useLoad((params: Record<string, string | undefined>) => {
    if (!requireSession()) return;
    const n = Number(params.id);
    setId(n);
    void load(n);
  });

  if (error) return <View className="page"><ErrorBlock error={error} onRetry={() => { if (id) void load(id); }} /></View>;
  if (!v) return <View className="page"><Loading /></View>;
  const openTrip = () => { if (v.tripId != null) void Taro.navigateTo({ url: `/packages/trips/detail/index?id=${v.tripId}` }); };
  return (
    <View className={`page violation-page violation-detail-${v.id} violation-${v.status}`}>
      <View className="card violation-head">
        <View className="item-head">
          <Text className="item-title">{v.plate}</Text>
          <StatusChip label={v.statusLabel} tone={violationTone[v.status]} hook={`violation-status violation-status-${v.status}`} />
        </View>
        <Text className="item-line violation-act">{v.act}{v.code ? `（代码 ${v.code}）` : ''}</Text>
        <Text className="item-line item-line-strong violation-penalty">{penalty(v)}</Text>
      </View>
      <View className="card">
        <InfoRow label="违法时间" value={formatShanghai(v.occurredAt)} hook="violation-time" />
        <InfoRow label="违法地点" value={v.place} hook="violation-place" />
        <InfoRow label="号牌号码" value={v.plate} />
        <InfoRow label="决定书编号" value={v.archiveNo} />
        <InfoRow label="匹配到" value={<Text className={`violation-held${v.tripId != null ? ' link' : ''}`} onClick={openTrip}>{heldBy(v)}{v.tripId != null ? ' ›' : ''}</Text>} hook="violation-match" />
        <InfoRow label="驾驶人" value={v.userName ?? '—'} hook="violation-person" />
        <InfoRow label="责任单位" value={v.unitName} />
        <InfoRow label="来源" value={`${v.sourceLabel} · ${formatShanghai(v.importedAt)}`} />
      </View>
      <View className={`card violation-reason-card${v.status === 'unmatched' ? ' is-unmatched' : ''}`}>
        <Text className="card-title">匹配依据</Text>
        <Text className="item-line violation-reason">{v.reason}</Text>
        {v.status !== 'unmatched' ? <Text className="form-hint">罚款与记分请驾驶人通过「交管12123」或交管部门窗口处理；对匹配结果有异议请联系本单位车管员。</Text> : null}
      </View>
      {candidates ? <AssignCard v={v} candidates={candidates} onDone={(next) => { setV(next); setCandidates(null); }} /> : null}
    </View>
  );
}

function AssignCard({ v, candidates, onDone }: { v: Violation; candidates: ViolationCandidate[]; onDone: (v: Violation) => void }) {
  const [picked, setPicked] = useState<number | null>(candidates.length === 1 ? candidates[0]!.assignmentId : null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(): Promise<void> {
    const parsed = assignViolationToTripSchema.safeParse({ assignmentId: picked ?? 0, note });
    if (!parsed.success) return setProblem(parsed.error.issues[0]?.message ?? '请检查填写内容');
    setBusy(true);
    setProblem(null);
    try {
      const next = await assignToTrip(v.id, parsed.data);
      void Taro.showToast({ title: '已指派', icon: 'success' });
      onDone(next);
    } catch (e) {
      setProblem(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className="card violation-assign-card">
      <Text className="card-title">指派到行程</Text>
      {!candidates.length ? (
        <Text className="item-line muted violation-no-candidates">该车在违法时间前后 12 小时内没有出车记录；请核实是否私自用车或套牌。</Text>
      ) : (
        <>
          <Text className="form-hint">该车在违法时间前后 12 小时内的行程，选择当时实际用车的一个：</Text>
          {candidates.map((c) => (
            <View key={c.assignmentId} className={`violation-candidate violation-candidate-${c.assignmentId}${picked === c.assignmentId ? ' is-picked' : ''}`}
              onClick={() => { setPicked(c.assignmentId); setProblem(null); }}>
              <Text className="violation-candidate-dot">{picked === c.assignmentId ? '●' : '○'}</Text>
              <View className="violation-candidate-body">
                <Text className="item-line item-line-strong">行程 {c.tripId} · 驾驶员 {c.driverName ?? '未登记'}</Text>
                <Text className="item-line muted">出车 {formatShanghai(c.departedAt)} · {c.returnedAt ? `回场 ${formatShanghai(c.returnedAt)}` : '尚未回场'}</Text>
              </View>
            </View>
          ))}
          <Textarea className="form-textarea input-violation-note" value={note} maxlength={200} placeholder="说明，如：回场登记早于实际还车时间" placeholderClass="form-placeholder"
            onInput={(e) => { setNote(e.detail.value); setProblem(null); }} />
          {problem ? <View className="form-banner form-banner-error violation-assign-error">{problem}</View> : null}
          <View className="item-actions">
            <SubmitButton text="确认指派" busy={busy} onClick={() => void submit()} hook="violation-assign-submit" />
          </View>
        </>
      )}
    </View>
  );
}
