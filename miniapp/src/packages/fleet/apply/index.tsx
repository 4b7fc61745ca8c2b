import { useState } from 'react';
import type { z } from 'zod';
import { fieldLabel } from '@shared/common/field-labels';
import { ApiError } from '../../../services/http';
import Taro, { useLoad } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { energyTypeLabel, energyTypes, type EnergyType, type Vehicle } from '@shared/fleet/fleet.schemas';
import {
  disposalApplySchema, disposalMethodLabel, disposalMethods, disposalProceedsSchema, exemptionApplySchema, exemptionReasonLabel, exemptionReasons,
  renewalApplySchema, type DisposalMethod, type ExemptionReason,
} from '@shared/fleet/lifecycle.schemas';
import { shanghaiDate } from '@shared/common/time';
import { applyDisposal, applyExemption, applyRenewal, getVehicleLife, recordProceeds } from '../../../services/lifecycle.api';
import { requireSession } from '../../../services/session.store';
import { ChoiceChips, InputField, SubmitButton } from '../../../components/form-field';
import { InfoRow } from '../../../components/info-row';
import { Loading } from '../../../components/loading';
import { useFormSubmit } from '../../../features/use-form-submit';
import { formatPlate } from '../../../utils/format';
import '../../../components/work.css';
import '../fleet.css';

type Kind = 'renewal' | 'disposal' | 'exemption' | 'proceeds';
const titles: Record<Kind, string> = { renewal: '车辆更新申请', disposal: '报废处置申请', exemption: '暂不纳入平台申请', proceeds: '登记处置收入' };
const hints: Record<Kind, string> = {
  renewal: '按配备标准审核：使用满 8 年或里程超过标准可更新；价格、排量不得超标；优先新能源',
  disposal: '经单位和主管部门审批后，车辆退出在用车辆，车载终端自动解绑',
  exemption: '附录B：涉密侦查办案或特种专业技术用车，经本级主管部门批准后暂不纳入平台',
  proceeds: '处置完成后登记实际收入、买受人或接收方',
};
const fen = (yuan: string) => Math.round(Number(yuan || '0') * 100);

/** Parses with the shared schema (the server parses the same); a failure reads as the field's Chinese name and the rule. */
function parse<T>(schema: z.ZodType<T>, data: unknown): T {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new ApiError(400, 'VALIDATION_FAILED', `${fieldLabel(issue.path)}：${issue.message}`, false);
}

