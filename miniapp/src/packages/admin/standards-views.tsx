import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import type { z } from 'zod';
import { fieldLabel } from '@shared/common/field-labels';
import { vehicleCategoryLabel } from '@shared/fleet/fleet.schemas';
import { fleetKindLabel, fleetKinds, fleetKindSource, type FleetKind } from '@shared/fleet/unit-kind-rules';
import { setVehicleStandardSchema, type NewEnergyRule, type VehicleStandard } from '@shared/fleet/lifecycle.schemas';
import {
  lodgingStandardSchema, receptionStandardSchema, travellerRankLabel, travellerRanks, type OverStandardRule, type TravellerRank,
} from '@shared/reservations/reservations.schemas';
import type { Region } from '@shared/identity/identity.schemas';
import { fetchStandards, saveStandard } from '../../services/lifecycle.api';
import { fetchRegions, fetchTravelStandards, saveLodgingStandard, saveReceptionStandard, type TravelStandards } from '../../services/admin.api';
import { ChoiceChips, FormField, InputField, SubmitButton } from '../../components/form-field';
import { Loading } from '../../components/loading';
import { useFormSubmit } from '../../features/use-form-submit';
import { formatYuan } from '../../utils/format';

const newEnergyLabel: Record<NewEnergyRule, string> = { reason_required: '燃油车须说明理由', none: '不要求' };
const overStandardLabel: Record<OverStandardRule, string> = { approval: '超标须另行审批', refuse: '超标直接拒绝' };

/**
 * The shared schema's verdict on a form, in Chinese: each bad field's message under its field (keyed by
 * the schema path joined with '.') and the first in the banner, as the server would answer it.
 */
function check<T>(schema: z.ZodType<T>, data: unknown): { ok: true; data: T } | { ok: false; errors: Record<string, string>; banner: string } {
  const r = schema.safeParse(data);
  if (r.success) return { ok: true, data: r.data };
  const errors: Record<string, string> = {};
  for (const i of r.error.issues) errors[i.path.join('.')] ??= i.message;
  const first = r.error.issues[0]!;
  return { ok: false, errors, banner: `请检查 — ${fieldLabel(first.path)}：${first.message}` };
}
/** A number typed in a form: blank stays blank (the schema asks for it), anything else as typed. */
const num = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s));
const yuanToFen = (s: string): number | undefined => { const n = num(s); return n === undefined || Number.isNaN(n) ? n : Math.round(n * 100); };

type VehicleForm = { renewalAgeYears: string; renewalMileageKm: string; priceYuan: string; displacementCapMl: string; newEnergy: NewEnergyRule; sources: VehicleStandard['sources'] };
const vehicleFormOf = (s: VehicleStandard): VehicleForm => ({
  renewalAgeYears: String(s.renewalAgeYears), renewalMileageKm: String(s.renewalMileageKm), priceYuan: String(s.priceCapFen / 100),
  displacementCapMl: s.displacementCapMl == null ? '' : String(s.displacementCapMl), newEnergy: s.newEnergy, sources: { ...s.sources },
});

/**
 * 车辆配备标准: each category's caps and renewal thresholds with their source documents, per unit kind
 * (党政机关、人民团体 / 事业单位 / 国有企业 have their own rows); the platform admin edits one at a time.
 */
