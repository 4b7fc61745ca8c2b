import { formatPlate } from '@shared/common/format';
import { carSideLabel, type CarSide } from '@shared/common/handover';
import { TripErrorCode as E } from '@shared/trips/trips.errors';
import { assignmentStatusLabel, type AssignmentStatus } from '@shared/trips/trips.schemas';
import {
  tripEvidenceStageLabel, type TripEvidence, type TripEvidencePhoto, type TripEvidenceStage,
} from '@shared/trips/trip-evidence.schemas';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors';
import type { Clock } from '../../platform/clock';
import type { RequestActor } from '../../platform/access';
import { photoProblem, photoSignatureHolds } from '../../platform/photos';
import { captureEvidence, presentEvidence, type TerminalStates } from '../../platform/handover-evidence';
import type { TripEvidenceRow } from './trips.entity';
import type { TripEvidenceRepository } from './trip-evidence.repository';
import type { TripsRepository } from './trips.repository';
import type { TripsService } from './trips.service';

const PHOTO_SCOPE = 'trip-evidence';
const photoPath = (id: number) => `/api/trip-evidence/${id}/image`;

/** When a car's photos of each stage may be taken: 出车 from the dispatch until it is on the road, 回场 on the road and after, until the review. */
const OPEN: Record<TripEvidenceStage, AssignmentStatus[]> = { depart: ['dispatched', 'accepted', 'departed'], return: ['departed', 'returned'] };
const OPEN_TRIP = ['dispatched', 'in_progress', 'returned'];

/**
 * #21 item 2 for official trips: at 出车 and 回场 the driver photographs the car's four sides; each photo
 * is kept on the trip's assignment with the terminal's state at that moment (odometer, doors, ignition,
 * position; charge where the car reports it) and a time, the same evidence a time-share rental keeps
 * (platform/handover-evidence). The trip's dispatcher, its unit and supervisors in scope see it on the trip.
 * Photos are not required by 出车 / 回场 themselves (a dead phone or a dark garage must not keep a car
 * in): the trip shows which sides are missing, for the dispatcher's review.
 */
export class TripEvidenceService {
  constructor(
    private readonly repo: TripEvidenceRepository, private readonly trips: TripsService, private readonly tripsRepo: TripsRepository,
    private readonly terminals: TerminalStates, private readonly clock: Clock,
  ) {}

  async upload(actor: RequestActor, assignmentId: number, stage: TripEvidenceStage, side: CarSide, upload: { contentType: string; bytes: Buffer } | undefined): Promise<TripEvidencePhoto> {
    const a = await this.trips.assignmentOfDriver(actor, assignmentId);
    if (!a) throw new NotFoundError(E.ASSIGNMENT_NOT_FOUND, `任务 ${assignmentId} 不存在`);
    const what = `${tripEvidenceStageLabel[stage]}${carSideLabel[side]}照片`;
    const problem = photoProblem(upload);
    if (problem) throw new ValidationError(E.TRIP_PHOTO_INVALID, `${what}：${problem}`);
    // The terminal's state as the photo arrives (the last report when offline).
    const taken = await captureEvidence(this.terminals, { vehicleId: a.vehicleId, side, upload: upload!, chargePct: null, takenAt: this.clock.now(), uploadedBy: actor.userId });
    const row = await this.trips.booking.transaction(async () => {
      const t = (await this.trips.booking.lockTrip(a.tripId))!;
      const current = (await this.tripsRepo.findAssignment(assignmentId))!;
      if (!OPEN[stage].includes(current.status) || !OPEN_TRIP.includes(t.status)) {
        throw new ConflictError(E.TRIP_PHOTO_STATE_CONFLICT, `行程 ${t.id} 的任务 ${assignmentId}（${formatPlate(current.plate)}）当前为「${assignmentStatusLabel[current.status]}」，不能拍摄${what}`, { tripId: t.id, assignmentId });
      }
      return this.repo.save({ assignmentId, tripId: t.id, stage, ...taken });
    });
    return this.photo(row);
  }

  /** The trip's photos per car, for whoever may read the trip (its dispatcher, unit, crew, supervisors in scope). */
  async ofTrip(actor: RequestActor, tripId: number): Promise<TripEvidence> {
    const t = await this.trips.visible(actor, tripId);
    const [cars, photos] = await Promise.all([this.tripsRepo.assignmentsOf([t.id]), this.repo.ofTrip(t.id)]);
    return {
      tripId: t.id,
      cars: cars.filter((a) => a.vehicleId != null && a.status !== 'released').map((a) => ({
        assignmentId: a.id, plate: a.plate ? formatPlate(a.plate) : '', driverName: a.driverName ?? '',
        photos: photos.filter((p) => p.assignmentId === a.id).map((p) => this.photo(p)),
      })),
    };
  }

  /** The image behind a signed link; a wrong or expired signature answers as missing. */
  async image(id: number, exp: number, sig: string): Promise<{ contentType: string; bytes: Buffer }> {
    const e = await this.repo.withImage(id);
    if (!e || !photoSignatureHolds(PHOTO_SCOPE, e.accessKey, id, exp, sig, this.clock.now().getTime())) {
      throw new NotFoundError(E.TRIP_PHOTO_NOT_FOUND, `出车/回场照片 ${id} 不存在或链接已过期`);
    }
    return { contentType: e.contentType, bytes: Buffer.from(e.data) };
  }

  private photo(e: TripEvidenceRow): TripEvidencePhoto {
    return { ...presentEvidence(e, photoPath(e.id), PHOTO_SCOPE, this.clock.now().getTime()), assignmentId: e.assignmentId, stage: e.stage };
  }
}
