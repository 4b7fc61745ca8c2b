import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { View, Text, Image, Textarea } from '@tarojs/components';
import {
  carSideLabel, carSides, claimStatusLabel, handoverStageLabel,
  type CarSide, type DamageClaim, type HandoverPhoto, type HandoverStage, type Rental,
} from '@shared/rental/rental.schemas';
import { appealClaim, fetchHandover, fetchMyClaims, uploadHandoverPhoto } from '../../services/rental.api';
import { absoluteUrl } from '../../services/http';
import { HandoverStages, photoState, takeCarPhoto } from '../../components/handover-photos';
import { errorMessage } from '../../components/error-block';
import { SubmitButton } from '../../components/form-field';
import { formatShanghai, formatYuan } from '../../utils/format';

export { photoState } from '../../components/handover-photos';

/** Which handover the renter photographs now: 取车 until the car is driven, 还车 while in rental and just after. */
export function currentStage(r: Rental, photos: HandoverPhoto[]): HandoverStage | null {
  if (r.status === 'reserved') return 'start';
  if (r.status === 'in_rental') return photos.filter((p) => p.stage === 'start').length < carSides.length && !photos.some((p) => p.stage === 'end') ? 'start' : 'end';
  if ((r.status === 'returned' || r.status === 'closed') && r.endedAt && Date.now() - Date.parse(r.endedAt) < 30 * 60_000) return 'end';
  return null;
}

/**
 * 交接车拍照 (#21): the four sides of the car at 取车 and 还车, each photo kept with the car's state at
 * that moment (charge, odometer, doors, position) and the time, so damage found later can be told
 * from damage that was already there.
 */
export function HandoverCard({ rental, refreshKey }: { rental: Rental; refreshKey?: unknown }) {
  const [photos, setPhotos] = useState<HandoverPhoto[] | null>(null);
  const [busySide, setBusySide] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(async () => {
    setPhotos((await fetchHandover(rental.id).catch(() => null))?.photos ?? []);
  }, [rental.id]);
  useEffect(() => { void load(); }, [load, refreshKey, rental.status]);

  if (photos === null) return null;
  const stage = currentStage(rental, photos);
  const stages: HandoverStage[] = (['start', 'end'] as const).filter((s) => s === stage || photos.some((p) => p.stage === s));
  if (!stages.length) return null;

  async function take(s: string, side: CarSide): Promise<void> {
    if (busySide) return;
    setProblem(null);
    const path = await takeCarPhoto();
    if (!path) return;
    setBusySide(`${s}-${side}`);
    try {
      await uploadHandoverPhoto(rental.id, s as HandoverStage, side, path);
      await load();
    } catch (e) {
      setProblem(errorMessage(e));
    } finally {
      setBusySide(null);
    }
  }

  return (
    <View className={`card handover-card handover-of-${rental.id}`}>
      <HandoverStages busy={busySide} onTake={(s, side) => void take(s, side)}
        hint="请绕车一周，拍摄车头、车尾、左侧、右侧；照片与此刻的车辆状态一同保存，作为交接凭证。"
        stages={stages.map((s) => ({ key: s, label: handoverStageLabel[s], photos: photos.filter((p) => p.stage === s), editable: s === stage }))} />
      {problem ? <View className="form-banner form-banner-error handover-error">{problem}</View> : null}
    </View>
  );
}

/** 车损索赔 of this rental, for the renter: the items, the evidence, and an appeal within the window. */
export function ClaimsCard({ rentalId }: { rentalId: number }) {
  const [claims, setClaims] = useState<DamageClaim[] | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(async () => {
    setClaims((await fetchMyClaims().catch(() => [])).filter((c) => c.rentalId === rentalId));
  }, [rentalId]);
  useEffect(() => { void load(); }, [load]);

  if (!claims || !claims.length) return null;

  async function send(id: number): Promise<void> {
    if (reason.trim().length < 2) return setProblem('请填写申诉理由（至少 2 个字）');
    setBusy(true);
    setProblem(null);
    try {
      await appealClaim(id, reason.trim());
      setOpen(null);
      setReason('');
      void Taro.showToast({ title: '已提交申诉', icon: 'success' });
      await load();
    } catch (e) {
      setProblem(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <View className="card claims-card">
      <Text className="card-title">车损索赔</Text>
      {claims.map((c) => (
        <View key={c.id} className={`claim-item claim-${c.id} claim-status-${c.status}`}>
          <View className="item-head">
            <Text className="claim-desc">{c.description}</Text>
            <Text className={`claim-status claim-status-text-${c.status}`}>{claimStatusLabel[c.status]}</Text>
          </View>
          {c.items.map((i, n) => (
            <View key={n} className="receipt-line claim-line">
              <Text className="receipt-label">{i.name}</Text>
              <Text className="receipt-value">{formatYuan(i.amountFen)}</Text>
            </View>
          ))}
          <View className="rental-receipt-total"><Text>合计</Text><Text className="claim-amount">{formatYuan(c.amountFen)}</Text></View>
          <Text className="form-label">企业提供的证据</Text>
          <View className="handover-grid">
            {c.evidence.map((p) => (
              <View key={p.id} className="handover-tile has-photo">
                <Image className="handover-thumb" src={absoluteUrl(p.url)} mode="aspectFill" onClick={() => void Taro.previewImage({ urls: c.evidence.map((e) => absoluteUrl(e.url)), current: absoluteUrl(p.url) })} />
                <Text className="handover-side">{handoverStageLabel[p.stage]} · {carSideLabel[p.side]}</Text>
                <Text className="handover-state">{photoState(p)}</Text>
              </View>
            ))}
          </View>
          {c.status === 'open' ? (
            <Text className="form-hint claim-deadline">如有异议，请于 {formatShanghai(c.appealDeadline)} 前申诉；期满未申诉将自动扣费。</Text>
          ) : null}
          {c.appealReason ? <Text className="item-line claim-appeal-reason">我的申诉：{c.appealReason}</Text> : null}
          {c.decisionNote ? <Text className="item-line claim-decision">平台裁决：{c.decisionNote}</Text> : null}
          {c.status === 'open' && open !== c.id ? <Text className="rental-fault-open claim-appeal-open" onClick={() => { setOpen(c.id); setProblem(null); }}>对此索赔有异议？提出申诉 ›</Text> : null}
          {open === c.id ? (
            <View className="claim-appeal-form">
              <Textarea className="form-textarea input-appeal" value={reason} maxlength={500} placeholder="如：取车照片已显示该划痕，非本次用车造成" placeholderClass="form-placeholder"
                onInput={(e) => setReason(e.detail.value)} />
              {problem ? <View className="form-banner form-banner-error claim-error">{problem}</View> : null}
              <View className="item-actions">
                <View className="btn btn-ghost" onClick={() => setOpen(null)}>取消</View>
                <SubmitButton text="提交申诉" busy={busy} onClick={() => void send(c.id)} hook="claim-appeal-submit" />
              </View>
            </View>
          ) : null}
        </View>
      ))}
    </View>
  );
}