export function VehicleStandardsView() {
  const [all, setRows] = useState<VehicleStandard[] | null>(null);
  const [kind, setKind] = useState<FleetKind>('organ');
  const [editing, setEditing] = useState<VehicleStandard['category'] | null>(null);
  const [f, setF] = useState<VehicleForm | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const form = useFormSubmit();
  useEffect(() => { void fetchStandards().then(setRows).catch(() => setRows([])); }, []);
  if (!all) return <Loading />;
  const rows = all.filter((s) => s.fleetKind === kind);

  function edit(s: VehicleStandard): void {
    setEditing(s.category); setF(vehicleFormOf(s)); setSaved(null); form.setErrors({}); form.setFormError(null);
  }
  async function save(): Promise<void> {
    if (!editing || !f) return;
    const verdict = check(setVehicleStandardSchema, {
      fleetKind: kind, category: editing, renewalAgeYears: num(f.renewalAgeYears), renewalMileageKm: num(f.renewalMileageKm), priceCapFen: yuanToFen(f.priceYuan),
      displacementCapMl: f.displacementCapMl.trim() === '' ? null : num(f.displacementCapMl), newEnergy: f.newEnergy, sources: f.sources,
    });
    if (!verdict.ok) { form.setErrors(verdict.errors); form.setFormError(verdict.banner); return; }
    form.setErrors({});
    await form.submit(async () => {
      setRows(await saveStandard(verdict.data));
      setSaved(`已保存${fleetKindLabel[kind]}「${vehicleCategoryLabel[editing]}」的配备标准`);
      setEditing(null);
      void Taro.showToast({ title: '已保存', icon: 'success' });
    });
  }
  const err = (k: string) => form.errors[k] ?? form.errors[`body.${k}`];
  const source = (key: keyof VehicleStandard['sources'], label: string) => (
    <InputField label={`${label}依据`} hook={`std-source-${key}`} required value={f!.sources[key]} error={err(`sources.${key}`)}
      onChange={(v) => setF({ ...f!, sources: { ...f!.sources, [key]: v } })} />
  );

  return (
    <View className="admin-standards">
      <View className="card standards-kind">
        <ChoiceChips hook="standards-kind" value={kind} onChange={(k) => { setKind(k); setEditing(null); setSaved(null); }}
          options={fleetKinds.map((k) => ({ value: k, label: fleetKindLabel[k] }))} />
        <Text className="item-line muted standards-kind-source">依据：{fleetKindSource[kind]}</Text>
      </View>
      {saved ? <View className="form-banner form-banner-ok standard-saved">{saved}</View> : null}
      {rows.map((s) => (
        <View key={s.category} className={`card standard-${s.category}`}>
          <View className="item-head">
            <Text className="card-title">{vehicleCategoryLabel[s.category]}</Text>
            {editing !== s.category ? <View className={`btn btn-ghost btn-small standard-edit standard-edit-${s.category}`} onClick={() => edit(s)}>修改</View> : null}
          </View>
          {editing === s.category && f ? (
            <View className={`standard-form standard-form-${s.category}`}>
              {form.formError ? <View className="form-banner form-banner-error standard-error">{form.formError}</View> : null}
              <InputField label="更新年限" hook="std-age" type="number" unit="年" required value={f.renewalAgeYears} error={err('renewalAgeYears')} onChange={(v) => setF({ ...f, renewalAgeYears: v })} />
              <InputField label="更新里程" hook="std-mileage" type="number" unit="公里" required value={f.renewalMileageKm} error={err('renewalMileageKm')} onChange={(v) => setF({ ...f, renewalMileageKm: v })} />
              <InputField label="价格上限" hook="std-price" type="digit" unit="元" required value={f.priceYuan} error={err('priceCapFen')} onChange={(v) => setF({ ...f, priceYuan: v })} />
              <InputField label="排量上限" hook="std-displacement" type="number" unit="毫升" hint="留空为不限" value={f.displacementCapMl} error={err('displacementCapMl')} onChange={(v) => setF({ ...f, displacementCapMl: v })} />
              <FormField label="新能源优先" hook="std-new-energy" required>
                <ChoiceChips hook="std-new-energy" value={f.newEnergy} onChange={(newEnergy) => setF({ ...f, newEnergy })} options={(Object.keys(newEnergyLabel) as NewEnergyRule[]).map((k) => ({ value: k, label: newEnergyLabel[k] }))} />
              </FormField>
              {source('age', '年限')}
              {source('mileage', '里程')}
              {source('price', '价格')}
              {source('displacement', '排量')}
              {source('newEnergy', '新能源')}
              <View className="form-actions">
                <View className="btn btn-ghost standard-cancel" onClick={() => { setEditing(null); form.setFormError(null); form.setErrors({}); }}>取消</View>
                <SubmitButton hook="standard-submit" text="保存标准" busy={form.busy} onClick={() => void save()} />
              </View>
            </View>
          ) : (
            <View>
              <Text className="item-line item-line-strong standard-summary">价格 ≤ {formatYuan(s.priceCapFen)} · 排量 {s.displacementCapMl ? `≤ ${(s.displacementCapMl / 1000).toFixed(1)}L` : '不限'} · 更新：满 {s.renewalAgeYears} 年或 {s.renewalMileageKm.toLocaleString('zh-CN')} 公里 · 新能源：{newEnergyLabel[s.newEnergy]}</Text>
              <Text className="item-line muted">价格依据：{s.sources.price}</Text>
              <Text className="item-line muted">年限依据：{s.sources.age}</Text>
              <Text className="item-line muted">里程依据：{s.sources.mileage}</Text>
              <Text className="item-line muted">新能源：{s.sources.newEnergy}</Text>
            </View>
          )}
        </View>
      ))}
    </View>
  );
}

