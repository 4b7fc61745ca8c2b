import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidHide, useDidShow, useLoad } from '@tarojs/taro';
import { View, Text, Picker } from '@tarojs/components';
import { dayPlanCreateSchema, dayPlanModeLabels, dayPlanModes, type DayPlan, type DayPlanMode, type DayPlanStop, type DayPlanRoute } from '@shared/trips/day-plan.schemas';
import { applyDayPlan, createDayPlan, fetchDayPlan, fetchDayPlans } from '../../../services/dispatch.api';
import { requireSession } from '../../../services/session.store';
import { Loading } from '../../../components/loading';
import { Empty } from '../../../components/empty';
import { ErrorBlock, errorMessage } from '../../../components/error-block';
import { ChoiceChips, FormField, SubmitButton } from '../../../components/form-field';
import { AppliedResults, ExcludedCard, PlanListItem, PlanSummary, RouteCard, UnservedCard } from './day-plan-sections';
import { dateLabel, planDateRange } from './day-plan-display';
import { EditsCard, MovePanel, type MoveTarget } from './day-plan-move';
import '../../../components/work.css';
import './index.css';

/** A running (thorough) plan is asked for again this often until it is ready or failed. */
const POLL_MS = 2000;

const modeOptions = dayPlanModes.map((m) => ({ value: m, label: dayPlanModeLabels[m] }));

/**
 * 排班方案: the approved trips of one day planned together (a car and its driver chain several trips),
 * looked at, then applied in one go (按方案派车). Applying dispatches each trip by its own rules again,
 * so whatever changed since the plan was made is reported per trip.
 */
export default function DayPlanPage() {
  const [date, setDate] = useState(() => planDateRange().tomorrow);
  const [mode, setMode] = useState<DayPlanMode>('quick');
  const [plans, setPlans] = useState<DayPlan[] | null>(null);
  const [listError, setListError] = useState<unknown>(null);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [generating, setGenerating] = useState(false);
  const [applying, setApplying] = useState(false);
  const [shown, setShown] = useState(true);
  /** The date the list on screen is for: an answer for an older choice is dropped. */
  const dateRef = useRef(date);

  const load = useCallback(async (day: string) => {
    dateRef.current = day;
    setListError(null);
    try {
      const items = await fetchDayPlans(day);
      if (dateRef.current !== day) return;
      setPlans(items);
      setSelectedId((id) => (id != null && items.some((p) => p.id === id) ? id : items[0]?.id ?? null));
    } catch (e) {
      if (dateRef.current === day) setListError(e);
    }
  }, []);

  useLoad((params: Record<string, string | undefined>) => {
    if (!requireSession()) return;
    const day = params.date && /^\d{4}-\d{2}-\d{2}$/.test(params.date) ? params.date : date;
    setDate(day);
    void load(day);
  });
  const seen = useRef(false);
  useDidShow(() => {
    if (seen.current) setShown(true);
    seen.current = true;
  });
  useDidHide(() => setShown(false));

  const upsert = useCallback((p: DayPlan) => {
    if (p.date !== dateRef.current) return;
    setPlans((prev) => {
      const list = prev ?? [];
      return list.some((x) => x.id === p.id) ? list.map((x) => (x.id === p.id ? p : x)) : [p, ...list];
    });
  }, []);

  const plan = plans?.find((p) => p.id === selectedId) ?? null;
  const runningId = plan?.status === 'running' && shown ? plan.id : null;

  // A thorough plan computes for minutes: ask again every 2 s while it runs, stop when the page goes.
  useEffect(() => {
    if (runningId == null) return undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const p = await fetchDayPlan(runningId);
        if (stopped) return;
        upsert(p);
        if (p.status !== 'running') return;
      } catch {
        // A dropped request is asked again on the next tick.
      }
      if (!stopped) timer = setTimeout(() => void tick(), POLL_MS);
    };
    timer = setTimeout(() => void tick(), POLL_MS);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [runningId, upsert]);

  function pickDate(day: string): void {
    if (day === date) return;
    setDate(day);
    setPlans(null);
    setSelectedId(null);
    setFormError(null);
    void load(day);
  }

  async function generate(): Promise<void> {
    const parsed = dayPlanCreateSchema.safeParse({ date, mode });
    if (!parsed.success) return setFormError(parsed.error.issues[0]?.message ?? '请选择日期');
    setFormError(null);
    setGenerating(true);
    try {
      const p = await createDayPlan(parsed.data);
      upsert(p);
      setSelectedId(p.id);
    } catch (e) {
      setFormError(errorMessage(e));
    } finally {
      setGenerating(false);
    }
  }

  async function apply(p: DayPlan): Promise<void> {
    const served = p.summary ? p.summary.trips - p.summary.unservedTrips : 0;
    const answer = await Taro.showModal({
      title: '按方案派车',
      content: `将按方案 ${p.id} 为 ${served} 单行程派车，共用车 ${p.routes.length} 辆；派车时逐单重新核对车辆与驾驶员。确定派车？`,
      confirmText: '派车',
    });
    if (!answer.confirm) return;
    setApplying(true);
    try {
      const done = await applyDayPlan(p.id);
      upsert(done);
      const results = done.applied ?? [];
      const ok = results.filter((r) => r.dispatched).length;
      void Taro.showToast({ title: `已派 ${ok} 单，未派 ${results.length - ok} 单`, icon: 'none' });
    } catch {
      // The server's message was shown by the http client; the plan may have changed meanwhile.
      fetchDayPlan(p.id).then(upsert).catch(() => undefined);
    } finally {
      setApplying(false);
    }
  }

  const range = planDateRange();
  const canApply = plan != null && plan.status === 'ready' && plan.routes.length > 0;

  return (
    <View className={`page day-plan-page${canApply ? ' page-with-bar' : ''}`}>
      <View className="work-header">
        <View>
          <Text className="work-header-title">排班方案</Text>
          <Text className="work-header-sub">统筹一天的待派车行程：一车一驾驶员接续多单</Text>
        </View>
      </View>

      <View className="card day-plan-form">
        <FormField label="用车日期" hook="day-plan-date">
          <Picker mode="date" value={date} start={range.today} end={range.last} onChange={(e) => pickDate(e.detail.value)}>
            <View className="form-picker day-plan-date">{dateLabel(date)}</View>
          </Picker>
        </FormField>
        <FormField label="计算方式" hook="day-plan-mode" hint="精细方案在后台计算，可离开本页稍后回来查看">
          <ChoiceChips options={modeOptions} value={mode} onChange={setMode} hook="day-plan-mode" />
        </FormField>
        <SubmitButton text="生成方案" busyText="生成中…" busy={generating} onClick={() => void generate()} hook="day-plan-generate" />
      </View>
      {formError ? <View className="form-banner form-banner-error day-plan-error">{formError}</View> : null}

      {listError && !plans ? <ErrorBlock error={listError} onRetry={() => void load(date)} /> : null}
      {!plans && !listError ? <Loading /> : null}
      {plans && !plans.length ? <Empty title="当天还没有排班方案" hint="选择日期与计算方式后点「生成方案」" /> : null}
      {plans && plans.length ? (
        <View className="card day-plan-list">
          <Text className="card-title">当天已生成的方案（{plans.length}）</Text>
          {plans.map((p) => <PlanListItem key={p.id} plan={p} active={p.id === selectedId} onSelect={() => setSelectedId(p.id)} />)}
        </View>
      ) : null}

      {plan ? <PlanDetail key={plan.id} plan={plan} onChange={upsert} /> : null}

      {plan && canApply ? (
        <View className="action-bar">
          <SubmitButton text="按方案派车" busyText="派车中…" busy={applying} onClick={() => void apply(plan)} hook="day-plan-apply" />
        </View>
      ) : null}
    </View>
  );
}

