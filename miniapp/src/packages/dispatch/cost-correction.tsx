import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text, Textarea } from '@tarojs/components';
import { correctCostsSchema, type Assignment, type TripDetail, type TripStatus } from '@shared/trips/trips.schemas';
import { amountPartLabel, type AmountPartKey } from '@shared/settlement/settlement.schemas';
import { correctCosts } from '../../services/dispatch.api';
import { FormField, InputField, SubmitButton } from '../../components/form-field';
import { formatYuan } from '../../utils/format';
import { fieldErrors, yuanTextToFen } from '../../utils/trip-display';
import { amountMessage } from '../../utils/amount-message';
import { useFormSubmit } from '../../features/use-form-submit';
import '../../components/work.css';
import './cost-correction.css';

/** Review is where costs are checked; after it (trip-costs.service) they can only be corrected, with a reason. */
export const costCorrectableStatuses: readonly TripStatus[] = ['reviewed', 'confirmed', 'completed'];

const partKeys = Object.keys(amountPartLabel) as AmountPartKey[];
type Texts = Record<AmountPartKey, string>;

/** What the car's costs are now, as the form starts: yuan with two decimals, empty for none. */
function textsOf(a: Assignment): Texts {
  const out = {} as Texts;
  for (const k of partKeys) out[k] = a[k] ? (a[k] / 100).toFixed(2) : '';
  return out;
}

/**
 * 费用更正 of one returned car: its amounts by kind (租车费 only on a rental company's car) and the
 * reason; the server replaces the recorded costs, keeps the change in the trip's record and tells
 * settlement. A refusal (nothing changed, not yet reviewed…) is shown here in the server's words.
 */
export function CostCorrection({ trip, assignment: a, onChanged }: { trip: TripDetail; assignment: Assignment; onChanged: (t: TripDetail) => void }) {
  const [open, setOpen] = useState(false);
  const [texts, setTexts] = useState<Texts>(() => textsOf(a));
  const [reason, setReason] = useState('');
  const { errors, setErrors, formError, setFormError, busy, submit: send } = useFormSubmit();
  const keys = partKeys.filter((k) => k !== 'rentalFen' || a.source === 'rental');

  function start(): void {
    setTexts(textsOf(a));
    setReason('');
    setErrors({});
    setFormError(null);
    setOpen(true);
  }

  const setPart = (k: AmountPartKey) => (v: string) => {
    setTexts((t) => ({ ...t, [k]: v }));
    setErrors((e) => ({ ...e, [k]: '' }));
    setFormError(null);
  };

  async function submit(): Promise<void> {
    const input = { ...Object.fromEntries(partKeys.map((k) => [k, keys.includes(k) ? yuanTextToFen(texts[k]) : 0])), reason };
    const parsed = correctCostsSchema.safeParse(input);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues.map((i) => ({ path: i.path, message: i.path[0] === 'reason' ? i.message : amountMessage(i) }))));
      return;
    }
    setErrors({});
    await send(async () => {
      const next = await correctCosts(trip.id, a.id, parsed.data);
      setOpen(false);
      void Taro.showToast({ title: '费用已更正', icon: 'success' });
      onChanged(next);
    });
  }

  if (!open) {
    return (
      <View className="cost-correct-bar">
        <View className={`btn btn-ghost cost-correct-open cost-correct-open-${a.id}`} onClick={start}>费用更正</View>
      </View>
    );
  }
  const total = keys.reduce((s, k) => s + (yuanTextToFen(texts[k]) || 0), 0);
  return (
    <View className={`cost-correct-form cost-correct-form-${a.id}`}>
      <Text className="form-card-title">费用更正</Text>
      <Text className="form-hint">填写更正后的金额，将替换已记录的费用，并记入全程记录、同步结算。</Text>
      {keys.map((k) => (
        <InputField key={k} label={amountPartLabel[k]} hook={`correct-${k.replace(/Fen$/, '')}`} type="digit" value={texts[k]} onChange={setPart(k)} error={errors[k]} unit="元" placeholder="0.00" />
      ))}
      <FormField label="更正原因" hook="correct-reason" error={errors.reason} required>
        <Textarea
          className="form-textarea input-correct-reason" value={reason} maxlength={200}
          placeholder="如：补交通行费票据，实际 ¥25.00" placeholderClass="form-placeholder"
          onInput={(e) => { setReason(e.detail.value); setErrors((x) => ({ ...x, reason: '' })); }}
        />
      </FormField>
      <Text className="item-line item-line-strong cost-correct-total">更正后合计 {formatYuan(total)}（原 {formatYuan(a.costFen)}）</Text>
      {formError ? <Text className="cost-correct-error">{formError}</Text> : null}
      <View className="cost-correct-actions">
        <View className="btn btn-ghost cost-correct-cancel" onClick={() => { if (!busy) setOpen(false); }}>取消</View>
        <SubmitButton text="保存更正" busy={busy} onClick={() => void submit()} hook="cost-correct-submit" />
      </View>
    </View>
  );
}
