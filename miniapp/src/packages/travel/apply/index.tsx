import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text, Picker, Textarea } from '@tarojs/components';
import { addShanghaiDays } from '@shared/common/time';
import { applyTravelSchema, legTransportLabel, legTransports, type LegTransport } from '@shared/travel/travel.schemas';
import { applyTravel } from '../../../services/travel.api';
import { errorMessage } from '../../../components/error-block';
import { ChoiceChips, FormField, InputField, SubmitButton } from '../../../components/form-field';
import { destinations } from '../travel-display';
import '../../../components/work.css';
import '../travel.css';

interface LegForm { departOn: string; arriveOn: string; fromPlace: string; dest: number; transport: LegTransport }

const firstDay = () => addShanghaiDays(new Date(), 3);

/**
 * 出差申请: 事由, the legs (dates, from, to — the destination's region sets the lodging standard — and how
 * each is travelled: the official car, an NEV, a train or a flight), whether a hotel is needed, and a
 * reception with its 公函 and diners. Sent to the approval center; once approved it authorises them.
 */
export default function TravelApply() {
  const [purpose, setPurpose] = useState('');
  const [legs, setLegs] = useState<LegForm[]>([{ departOn: firstDay(), arriveOn: firstDay(), fromPlace: '石家庄', dest: 3, transport: 'official_car' }]);
  const [hotel, setHotel] = useState<'yes' | 'no'>('yes');
  const [reception, setReception] = useState<'yes' | 'no'>('no');
  const [letterFrom, setLetterFrom] = useState('');
  const [letterNo, setLetterNo] = useState('');
  const [guests, setGuests] = useState('3');
  const [hosts, setHosts] = useState('2');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const setLeg = (i: number, patch: Partial<LegForm>) => setLegs(legs.map((l, j) => (j === i ? { ...l, ...patch } : l)));

  async function submit(): Promise<void> {
    setBanner(null);
    const input = {
      purpose, companionIds: [], hotel: hotel === 'yes',
      legs: legs.map((l) => ({ departOn: l.departOn, arriveOn: l.arriveOn, fromPlace: l.fromPlace, toPlace: destinations[l.dest]!.name, toRegionCode: destinations[l.dest]!.regionCode, transport: l.transport })),
      reception: reception === 'yes' ? { letterFrom, letterNo, guests: Number(guests), hosts: Number(hosts) } : null,
    };
    const parsed = applyTravelSchema.safeParse(input);
    if (!parsed.success) {
      const e: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path.filter((p) => typeof p === 'string').slice(-1)[0] as string | undefined;
        const leg = issue.path[0] === 'legs' && typeof issue.path[1] === 'number' ? `${issue.path[1]}.` : '';
        e[`${leg}${key ?? 'form'}`] ??= issue.message;
      }
      setErrors(e);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const r = await applyTravel(parsed.data);
      void Taro.showToast({ title: '已提交审批', icon: 'success' });
      await Taro.redirectTo({ url: `/packages/travel/detail/index?id=${r.id}` });
    } catch (e) {
      setBanner(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className="page travel-apply">
      <View className="card form-card">
        <Text className="form-card-title">出差事由</Text>
        <FormField label="事由" error={errors.purpose} hook="travel-purpose" required>
          <Textarea className="form-textarea input-travel-purpose" value={purpose} maxlength={200} autoHeight placeholder="如：赴保定调研京雄城际沿线重点项目"
            placeholderClass="form-placeholder" onInput={(e) => setPurpose(e.detail.value)} />
        </FormField>
      </View>
      {legs.map((l, i) => (
        <View key={i} className={`card form-card travel-leg-form travel-leg-form-${i + 1}`}>
          <Text className="form-card-title">第 {i + 1} 段行程</Text>
          <View className="trv-pair">
            <FormField label="出发日期" hook={`leg-depart-${i + 1}`} error={errors[`${i}.departOn`]} required>
              <Picker mode="date" value={l.departOn} onChange={(e) => setLeg(i, { departOn: e.detail.value, arriveOn: e.detail.value > l.arriveOn ? e.detail.value : l.arriveOn })}>
                <View className="form-picker">{l.departOn}</View>
              </Picker>
            </FormField>
            <FormField label="到达日期" hook={`leg-arrive-${i + 1}`} error={errors[`${i}.arriveOn`]} required>
              <Picker mode="date" value={l.arriveOn} onChange={(e) => setLeg(i, { arriveOn: e.detail.value })}>
                <View className="form-picker">{l.arriveOn}</View>
              </Picker>
            </FormField>
          </View>
          <InputField label="出发地" hook={`leg-from-${i + 1}`} value={l.fromPlace} onChange={(v) => setLeg(i, { fromPlace: v })} error={errors[`${i}.fromPlace`]} required />
          <FormField label="目的地" hook={`leg-to-${i + 1}`} required hint="住宿标准按目的地核定">
            <ChoiceChips options={destinations.map((d, k) => ({ value: k, label: d.name }))} value={l.dest} onChange={(v) => setLeg(i, { dest: v })} hook={`leg-to-${i + 1}`} />
          </FormField>
          <FormField label="交通方式" hook={`leg-transport-${i + 1}`} required hint={l.transport === 'official_car' || l.transport === 'nev' ? '批准后可按此段申请用车' : l.transport === 'train' || l.transport === 'air' ? '批准后可预订车票机票（公务卡支付）' : undefined}>
            <ChoiceChips options={legTransports.map((t) => ({ value: t, label: legTransportLabel[t] }))} value={l.transport} onChange={(v) => setLeg(i, { transport: v })} hook={`leg-transport-${i + 1}`} />
          </FormField>
          {legs.length > 1 ? <Text className="trv-link travel-leg-remove" onClick={() => setLegs(legs.filter((_, j) => j !== i))}>删除此段</Text> : null}
        </View>
      ))}
      {legs.length < 10 ? (
        <View className="card">
          <SubmitButton text="添加一段行程" kind="ghost" busy={false} hook="travel-add-leg" onClick={() => {
            const last = legs[legs.length - 1]!;
            setLegs([...legs, { departOn: last.arriveOn, arriveOn: last.arriveOn, fromPlace: destinations[last.dest]!.name, dest: 0, transport: 'train' }]);
          }} />
        </View>
      ) : null}
      <View className="card form-card">
        <Text className="form-card-title">住宿与接待</Text>
        <FormField label="住宿" hook="travel-hotel">
          <ChoiceChips options={[{ value: 'yes' as const, label: '需要住宿' }, { value: 'no' as const, label: '不需要' }]} value={hotel} onChange={setHotel} hook="travel-hotel" />
        </FormField>
        <FormField label="公务接待" hook="travel-reception" hint="接待须凭派出单位公函，用餐人数以公函为准">
          <ChoiceChips options={[{ value: 'no' as const, label: '无' }, { value: 'yes' as const, label: '有公函接待' }]} value={reception} onChange={setReception} hook="travel-reception" />
        </FormField>
        {reception === 'yes' ? (
          <>
            <InputField label="来函单位" hook="letter-from" value={letterFrom} onChange={setLetterFrom} error={errors.letterFrom} required placeholder="如：保定市发展和改革委员会" />
            <InputField label="公函文号" hook="letter-no" value={letterNo} onChange={setLetterNo} error={errors.letterNo} required placeholder="如：保发改函〔2026〕12号" />
            <View className="trv-pair">
              <InputField label="接待对象" hook="guests" type="number" value={guests} onChange={setGuests} unit="人" error={errors.guests} required />
              <InputField label="陪餐" hook="hosts" type="number" value={hosts} onChange={setHosts} unit="人" error={errors.hosts} required />
            </View>
          </>
        ) : null}
      </View>
      {banner ? <View className="form-banner form-banner-error travel-apply-error">{banner}</View> : null}
      <View className="card">
        <SubmitButton text="提交审批" busy={busy} onClick={() => void submit()} hook="travel-submit" />
      </View>
    </View>
  );
}