/** A stop of a car's day as the slot to adjust. */
function stopTarget(route: DayPlanRoute, stop: DayPlanStop): MoveTarget {
  return { tripId: stop.tripId, purpose: stop.purpose, from: { vehicleId: route.vehicleId, plate: route.plate, driverName: route.driverName, stops: route.stops.length } };
}

/** Keyed by plan id: an open 调整 panel closes when another plan is shown. */
function PlanDetail({ plan, onChange }: { plan: DayPlan; onChange: (p: DayPlan) => void }) {
  const [moving, setMoving] = useState<MoveTarget | null>(null);
  const editable = plan.status === 'ready' && plan.editable;
  function moved(p: DayPlan): void {
    onChange(p);
    setMoving(null);
    void Taro.showToast({ title: '已调整', icon: 'success' });
  }
  if (plan.status === 'running') {
    return (
      <View className={`card day-plan-running day-plan-detail-${plan.id}`}>
        <Loading text={`方案 ${plan.id} 计算中…`} />
        <Text className="muted day-plan-running-hint">精细方案需数分钟，完成后自动显示；也可离开本页稍后回来查看。</Text>
      </View>
    );
  }
  if (plan.status === 'failed') {
    return <View className={`form-banner form-banner-error day-plan-failed day-plan-detail-${plan.id}`}>方案 {plan.id} 计算失败：{plan.message ?? '原因未知，请重新生成'}</View>;
  }
  return (
    <View className={`day-plan-detail day-plan-detail-${plan.id} day-plan-status-${plan.status}`}>
      {plan.status === 'applied' ? <View className="form-banner form-banner-ok day-plan-applied">已按方案派车</View> : null}
      <AppliedResults plan={plan} />
      {plan.summary ? <PlanSummary plan={plan} summary={plan.summary} /> : null}
      {plan.routes.length ? <Text className="section-title">各车安排（{plan.routes.length} 辆）</Text> : null}
      {plan.status === 'ready' && !plan.editable ? <Text className="muted day-plan-not-editable">此方案生成较早，不支持调整；如需调整请重新生成。</Text> : null}
      {plan.routes.map((r) => <RouteCard key={r.vehicleId} route={r} date={plan.date} onMove={editable ? (s) => setMoving(stopTarget(r, s)) : undefined} />)}
      <UnservedCard plan={plan} onAdd={editable ? (u) => setMoving({ tripId: u.tripId, purpose: u.purpose, from: null }) : undefined} />
      <EditsCard plan={plan} />
      <ExcludedCard plan={plan} />
      {editable && moving ? <MovePanel plan={plan} target={moving} onClose={() => setMoving(null)} onMoved={moved} /> : null}
    </View>
  );
}
