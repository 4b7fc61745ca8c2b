import { useCallback, useState } from 'react';
import Taro, { useLoad } from '@tarojs/taro';
import { View, Text, Textarea } from '@tarojs/components';
import { departSchema, returnSchema, type Assignment } from '@shared/trips/trips.schemas';
import type { DriverTask } from '@shared/trips/dispatch.schemas';
import { departOdometerStart } from '@shared/trips/odometer-hint';
import { acceptTask, departTask, fetchDriverTasks, markNoShow, returnTask } from '../../../services/trips.api';
import { useFormSubmit } from '../../../features/use-form-submit';
import { requireSession } from '../../../services/session.store';
import { Loading } from '../../../components/loading';
import { ErrorBlock } from '../../../components/error-block';
import { Empty } from '../../../components/empty';
import { InputField, SubmitButton } from '../../../components/form-field';
import { formatYuan } from '../../../utils/format';
import { fieldErrors, numberOrNaN, yuanTextToFen } from '../../../utils/trip-display';
import { amountMessage } from '../../../utils/amount-message';
import { TaskSummary } from '../task-card';
import { ReceiptsCard } from '../../../components/receipts-card';
import { TripEvidenceCard } from '../../../components/trip-evidence-card';
import '../../../components/work.css';

/** One task: accept, 出车 (odometer), 回场 (odometer, a rental company's car its rental fee, fuel/charge, tolls, parking, other costs in yuan). */
export default function DriverTaskPage() {
  const [id, setId] = useState(0);
  const [task, setTask] = useState<DriverTask | null | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [odometer, setOdometerText] = useState('');
  const [costs, setCosts] = useState({ rental: '', fuel: '', toll: '', parking: '', other: '' });
  const [note, setNote] = useState('');
  const { errors, setErrors, formError, setFormError, busy, submit } = useFormSubmit();

  const isRental = task?.source === 'rental';

  /** A corrected value drops its old error at once. */
  const setOdometer = (v: string) => {
    setOdometerText(v);
    setErrors((e) => ({ ...e, odometerKm: '' }));
  };

  const load = useCallback(async (taskId: number) => {
    setError(null);
    try {
      const all = await fetchDriverTasks();
      const found = all.find((t) => t.id === taskId) ?? null;
      setTask(found);
      // 出车 starts from the terminal's reading when it agrees with the record, else the record (the one the rule counts).
      const start = found ? departOdometerStart(found.terminalOdometerKm, found.vehicleOdometerKm).km : null;
      if (found?.status === 'accepted' && start != null) setOdometerText(String(start));
    } catch (e) {
      setError(e);
    }
  }, []);

  useLoad((params: Record<string, string | undefined>) => {
    if (!requireSession()) return;
    setId(Number(params.id));
    void load(Number(params.id));
  });

  /** The reply is the assignment as it is now: a returned task leaves the live list, so merge it here. */
  async function send(work: () => Promise<Assignment>, done: string): Promise<void> {
    await submit(async () => {
      const a = await work();
      void Taro.showToast({ title: done, icon: 'success' });
      setOdometer('');
      setTask((t) => (t ? { ...t, ...a } : t));
    });
  }

  function depart(): void {
    const parsed = departSchema.safeParse({ odometerKm: numberOrNaN(odometer) });
    if (!parsed.success) return setErrors({ odometerKm: odometer.trim() === '' ? '请填写里程' : '请填写仪表盘里程（公里）' });
    if (task?.vehicleOdometerKm != null && parsed.data.odometerKm < task.vehicleOdometerKm) {
      return setErrors({ odometerKm: `不能低于车辆档案里程 ${task.vehicleOdometerKm} km` });
    }
    setErrors({});
    void send(() => departTask(id, parsed.data), '已出车');
  }

  function giveBack(): void {
    // 租车费: only a rental company's car has one (the server refuses it on a unit's own car).
    const body = {
      odometerKm: numberOrNaN(odometer), rentalFen: isRental ? yuanTextToFen(costs.rental) : 0, fuelFen: yuanTextToFen(costs.fuel), tollFen: yuanTextToFen(costs.toll),
      parkingFen: yuanTextToFen(costs.parking), otherFen: yuanTextToFen(costs.other), note,
    };
    const parsed = returnSchema.safeParse(body);
    if (!parsed.success) {
      const odometerText = odometer.trim() === '' ? '请填写里程' : '请填写仪表盘里程（公里）';
      const errs = fieldErrors(parsed.error.issues.map((i) => ({ path: i.path, message: String(i.path[0]) === 'odometerKm' ? odometerText : amountMessage(i) })));
      setErrors(errs);
      return;
    }
    if (task?.departOdometerKm != null && parsed.data.odometerKm < task.departOdometerKm) {
      setErrors({ odometerKm: `不能低于出车里程 ${task.departOdometerKm} km` });
      return;
    }
    setErrors({});
    void send(() => returnTask(id, parsed.data), '已回场');
  }

  /** 用车人未到: asked once more, then recorded; the server checks the wait after the start time. */
  async function noShow(): Promise<void> {
    if (!task) return;
    const answer = await Taro.showModal({ title: '登记用车人未到', content: '已按时到达上车点并等候，仍未见用车人？登记后本次任务结束，车辆与您将被释放。', confirmText: '登记' });
    if (!answer.confirm) return;
    await submit(async () => {
      await markNoShow(task.tripId);
      void Taro.showToast({ title: '已登记', icon: 'success' });
      setTask((t) => (t ? { ...t, status: 'released' } : t));
    });
  }

  if (error) return <View className="page"><ErrorBlock error={error} onRetry={() => void load(id)} /></View>;
  if (task === undefined) return <View className="page"><Loading /></View>;
  if (task === null) return <View className="page"><Empty title="任务不存在或已改派" hint="返回任务列表查看最新任务" /></View>;

  const total = ['rental', 'fuel', 'toll', 'parking', 'other'].reduce((s, k) => s + (yuanTextToFen(costs[k as keyof typeof costs]) || 0), 0);
  const setCost = (k: keyof typeof costs) => (v: string) => {
    setCosts((c) => ({ ...c, [k]: v }));
    setErrors((e) => ({ ...e, [`${k}Fen`]: '' }));
  };

  return (
    <View className={`page task-page task-page-${task.id} task-status-${task.status}`}>
      <View className="item-card">
        <TaskSummary task={task} />
      </View>

      {task.status === 'dispatched' ? (
        <View className="form-actions">
          <SubmitButton text="确认接单" busy={busy} onClick={() => void send(() => acceptTask(id), '已确认任务')} hook="task-page-accept" />
        </View>
      ) : null}

      {task.status === 'accepted' ? (
        <View className="card task-depart-form">
          <Text className="form-card-title">出车登记</Text>
          <InputField label="出车里程" hook="depart-odometer" type="digit" value={odometer} onChange={setOdometer} error={errors.odometerKm} required unit="km" placeholder="仪表盘读数" hint={departOdometerStart(task.terminalOdometerKm, task.vehicleOdometerKm).hint} />
        </View>
      ) : null}

      {task.status === 'departed' ? (
        <View className="card task-return-form">
          <Text className="form-card-title">回场登记</Text>
          <InputField label="回场里程" hook="return-odometer" type="digit" value={odometer} onChange={setOdometer} error={errors.odometerKm} required unit="km" hint={task.departOdometerKm != null ? `出车里程 ${task.departOdometerKm} km` : undefined} />
          {isRental ? <InputField label="租车费" hook="rental-fee" type="digit" value={costs.rental} onChange={setCost('rental')} error={errors.rentalFen} unit="元" placeholder="0.00" hint="按租赁合同计的本次租车费用" /> : null}
          <InputField label="油费/充电费" hook="fuel" type="digit" value={costs.fuel} onChange={setCost('fuel')} error={errors.fuelFen} unit="元" placeholder="0.00" />
          <InputField label="过路过桥费" hook="toll" type="digit" value={costs.toll} onChange={setCost('toll')} error={errors.tollFen} unit="元" placeholder="0.00" />
          <InputField label="停车费" hook="parking" type="digit" value={costs.parking} onChange={setCost('parking')} error={errors.parkingFen} unit="元" placeholder="0.00" />
          <InputField label="其他费用" hook="other" type="digit" value={costs.other} onChange={setCost('other')} error={errors.otherFen} unit="元" placeholder="0.00" />
          <View className="form-field">
            <Text className="form-label">备注</Text>
            <Textarea className="form-textarea input-return-note" value={note} maxlength={200} placeholder="选填，如：票据已交车管" placeholderClass="form-placeholder" onInput={(e) => setNote(e.detail.value)} />
          </View>
          <Text className="item-line task-return-total">费用合计 {formatYuan(total)}</Text>
        </View>
      ) : null}

      {task.status !== 'released' ? <TripEvidenceCard tripId={task.tripId} driverOf={{ assignmentId: task.id, status: task.status }} refreshKey={task.status} /> : null}
      {task.status === 'departed' || task.status === 'returned' ? <ReceiptsCard assignmentId={task.id} editable /> : null}

      {formError ? <View className="form-banner form-banner-error task-error">{formError}</View> : null}

      {task.status === 'accepted' ? (
        <View className="form-actions"><SubmitButton text="确认出车" busy={busy} onClick={depart} hook="task-depart-submit" /></View>
      ) : null}
      {task.status === 'departed' ? (
        <View className="form-actions"><SubmitButton text="确认回场" busy={busy} onClick={giveBack} hook="task-return-submit" /></View>
      ) : null}
      {task.status === 'dispatched' || task.status === 'accepted' ? (
        <View className="form-actions">
          <View className="btn btn-ghost task-no-show" onClick={() => { if (!busy) void noShow(); }}>用车人未到</View>
        </View>
      ) : null}
      {task.status === 'released' ? (
        <View className="form-actions">
          <View className="form-banner form-banner-ok task-released">已登记用车人未到，本次任务结束，车辆与您已释放。</View>
          <View className="btn btn-ghost task-next-link" onClick={() => void Taro.navigateBack()}>返回任务列表</View>
        </View>
      ) : null}
      {task.status === 'returned' ? (
        <View className="form-actions">
          <View className="form-banner form-banner-ok task-done">本次任务已回场，里程与费用已提交调度员审核。</View>
          <View className="btn btn-ghost task-next-link" onClick={() => void Taro.navigateBack()}>返回任务列表</View>
        </View>
      ) : null}
    </View>
  );
}
