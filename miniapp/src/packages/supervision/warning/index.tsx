import { useState } from 'react';
import Taro, { useLoad } from '@tarojs/taro';
import { View, Text, Image } from '@tarojs/components';
import { isReadOnlyRoles, roleLabel, type CurrentUser } from '@shared/identity/identity.schemas';
import { fetchWarning, warningActionLabel, warningGradeLabel, type Warning } from '../../../services/supervision.api';
import { fetchMe } from '../../../services/identity.api';
import { absoluteUrl } from '../../../services/http';
import { requireSession } from '../../../services/session.store';
import { Loading } from '../../../components/loading';
import { ErrorBlock } from '../../../components/error-block';
import { InfoRow } from '../../../components/info-row';
import { StatusChip } from '../../../components/status-chip';
import { formatShanghai } from '../../../utils/format';
import { gradeColour, gradeTone, statusTone } from '../supervision-display';
import { WarningActions } from '../warning-actions';
import '../../../components/work.css';
import '../../../components/receipts-card.css';
import '../supervision.css';

const loopSteps: Array<{ key: string; label: string; done: (w: Warning) => boolean }> = [
  { key: 'raise', label: '预警', done: () => true },
  { key: 'check', label: '核查', done: (w) => w.status !== 'open' },
  { key: 'appeal', label: '申诉', done: (w) => (w.actions ?? []).some((a) => a.action === 'appeal') },
  { key: 'handle', label: '处理', done: (w) => ['revoked', 'confirmed', 'published'].includes(w.status) },
  { key: 'publish', label: '通报', done: (w) => w.status === 'published' },
];

/** One warning: what, where and why (the rule and its source), its loop so far, and the next step for the viewer. */
export default function WarningDetail() {
  const [id, setId] = useState<number | null>(null);
  const [w, setW] = useState<Warning | null>(null);
  const [me, setMe] = useState<CurrentUser | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function load(warningId: number): Promise<void> {
    setError(null);
    try {
      const [warning, user] = await Promise.all([fetchWarning(warningId), fetchMe({ silent: true })]);
      setW(warning);
      setMe(user);
      void Taro.setNavigationBarTitle({ title: `预警 ${warning.id}` });
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
  if (!w || !me) return <View className="page"><Loading /></View>;
  const actions = [...(w.actions ?? [])].reverse();
  return (
    <View className={`page warning-page warning-detail-${w.id} status-${w.status}`}>
      <View className={`card warning-head grade-${w.grade}`} style={{ borderLeftColor: gradeColour[w.grade] }}>
        <View className="item-head">
          <Text className="item-title warning-title">{w.title}</Text>
          <StatusChip label={w.statusLabel} tone={statusTone[w.status]} hook={`warning-status warning-status-${w.status}`} />
        </View>
        <View className="warning-tags">
          <StatusChip label={`${warningGradeLabel[w.grade]}预警`} tone={gradeTone[w.grade]} hook={`warning-grade warning-grade-${w.grade}`} />
          <Text className="tag">{w.kindLabel}</Text>
        </View>
        <Text className="item-line warning-detail-text">{w.detail}</Text>
      </View>
      <View className="card loop-card">
        <Text className="card-title">处置流程</Text>
        <View className="loop-steps">
          {loopSteps.map((s, i) => (
            <View key={s.key} className={`loop-step loop-step-${s.key}${s.done(w) ? ' is-done' : ''}${w.status === 'revoked' && s.key === 'publish' ? ' is-skipped' : ''}`}>
              <Text className="loop-step-dot">{i + 1}</Text>
              <Text className="loop-step-label">{s.label}</Text>
            </View>
          ))}
        </View>
        {w.status === 'revoked' ? <Text className="muted">申诉成立，预警已撤销，不再通报。</Text> : null}
      </View>
      <View className="card">
        <InfoRow label="单位" value={w.unitName} />
        {w.plate ? <InfoRow label="车辆" value={w.plate} /> : null}
        <InfoRow label="发生时间" value={formatShanghai(w.occurredAt)} />
        <InfoRow label="预警时间" value={formatShanghai(w.raisedAt)} />
        {w.tripId ? (
          <InfoRow label="所属行程" hook="warning-trip-link" value={<Text className="link" onClick={() => void Taro.navigateTo({ url: `/packages/trips/detail/index?id=${w.tripId}` })}>行程 {w.tripId} ›</Text>} />
        ) : null}
        <InfoRow label="规则依据" hook="warning-source" value={<Text className="warning-source-text">{w.source}</Text>} />
      </View>
      <WarningActions w={w} me={me} onDone={(next) => { setW(null); void load(next.id); }} />
      {isReadOnlyRoles(me.roles) ? (
        <View className="card read-only-note">
          <Text className="muted">{me.roles.map((r) => roleLabel[r]).join('、')}为只读账号：可查看本辖区的预警、行程和处置记录，核查、申诉、处理和通报由被预警单位和主管部门办理。</Text>
        </View>
      ) : null}
      <View className="card">
        <Text className="card-title">处置记录</Text>
        <View className="timeline warning-timeline">
          {actions.map((a, i) => (
            <View key={`${a.at}-${i}`} className={`timeline-item warning-action-${a.action}${i === 0 ? ' is-latest' : ''}`}>
              <View className="timeline-dot" />
              <View className="timeline-body">
                <View className="timeline-head">
                  <Text className="timeline-title">{warningActionLabel[a.action]}</Text>
                  <Text className="timeline-at">{formatShanghai(a.at)}</Text>
                </View>
                <Text className="timeline-who">{a.actorName}{a.tripId && a.action !== 'raise' ? ` · 所属行程 ${a.tripId}` : ''}</Text>
                {a.note ? <Text className="timeline-note">{a.note}</Text> : null}
                {a.evidence.length ? (
                  <View className="receipt-grid evidence-grid">
                    {a.evidence.map((e) => {
                      const src = e.startsWith('/') ? absoluteUrl(e) : e;
                      return <Image key={e} className="receipt-thumb evidence-thumb" src={src} mode="aspectFill" onClick={() => void Taro.previewImage({ urls: a.evidence.map((x) => (x.startsWith('/') ? absoluteUrl(x) : x)), current: src })} />;
                    })}
                  </View>
                ) : null}
              </View>
            </View>
          ))}
        </View>
      </View>
    </View>
  );
}
