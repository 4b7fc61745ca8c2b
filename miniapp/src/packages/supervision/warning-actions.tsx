import { useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text, Textarea, Image, Input } from '@tarojs/components';
import type { CurrentUser } from '@shared/identity/identity.schemas';
import {
  appealWarning, appealWarningSchema, checkWarning, checkWarningSchema, decideWarning, decideWarningSchema, publishWarning, uploadEvidence,
  type Warning, type WarningEvidence,
} from '../../services/supervision.api';
import { absoluteUrl } from '../../services/http';
import { FormField, SubmitButton } from '../../components/form-field';
import { useFormSubmit } from '../../features/use-form-submit';

type Step = 'check' | 'appeal' | 'uphold' | 'dismiss' | 'confirm' | 'publish';
const stepText: Record<Step, { button: string; title: string; placeholder: string }> = {
  check: { button: '核查', title: '单位核查', placeholder: '核查情况，如：经核实系夜间应急出车，已补登记' },
  appeal: { button: '申诉', title: '单位申诉', placeholder: '申诉理由，如：该车执行防汛应急任务，有审批单' },
  uphold: { button: '申诉成立', title: '处理：申诉成立（撤销预警）', placeholder: '处理意见，如：证据充分，撤销该预警' },
  dismiss: { button: '驳回申诉', title: '处理：驳回申诉（预警属实）', placeholder: '处理意见，如：无审批单，预警属实' },
  confirm: { button: '核实属实', title: '处理：核实属实', placeholder: '处理意见，如：经核实属实，责令整改' },
  publish: { button: '通报', title: '通报（向本地区单位公布）', placeholder: '通报内容（可不填）' },
};

/** Which steps of the loop the viewer may take on the warning now (the server decides again). */
export function stepsFor(w: Warning, me: CurrentUser): Step[] {
  const unitAdmin = me.roles.includes('fleet_admin') && me.unit.id === w.unitId;
  const supervisor = me.roles.includes('supervisor');
  const out: Step[] = [];
  if (unitAdmin && w.status === 'open') out.push('check');
  if (unitAdmin && (w.status === 'open' || w.status === 'checked')) out.push('appeal');
  if (supervisor && w.status === 'appealed') out.push('uphold', 'dismiss');
  if (supervisor && w.status === 'checked') out.push('confirm');
  if (supervisor && w.status === 'confirmed') out.push('publish');
  return out;
}

/**
 * The loop's next step on a warning: 核查 and 申诉 (reason, photos, the trip it belongs to) for the
 * unit's fleet admin; 处理 (uphold / dismiss / confirm) and 通报 for the supervisor above.
 */
export function WarningActions({ w, me, onDone }: { w: Warning; me: CurrentUser; onDone: (next: Warning) => void }) {
  const steps = stepsFor(w, me);
  const [step, setStep] = useState<Step | null>(null);
  const [note, setNote] = useState('');
  const [tripId, setTripId] = useState(w.tripId ? String(w.tripId) : '');
  const [photos, setPhotos] = useState<WarningEvidence[]>([]);
  const [uploading, setUploading] = useState(false);
  const form = useFormSubmit();
  if (!steps.length) return null;

  async function addPhoto(): Promise<void> {
    try {
      const chosen = await Taro.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: ['camera', 'album'] });
      const path = chosen.tempFilePaths[0];
      if (!path) return;
      setUploading(true);
      const e = await uploadEvidence(w.id, path);
      setPhotos((p) => [...p, e]);
    } catch {
      // Cancelled, or the http client has shown the server's message.
    } finally {
      setUploading(false);
    }
  }

  async function send(): Promise<void> {
    if (!step) return;
    form.setErrors({});
    const trip = tripId.trim() ? Number(tripId.trim()) : undefined;
    const parsed = step === 'check' ? checkWarningSchema.safeParse({ note })
      : step === 'appeal' ? appealWarningSchema.safeParse({ reason: note, evidence: photos.map((p) => p.ref), tripId: trip })
        : step === 'publish' ? { success: true as const }
          : decideWarningSchema.safeParse({ outcome: step, note });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      form.setErrors({ [issue?.path[0] === 'tripId' ? 'tripId' : 'note']: issue?.message ?? '请检查填写内容' });
      return;
    }
    await form.submit(async () => {
      const next = step === 'check' ? await checkWarning(w.id, note)
        : step === 'appeal' ? await appealWarning(w.id, { reason: note, evidence: photos.map((p) => p.ref), tripId: trip })
          : step === 'publish' ? await publishWarning(w.id, note.trim() || undefined)
            : await decideWarning(w.id, step, note);
      void Taro.showToast({ title: `已${stepText[step].button}`, icon: 'success' });
      setStep(null);
      setNote('');
      onDone(next);
    });
  }

  return (
    <View className="card warning-actions">
      <Text className="card-title">{step ? stepText[step].title : '办理'}</Text>
      {!step ? (
        <View className="warning-step-buttons">
          {steps.map((s) => (
            <View key={s} className={`btn ${s === 'dismiss' || s === 'check' ? 'btn-ghost' : 'btn-primary'} warning-step warning-step-${s}`} onClick={() => setStep(s)}>{stepText[s].button}</View>
          ))}
        </View>
      ) : (
        <View className={`warning-form warning-form-${step}`}>
          <FormField label={step === 'appeal' ? '申诉理由' : step === 'check' ? '核查情况' : '意见'} hook="warning-note" required={step !== 'publish'} error={form.errors.note ?? form.errors.reason}>
            <Textarea className="form-textarea input-warning-note" value={note} maxlength={500} placeholder={stepText[step].placeholder} placeholderClass="form-placeholder" onInput={(e) => setNote(e.detail.value)} />
          </FormField>
          {step === 'appeal' ? (
            <View>
              <FormField label="所属行程" hook="warning-trip" hint="填写该车当时执行的行程编号（如有）" error={form.errors.tripId}>
                <Input className="form-input input-warning-trip" type="number" value={tripId} placeholder="行程编号" placeholderClass="form-placeholder" onInput={(e) => setTripId(e.detail.value)} />
              </FormField>
              <FormField label="证据照片" hook="warning-evidence" hint="审批单、任务通知等照片，最多 9 张" error={form.errors.evidence}>
                <View className="receipt-grid evidence-grid">
                  {photos.map((p) => (
                    <Image key={p.id} className="receipt-thumb evidence-thumb" src={absoluteUrl(p.url)} mode="aspectFill" />
                  ))}
                  {photos.length < 9 ? (
                    <View className={`receipt-add evidence-add${uploading ? ' is-busy' : ''}`} onClick={() => { if (!uploading) void addPhoto(); }}>
                      <Text className="receipt-add-plus">{uploading ? '…' : '+'}</Text>
                      <Text className="receipt-label">{uploading ? '上传中' : '添加照片'}</Text>
                    </View>
                  ) : null}
                </View>
              </FormField>
            </View>
          ) : null}
          {form.formError ? <Text className="form-banner form-banner-error warning-form-error">{form.formError}</Text> : null}
          <View className="form-actions warning-form-actions">
            <SubmitButton text={`确认${stepText[step].button}`} busy={form.busy} onClick={() => void send()} hook="warning-submit" kind={step === 'dismiss' ? 'danger' : 'primary'} />
            <View className="btn btn-ghost warning-cancel" onClick={() => { setStep(null); form.setFormError(null); }}>取消</View>
          </View>
        </View>
      )}
    </View>
  );
}
