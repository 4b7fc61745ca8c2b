import Taro from '@tarojs/taro';
import { View, Text, Image } from '@tarojs/components';
import { carSideLabel, carSides, type CarSide, type EvidencePhoto } from '@shared/common/handover';
import { absoluteUrl } from '../services/http';
import { formatShanghai } from '../utils/format';
import './handover-photos.css';

/** What the terminal said when the photo was taken, in one line. */
export function photoState(p: EvidencePhoto): string {
  const parts = [formatShanghai(p.takenAt, 'MM-dd HH:mm')];
  if (p.chargePct != null) parts.push(`电量 ${p.chargePct}%`);
  if (p.fuelL != null) parts.push(`油量 ${p.fuelL.toFixed(1)} L`);
  if (p.odometerKm != null) parts.push(`里程 ${p.odometerKm.toFixed(1)} km`);
  if (p.doorLocked != null) parts.push(p.doorLocked ? '车门已锁' : '车门未锁');
  if (p.position) parts.push(`${p.position.lat.toFixed(4)}, ${p.position.lng.toFixed(4)}`);
  if (!p.online && p.fixAt == null) parts.push('终端无数据');
  return parts.join(' · ');
}

/** One stage of a handover (取车, 还车; 出车, 回场): its photos, and whether they may be taken now. */
export interface HandoverStageView { key: string; label: string; photos: EvidencePhoto[]; editable: boolean }

/**
 * The four sides of the car at each stage of a handover, each photo with the car's state when it was
 * taken (time-share rentals and official trips alike, #21 item 2). Tapping an empty side of an
 * editable stage asks `onTake`; a photo opens full size.
 */
export function HandoverStages({ stages, busy, onTake, hint }: {
  stages: HandoverStageView[]; busy: string | null; onTake: (stage: string, side: CarSide) => void; hint: string;
}) {
  return (
    <>
      {stages.map((s) => {
        const urls = s.photos.map((p) => absoluteUrl(p.url));
        return (
          <View key={s.key} className={`handover-stage handover-${s.key}`}>
            <View className="item-head">
              <Text className="card-title">{s.label}照片</Text>
              <Text className={`handover-count${s.photos.length === carSides.length ? ' is-done' : ''}`}>{s.photos.length}/{carSides.length}</Text>
            </View>
            {s.editable ? <Text className="form-hint">{hint}</Text> : null}
            <View className="handover-grid">
              {carSides.map((side) => {
                const p = s.photos.find((x) => x.side === side);
                const isBusy = busy === `${s.key}-${side}`;
                return (
                  <View key={side} className={`handover-tile handover-${s.key}-${side}${p ? ' has-photo' : ''}`}>
                    {p ? (
                      <Image className="handover-thumb" src={absoluteUrl(p.url)} mode="aspectFill"
                        onClick={() => void Taro.previewImage({ urls, current: absoluteUrl(p.url) })} />
                    ) : (
                      <View className={`handover-take${isBusy ? ' is-busy' : ''}`} onClick={() => { if (s.editable) onTake(s.key, side); }}>
                        <Text className="handover-take-plus">{isBusy ? '…' : s.editable ? '+' : '—'}</Text>
                      </View>
                    )}
                    <Text className="handover-side">{carSideLabel[side]}{p && s.editable ? <Text className="handover-retake" onClick={() => onTake(s.key, side)}> 重拍</Text> : null}</Text>
                    {p ? <Text className="handover-state">{photoState(p)}</Text> : null}
                  </View>
                );
              })}
            </View>
          </View>
        );
      })}
    </>
  );
}

/** A photo from the camera (not the album: evidence is taken on the spot); null when cancelled. */
export async function takeCarPhoto(): Promise<string | null> {
  try {
    const chosen = await Taro.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: ['camera'] });
    return chosen.tempFilePaths[0] ?? null;
  } catch {
    return null;
  }
}