/** The fleet admin's application for one vehicle: 更新, 处置, 暂不纳入 — or the disposal's proceeds. Sent to the approval center. */
export default function VehicleApplyPage() {
  const [kind, setKind] = useState<Kind>('renewal');
  const [vehicle, setVehicle] = useState<Vehicle | null>(null);
  const [f, setF] = useState<Record<string, string>>({ energyType: 'electric', seats: '5', method: 'auction', reason: '', exemptionReason: 'classified_investigation', completedOn: shanghaiDate(new Date()) });
  const form = useFormSubmit();
  const set = (k: string) => (v: string) => setF((x) => ({ ...x, [k]: v }));

  useLoad((params: Record<string, string | undefined>) => {
    if (!requireSession()) return;
    const k = (['renewal', 'disposal', 'exemption', 'proceeds'] as Kind[]).find((x) => x === params.kind) ?? 'renewal';
    setKind(k);
    void Taro.setNavigationBarTitle({ title: titles[k] });
    void getVehicleLife(Number(params.vehicleId)).then((l) => setVehicle(l.vehicle)).catch(() => undefined);
  });

  if (!vehicle) return <View className="page"><Loading /></View>;

  /** Parses with the shared schema (the server parses the same), then sends. */
  async function send(): Promise<void> {
    const v = vehicle!;
    const ok = await form.submit(async () => {
      if (kind === 'renewal') {
        const input = parse(renewalApplySchema, {
          brandModel: f.brandModel ?? '', energyType: f.energyType, displacementMl: f.energyType === 'electric' || !f.displacementMl ? null : Number(f.displacementMl),
          priceFen: fen(f.price ?? ''), seats: Number(f.seats), reason: f.reason, fuelReason: f.fuelReason ?? '', earlyReason: f.earlyReason ?? '',
        });
        await applyRenewal(v.id, input);
      } else if (kind === 'disposal') {
        await applyDisposal(v.id, parse(disposalApplySchema, { method: f.method, reason: f.reason, expectedProceedsFen: fen(f.expected ?? ''), transferTo: f.transferTo ?? '' }));
      } else if (kind === 'exemption') {
        await applyExemption(v.id, parse(exemptionApplySchema, { reason: f.exemptionReason, detail: f.detail ?? '', unitOpinion: f.unitOpinion ?? '' }));
      } else {
        await recordProceeds(v.id, parse(disposalProceedsSchema, { proceedsFen: fen(f.proceeds ?? ''), counterparty: f.counterparty ?? '', completedOn: f.completedOn }));
      }
    });
    if (!ok) return;
    void Taro.showToast({ title: kind === 'proceeds' ? '已登记' : '已提交审批', icon: 'success' });
    setTimeout(() => void Taro.navigateBack(), 600);
  }

  return (
    <View className={`page vehicle-apply vehicle-apply-${kind}`}>
      <View className="card">
        <Text className="form-card-title">{titles[kind]}</Text>
        <Text className="form-hint">{hints[kind]}</Text>
        <InfoRow label="车辆" value={`${formatPlate(vehicle.plate)} · ${vehicle.brandModel}`} />
        <InfoRow label="登记日期" value={`${vehicle.registeredOn} · ${vehicle.odometerKm.toLocaleString('zh-CN')} 公里`} />
      </View>
      <View className="card">
        {form.formError ? <View className="form-banner form-banner-error apply-error">{form.formError}</View> : null}
        {kind === 'renewal' ? (
          <View>
            <InputField label="新车品牌型号" hook="apply-brand" value={f.brandModel ?? ''} onChange={set('brandModel')} required placeholder="如 比亚迪 汉 EV" />
            <View className="form-field"><Text className="form-label">能源类型</Text>
              <ChoiceChips hook="apply-energy" value={f.energyType as EnergyType} onChange={set('energyType')} options={energyTypes.map((e) => ({ value: e, label: energyTypeLabel[e] }))} />
            </View>
            {f.energyType !== 'electric' ? <InputField label="排量" hook="apply-displacement" type="number" unit="毫升" value={f.displacementMl ?? ''} onChange={set('displacementMl')} /> : null}
            <InputField label="预算价格" hook="apply-price" type="digit" unit="元" required value={f.price ?? ''} onChange={set('price')} />
            <InputField label="座位数" hook="apply-seats" type="number" value={f.seats ?? ''} onChange={set('seats')} />
            <InputField label="更新理由" hook="apply-reason" required value={f.reason ?? ''} onChange={set('reason')} placeholder="如 车辆老化、故障频发" />
            {f.energyType === 'fuel' ? <InputField label="不选新能源的理由" hook="apply-fuel-reason" required value={f.fuelReason ?? ''} onChange={set('fuelReason')} /> : null}
            <InputField label="提前更新的安全原因" hook="apply-early" value={f.earlyReason ?? ''} onChange={set('earlyReason')} hint="未满 8 年且里程未超标时必填" />
          </View>
        ) : null}
        {kind === 'disposal' ? (
          <View>
            <View className="form-field"><Text className="form-label">处置方式</Text>
              <ChoiceChips hook="apply-method" value={f.method as DisposalMethod} onChange={set('method')} options={disposalMethods.map((m) => ({ value: m, label: disposalMethodLabel[m] }))} />
            </View>
            {f.method === 'transfer' ? <InputField label="接收单位" hook="apply-transfer" required value={f.transferTo ?? ''} onChange={set('transferTo')} /> : null}
            <InputField label="处置理由" hook="apply-reason" required value={f.reason ?? ''} onChange={set('reason')} />
            <InputField label="预计收入" hook="apply-expected" type="digit" unit="元" value={f.expected ?? ''} onChange={set('expected')} />
          </View>
        ) : null}
        {kind === 'exemption' ? (
          <View>
            <View className="form-field"><Text className="form-label">申请理由</Text>
              <ChoiceChips hook="apply-exemption-reason" value={f.exemptionReason as ExemptionReason} onChange={set('exemptionReason')} options={exemptionReasons.map((r) => ({ value: r, label: exemptionReasonLabel[r] }))} />
            </View>
            <InputField label="具体说明" hook="apply-detail" required value={f.detail ?? ''} onChange={set('detail')} />
            <InputField label="单位意见" hook="apply-opinion" required value={f.unitOpinion ?? ''} onChange={set('unitOpinion')} placeholder="如 同意申报" />
          </View>
        ) : null}
        {kind === 'proceeds' ? (
          <View>
            <InputField label="处置收入" hook="apply-proceeds" type="digit" unit="元" required value={f.proceeds ?? ''} onChange={set('proceeds')} />
            <InputField label="买受人或接收方" hook="apply-counterparty" required value={f.counterparty ?? ''} onChange={set('counterparty')} />
            <InputField label="完成日期" hook="apply-completed" value={f.completedOn ?? ''} onChange={set('completedOn')} />
          </View>
        ) : null}
        <View className="form-actions">
          <SubmitButton hook="apply-submit" text={kind === 'proceeds' ? '登记' : '提交审批'} busy={form.busy} onClick={() => void send()} />
        </View>
      </View>
    </View>
  );
}
