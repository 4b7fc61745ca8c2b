import { useCallback, useEffect, useState } from 'react';
import { View, Text } from '@tarojs/components';
import { carSides, type CarSide } from '@shared/common/handover';
import { tripEvidenceStageLabel, tripEvidenceStages, type TripEvidence, type TripEvidenceStage } from '@shared/trips/trip-evidence.schemas';
import type { AssignmentStatus } from '@shared/trips/trips.schemas';
import { fetchTripEvidence, uploadTripEvidence } from '../services/trips.api';
import { errorMessage } from './error-block';
import { HandoverStages, takeCarPhoto } from './handover-photos';
import './work.css';

/**
 * Which stages the driver may photograph now (the server has the last word): 出车 until the car is
 * on the road (and during it while its four sides are not all taken and 回场 has not begun), 回场 on
 * the road and after, until the review.
 */
function editableStages(status: AssignmentStatus, photos: Array<{ stage: TripEvidenceStage }>): TripEvidenceStage[] {
  if (status === 'dispatched' || status === 'accepted') return ['depart'];
  if (status === 'departed') {
    const departDone = photos.filter((p) => p.stage === 'depart').length >= carSides.length || photos.some((p) => p.stage === 'return');
    return departDone ? ['return'] : ['depart', 'return'];
  }
  if (status === 'returned') return ['return'];
  return [];
}

/**
 * 出车/回场照片 of a trip (#21 item 2). With `driverOf` (the driver's own assignment and its state) the
 * sides of the current stage can be taken; otherwise every car's photos are shown (the dispatcher, the
 * unit), with the missing sides counted — the photos are not required by 出车/回场 themselves.
 */
export function TripEvidenceCard({ tripId, driverOf, refreshKey }: { tripId: number; driverOf?: { assignmentId: number; status: AssignmentStatus }; refreshKey?: unknown }) {
  const [evidence, setEvidence] = useState<TripEvidence | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const load = useCallback(async () => {
    setEvidence(await fetchTripEvidence(tripId).catch(() => null));
  }, [tripId]);
  useEffect(() => { void load(); }, [load, refreshKey]);

  if (!evidence) return null;
  const cars = driverOf ? evidence.cars.filter((c) => c.assignmentId === driverOf.assignmentId) : evidence.cars;

  async function take(assignmentId: number, stage: string, side: CarSide): Promise<void> {
    if (busy) return;
    setProblem(null);
    const path = await takeCarPhoto();
    if (!path) return;
    setBusy(`${stage}-${side}`);
    try {
      await uploadTripEvidence(assignmentId, stage as TripEvidenceStage, side, path);
      await load();
    } catch (e) {
      setProblem(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      {cars.map((c) => {
        const editable = driverOf ? editableStages(driverOf.status, c.photos) : [];
        const stages = tripEvidenceStages.filter((s) => editable.includes(s) || c.photos.some((p) => p.stage === s) || !driverOf);
        if (!stages.length) return null;
        return (
          <View key={c.assignmentId} className={`card handover-card trip-evidence-card trip-evidence-${c.assignmentId}`}>
            {!driverOf ? <Text className="item-line muted trip-evidence-car">{c.plate} · 驾驶员 {c.driverName}</Text> : null}
            <HandoverStages busy={busy} onTake={(s, side) => void take(c.assignmentId, s, side)}
              hint={`请绕车一周，拍摄车头、车尾、左侧、右侧；照片与此刻的车辆状态（里程、油量、车门、位置）一同保存，作为${driverOf?.status === 'departed' || driverOf?.status === 'returned' ? '回场' : '出车'}凭证。`}
              stages={stages.map((s) => ({ key: s, label: tripEvidenceStageLabel[s], photos: c.photos.filter((p) => p.stage === s), editable: editable.includes(s) }))} />
            {problem && driverOf ? <View className="form-banner form-banner-error trip-evidence-error">{problem}</View> : null}
          </View>
        );
      })}
    </>
  );
}
