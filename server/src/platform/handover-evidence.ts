import type { EvidencePhoto } from '@shared/common/handover';
import { newPhotoKey, signedPhotoUrl } from './photos';

/**
 * Evidence at a handover (#21 item 2), the part time-share rentals (取车 / 还车) and official trips
 * (出车 / 回场) share: what a photo is kept with (the terminal's state at that moment and the time),
 * taking that state from telematics through a port, the table columns, and the photo as shown with its
 * signed link. Each capability keeps its photos in its own table (rental_evidence, trip_evidence) and
 * decides who may take and see them.
 */

/** Latest known position and status bits of a vehicle's terminal (WGS-84), online or not. */
export interface TerminalFix { online: boolean; lat: number; lng: number; accOn: boolean; doorLocked: boolean; receivedAt: string }

/** What evidence asks of telematics (the composition root adapts it). */
export interface TerminalStates {
  latest(vehicleIds: number[]): Promise<Map<number, TerminalFix>>;
  /** Latest odometer reading per vehicle, 0.1 km. */
  odometers(vehicleIds: number[]): Promise<Map<number, number>>;
  /** Latest fuel level per vehicle whose terminal reports one (JT/T 808 item 0x02), 0.1 L. */
  fuelLevels(vehicleIds: number[]): Promise<Map<number, number>>;
}

/** The columns every evidence photo carries, besides whose handover it is. */
export interface EvidenceRecord {
  side: EvidencePhoto['side']; contentType: string; sizeBytes: number; accessKey: string; data: Buffer;
  chargePct: number | null; fuelDl: number | null; odometerHm: number | null; doorLocked: boolean | null; accOn: boolean | null; lat: number | null; lng: number | null;
  fixAt: Date | null; online: boolean; takenAt: Date; uploadedBy: number;
}

/**
 * The photo with the terminal's state now (the last report when offline), ready to be written.
 * `chargePct` comes from the caller where it knows it (a time-share car's record).
 */
export async function captureEvidence(terminals: TerminalStates, input: {
  vehicleId: number | null; side: EvidencePhoto['side']; upload: { contentType: string; bytes: Buffer }; chargePct: number | null; takenAt: Date; uploadedBy: number;
}): Promise<EvidenceRecord> {
  const ids = input.vehicleId != null ? [input.vehicleId] : [];
  const [fixes, odometers, fuel] = await Promise.all([terminals.latest(ids), terminals.odometers(ids), terminals.fuelLevels(ids)]);
  const fix = input.vehicleId != null ? fixes.get(input.vehicleId) : undefined;
  return {
    side: input.side, contentType: input.upload.contentType.split(';')[0]!.trim().toLowerCase(), sizeBytes: input.upload.bytes.length,
    accessKey: newPhotoKey(), data: input.upload.bytes, chargePct: input.chargePct,
    fuelDl: input.vehicleId != null ? fuel.get(input.vehicleId) ?? null : null,
    odometerHm: input.vehicleId != null ? odometers.get(input.vehicleId) ?? null : null,
    doorLocked: fix?.doorLocked ?? null, accOn: fix?.accOn ?? null, lat: fix?.lat ?? null, lng: fix?.lng ?? null,
    fixAt: fix ? new Date(fix.receivedAt) : null, online: fix?.online ?? false, takenAt: input.takenAt, uploadedBy: input.uploadedBy,
  };
}

/** The photo as clients see it: state in km and booleans, a link signed with its own key under `scope`. */
export function presentEvidence(e: EvidenceRecord & { id: number }, path: string, scope: string, nowMs: number): EvidencePhoto {
  return {
    id: e.id, side: e.side, takenAt: new Date(e.takenAt).toISOString(), chargePct: e.chargePct,
    fuelL: e.fuelDl != null ? e.fuelDl / 10 : null,
    odometerKm: e.odometerHm != null ? e.odometerHm / 10 : null, doorLocked: e.doorLocked == null ? null : !!e.doorLocked,
    accOn: e.accOn == null ? null : !!e.accOn, position: e.lat != null && e.lng != null ? { lat: Number(e.lat), lng: Number(e.lng) } : null,
    fixAt: e.fixAt ? new Date(e.fixAt).toISOString() : null, online: !!e.online, url: signedPhotoUrl(path, scope, e.accessKey, e.id, nowMs),
  };
}

const int = (name: string, nullable = false) => ({ name, type: 'integer' as const, nullable });
const bool = (name: string, nullable = true) => ({ name, type: 'boolean' as const, nullable });
const at = (name: string, nullable = false) => ({ name, type: 'datetime' as const, precision: 3, nullable });

/** The EntitySchema columns of an evidence photo (the bytes are selected only for the image route). */
export const evidenceColumns = {
  side: { name: 'side', type: 'varchar' as const, length: 8 }, contentType: { name: 'content_type', type: 'varchar' as const, length: 32 },
  sizeBytes: int('size_bytes'), accessKey: { name: 'access_key', type: 'varchar' as const, length: 64 }, data: { name: 'data', type: 'blob' as const, select: false },
  chargePct: int('charge_pct', true), fuelDl: int('fuel_dl', true), odometerHm: int('odometer_hm', true), doorLocked: bool('door_locked'), accOn: bool('acc_on'),
  lat: { name: 'lat', type: 'double' as const, nullable: true }, lng: { name: 'lng', type: 'double' as const, nullable: true }, fixAt: at('fix_at', true),
  online: bool('online', false), takenAt: at('taken_at'), uploadedBy: int('uploaded_by'),
};