type LodgingForm = { regionCode: string; rank: TravellerRank; capYuan: string; peakFrom: string; peakTo: string; peakUpliftPct: string; overStandard: OverStandardRule; source: string; year: string };
type ReceptionForm = { regionCode: string; perPersonYuan: string; maxHostsSmall: string; overStandard: OverStandardRule; source: string; year: string };
const blankLodging: LodgingForm = { regionCode: '', rank: 'other', capYuan: '', peakFrom: '', peakTo: '', peakUpliftPct: '0', overStandard: 'approval', source: '', year: String(new Date().getFullYear()) };
const blankReception: ReceptionForm = { regionCode: '', perPersonYuan: '', maxHostsSmall: '', overStandard: 'approval', source: '', year: String(new Date().getFullYear()) };

/**
 * 差旅标准: the lodging standard (city × rank, peak season uplift) and the reception standard per region,
 * each row with its source document and year. Tapping a row fills the form; saving a region and rank
 * that exist replaces that row, a new one adds it.
 */
export function TravelStandardsView() {
  const [data, setData] = useState<TravelStandards | null>(null);
  const [regions, setRegions] = useState<Region[]>([]);
  const [lodging, setLodging] = useState<LodgingForm>(blankLodging);
  const [reception, setReception] = useState<ReceptionForm>(blankReception);
  const [saved, setSaved] = useState<string | null>(null);
  const lodgingForm = useFormSubmit();
  const receptionForm = useFormSubmit();
  useEffect(() => {
    void fetchTravelStandards().then(setData).catch(() => setData({ lodging: [], reception: [], tickets: [] }));
    void fetchRegions().then((r) => setRegions(r.filter((x) => x.code.length === 6 && (x.level === 'province' || x.level === 'city')))).catch(() => undefined);
  }, []);
  if (!data) return <Loading />;
  // A province-wide row is keyed by the province's two digits (13), a city's by its six.
  const keyOf = (r: Region) => (r.level === 'province' ? r.code.slice(0, 2) : r.code);
  const regionName = (code: string) => { const r = regions.find((x) => keyOf(x) === code); return r ? (r.level === 'province' ? `${r.name}（全省）` : r.name) : code; };

  async function saveLodging(): Promise<void> {
    const verdict = check(lodgingStandardSchema, {
      regionCode: lodging.regionCode, rank: lodging.rank, capFen: yuanToFen(lodging.capYuan), peakFrom: lodging.peakFrom.trim() || null, peakTo: lodging.peakTo.trim() || null,
      peakUpliftPct: num(lodging.peakUpliftPct) ?? 0, overStandard: lodging.overStandard, source: lodging.source, year: num(lodging.year),
    });
    if (!verdict.ok) { lodgingForm.setErrors(verdict.errors); lodgingForm.setFormError(verdict.banner); return; }
    lodgingForm.setErrors({});
    await lodgingForm.submit(async () => {
      setData(await saveLodgingStandard(verdict.data));
      setSaved(`已保存${regionName(verdict.data.regionCode)}${travellerRankLabel[verdict.data.rank]}的住宿标准`);
    });
  }
  async function saveReception(): Promise<void> {
    const verdict = check(receptionStandardSchema, {
      regionCode: reception.regionCode, perPersonCapFen: yuanToFen(reception.perPersonYuan), maxHostsSmall: num(reception.maxHostsSmall),
      overStandard: reception.overStandard, source: reception.source, year: num(reception.year),
    });
    if (!verdict.ok) { receptionForm.setErrors(verdict.errors); receptionForm.setFormError(verdict.banner); return; }
    receptionForm.setErrors({});
    await receptionForm.submit(async () => {
      setData(await saveReceptionStandard(verdict.data));
      setSaved(`已保存${regionName(verdict.data.regionCode)}的公务接待标准`);
    });
  }
  const lErr = (k: string) => lodgingForm.errors[k] ?? lodgingForm.errors[`body.${k}`];
  const rErr = (k: string) => receptionForm.errors[k] ?? receptionForm.errors[`body.${k}`];
  const regionChips = (hook: string, value: string, onChange: (code: string) => void) => (
    <ChoiceChips hook={hook} value={value} onChange={onChange} options={regions.map((r) => ({ value: keyOf(r), label: regionName(keyOf(r)) }))} />
  );
  const overChips = (hook: string, value: OverStandardRule, onChange: (v: OverStandardRule) => void) => (
    <ChoiceChips hook={hook} value={value} onChange={onChange} options={(Object.keys(overStandardLabel) as OverStandardRule[]).map((k) => ({ value: k, label: overStandardLabel[k] }))} />
  );

  return (
    <View className="admin-travel-standards">
      {saved ? <View className="form-banner form-banner-ok travel-saved">{saved}</View> : null}
      <View className="card lodging-standards">
        <Text className="card-title">差旅住宿费标准（元/人·晚）</Text>
        {data.lodging.map((l) => (
          <View key={l.id} className={`item-line lodging-row lodging-${l.regionCode}-${l.rank}`}
            onClick={() => setLodging({ regionCode: l.regionCode, rank: l.rank, capYuan: String(l.capFen / 100), peakFrom: l.peakFrom ?? '', peakTo: l.peakTo ?? '', peakUpliftPct: String(l.peakUpliftPct), overStandard: l.overStandard, source: l.source, year: String(l.year) })}>
            <Text>{regionName(l.regionCode)} · {travellerRankLabel[l.rank]}：{formatYuan(l.capFen)}{l.peakFrom ? `（旺季 ${l.peakFrom}～${l.peakTo} 上浮 ${l.peakUpliftPct}%）` : ''} · {overStandardLabel[l.overStandard]}</Text>
            <Text className="muted"> · {l.source}（{l.year}）</Text>
          </View>
        ))}
        <Text className="form-card-title">新增或修改（点上面一行带入）</Text>
        {lodgingForm.formError ? <View className="form-banner form-banner-error lodging-error">{lodgingForm.formError}</View> : null}
        <FormField label="地区" hook="lodging-region" required error={lErr('regionCode')}>{regionChips('lodging-region', lodging.regionCode, (regionCode) => setLodging({ ...lodging, regionCode }))}</FormField>
        <FormField label="职级" hook="lodging-rank" required>
          <ChoiceChips hook="lodging-rank" value={lodging.rank} onChange={(rank) => setLodging({ ...lodging, rank })} options={travellerRanks.map((r) => ({ value: r, label: travellerRankLabel[r] }))} />
        </FormField>
        <InputField label="标准上限" hook="lodging-cap" type="digit" unit="元" required value={lodging.capYuan} error={lErr('capFen')} onChange={(capYuan) => setLodging({ ...lodging, capYuan })} />
        <InputField label="旺季开始" hook="lodging-peak-from" placeholder="如 07-01，无旺季留空" value={lodging.peakFrom} error={lErr('peakFrom')} onChange={(peakFrom) => setLodging({ ...lodging, peakFrom })} />
        <InputField label="旺季结束" hook="lodging-peak-to" placeholder="如 09-30" value={lodging.peakTo} error={lErr('peakTo')} onChange={(peakTo) => setLodging({ ...lodging, peakTo })} />
        <InputField label="旺季上浮" hook="lodging-uplift" type="number" unit="%" value={lodging.peakUpliftPct} error={lErr('peakUpliftPct')} onChange={(peakUpliftPct) => setLodging({ ...lodging, peakUpliftPct })} />
        <FormField label="超标处理" hook="lodging-over" required>{overChips('lodging-over', lodging.overStandard, (overStandard) => setLodging({ ...lodging, overStandard }))}</FormField>
        <InputField label="依据文件" hook="lodging-source" required value={lodging.source} error={lErr('source')} onChange={(source) => setLodging({ ...lodging, source })} />
        <InputField label="年度" hook="lodging-year" type="number" required value={lodging.year} error={lErr('year')} onChange={(year) => setLodging({ ...lodging, year })} />
        <View className="form-actions"><SubmitButton hook="lodging-submit" text="保存住宿标准" busy={lodgingForm.busy} onClick={() => void saveLodging()} /></View>
      </View>

      <View className="card reception-standards">
        <Text className="card-title">公务接待标准</Text>
        {data.reception.map((r) => (
          <View key={r.id} className={`item-line reception-row reception-${r.regionCode}`}
            onClick={() => setReception({ regionCode: r.regionCode, perPersonYuan: String(r.perPersonCapFen / 100), maxHostsSmall: String(r.maxHostsSmall), overStandard: r.overStandard, source: r.source, year: String(r.year) })}>
            <Text>{regionName(r.regionCode)}：人均 ≤ {formatYuan(r.perPersonCapFen)}，陪餐 ≤ {r.maxHostsSmall} 人 · {overStandardLabel[r.overStandard]}</Text>
            <Text className="muted"> · {r.source}（{r.year}）</Text>
          </View>
        ))}
        <Text className="form-card-title">新增或修改（点上面一行带入）</Text>
        {receptionForm.formError ? <View className="form-banner form-banner-error reception-error">{receptionForm.formError}</View> : null}
        <FormField label="地区" hook="reception-region" required error={rErr('regionCode')}>{regionChips('reception-region', reception.regionCode, (regionCode) => setReception({ ...reception, regionCode }))}</FormField>
        <InputField label="人均上限" hook="reception-cap" type="digit" unit="元" required value={reception.perPersonYuan} error={rErr('perPersonCapFen')} onChange={(perPersonYuan) => setReception({ ...reception, perPersonYuan })} />
        <InputField label="陪餐人数上限" hook="reception-hosts" type="number" unit="人" required value={reception.maxHostsSmall} error={rErr('maxHostsSmall')} onChange={(maxHostsSmall) => setReception({ ...reception, maxHostsSmall })} />
        <FormField label="超标处理" hook="reception-over" required>{overChips('reception-over', reception.overStandard, (overStandard) => setReception({ ...reception, overStandard }))}</FormField>
        <InputField label="依据文件" hook="reception-source" required value={reception.source} error={rErr('source')} onChange={(source) => setReception({ ...reception, source })} />
        <InputField label="年度" hook="reception-year" type="number" required value={reception.year} error={rErr('year')} onChange={(year) => setReception({ ...reception, year })} />
        <View className="form-actions"><SubmitButton hook="reception-submit" text="保存接待标准" busy={receptionForm.busy} onClick={() => void saveReception()} /></View>
      </View>
    </View>
  );
}
