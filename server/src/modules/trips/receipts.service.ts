import { formatPlate } from '@shared/common/format';
import { TripErrorCode } from '@shared/trips/trips.errors';
import crypto from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors';
import {
  PHOTO_CONTENT_TYPES, newPhotoKey, photoContentType, photoFault, photoSignatureHolds, signedPhotoUrl, type PhotoFault,
} from '../../platform/photos';
import type { Clock } from '../../platform/clock';
import type { RequestActor } from '../../platform/access';
import type { UploadedBytes } from '../../platform/http/request-middleware';
import { assignmentStatusLabel } from '@shared/trips/trips.schemas';
import {
  RECEIPTS_PER_ASSIGNMENT, receiptKindLabel, type Receipt, type ReceiptKind,
} from '@shared/trips/receipts.schemas';
import type { ReceiptRow } from './trips.entity';
import type { TripsRepository } from './trips.repository';
import type { TripsService } from './trips.service';

/** Which receipt error answers each fault of the shared photo checks. */
const FAULT_CODE: Record<PhotoFault, TripErrorCode> = {
  missing: TripErrorCode.RECEIPT_IMAGE_MISSING, type: TripErrorCode.RECEIPT_TYPE_UNSUPPORTED,
  not_image: TripErrorCode.RECEIPT_NOT_AN_IMAGE, too_large: TripErrorCode.RECEIPT_TOO_LARGE,
};
/** Signed-link scope of receipts (a signature for another kind of photo does not open a receipt). */
const SCOPE = 'receipt';

/**
 * 票据: the driver photographs fuel, toll, parking and other receipts and attaches them to the trip
 * (while on it or after returning, until the dispatcher's review); the dispatcher, the applicant and
 * supervisors in scope see them with the costs.
 */
export class ReceiptsService {
  constructor(private readonly repo: TripsRepository, private readonly trips: TripsService, private readonly clock: Clock) {}

  async upload(actor: RequestActor, assignmentId: number, kind: ReceiptKind, upload: UploadedBytes | undefined): Promise<Receipt> {
    const a = await this.ownAssignment(actor, assignmentId);
    // The checks every evidence photo shares (platform/photos), answered with the receipt's own codes.
    const fault = photoFault(upload);
    if (fault) {
      const message = fault.fault === 'missing' ? `请上传票据照片（请求体为图片，Content-Type: ${PHOTO_CONTENT_TYPES.join(' / ')}）` : fault.fault === 'not_image' ? fault.message : `票据${fault.message}`;
      throw new ValidationError(FAULT_CODE[fault.fault], message);
    }
    const type = photoContentType(upload!);
    const row = await this.trips.booking.transaction(async () => {
      const t = (await this.trips.booking.lockTrip(a.tripId))!;
      const current = (await this.repo.findAssignment(assignmentId))!;
      if (!['departed', 'returned'].includes(current.status) || !['in_progress', 'returned'].includes(t.status)) {
        throw new ConflictError(TripErrorCode.RECEIPT_STATE_CONFLICT, `行程 ${t.id} 的任务 ${assignmentId}（${formatPlate(current.plate)}）当前为「${assignmentStatusLabel[current.status]}」，出车后、交车审核前才能上传票据`, { tripId: t.id, assignmentId });
      }
      const count = await this.repo.countReceipts(assignmentId);
      if (count >= RECEIPTS_PER_ASSIGNMENT) {
        throw new ConflictError(TripErrorCode.RECEIPT_LIMIT, `行程 ${t.id} 的任务 ${assignmentId} 已有 ${count} 张票据（最多 ${RECEIPTS_PER_ASSIGNMENT} 张）`);
      }
      return this.repo.insertReceipt({
        assignmentId, tripId: t.id, kind, contentType: type, sizeBytes: upload!.bytes.length,
        sha256: crypto.createHash('sha256').update(upload!.bytes).digest('hex'), accessKey: newPhotoKey(),
        data: upload!.bytes, uploadedBy: actor.userId, createdAt: this.clock.now(),
      });
    });
    return this.view(row);
  }

  async list(actor: RequestActor, assignmentId: number): Promise<Receipt[]> {
    const a = await this.repo.findAssignment(assignmentId);
    if (!a) throw new NotFoundError(TripErrorCode.ASSIGNMENT_NOT_FOUND, `任务 ${assignmentId} 不存在`);
    await this.trips.visible(actor, a.tripId);
    const rows = await this.repo.receiptsOf(assignmentId);
    return rows.map((r) => this.view(r));
  }

  /** A wrong photo is taken back by the driver who uploaded it, before the review. */
  async remove(actor: RequestActor, receiptId: number): Promise<void> {
    const r = await this.repo.findReceipt(receiptId);
    if (!r) throw new NotFoundError(TripErrorCode.RECEIPT_NOT_FOUND, `票据 ${receiptId} 不存在`);
    await this.ownAssignment(actor, r.assignmentId);
    await this.trips.booking.transaction(async () => {
      const t = (await this.trips.booking.lockTrip(r.tripId))!;
      if (!['in_progress', 'returned'].includes(t.status)) {
        throw new ConflictError(TripErrorCode.RECEIPT_STATE_CONFLICT, `行程 ${t.id} 已交车审核，票据 ${receiptId} 不能再删除`);
      }
      await this.repo.deleteReceipt(receiptId);
    });
  }

  /** The image behind a signed link; a wrong or expired signature is 404 (it says nothing more). */
  async image(receiptId: number, exp: number, sig: string): Promise<{ contentType: string; bytes: Buffer }> {
    const r = await this.repo.findReceipt(receiptId, true);
    const valid = r != null && photoSignatureHolds(SCOPE, r.accessKey, receiptId, exp, sig, this.clock.now().getTime());
    if (!r || !valid) {
      throw new NotFoundError(TripErrorCode.RECEIPT_NOT_FOUND, `票据 ${receiptId} 不存在或链接已过期`);
    }
    return { contentType: r.contentType, bytes: Buffer.from(r.data) };
  }

  private view(r: ReceiptRow): Receipt {
    return {
      id: r.id, assignmentId: r.assignmentId, kind: r.kind, kindLabel: receiptKindLabel[r.kind], contentType: r.contentType,
      sizeBytes: r.sizeBytes, createdAt: new Date(r.createdAt).toISOString(),
      url: signedPhotoUrl(`/api/receipts/${r.id}/image`, SCOPE, r.accessKey, r.id, this.clock.now().getTime()),
    };
  }

  /** The assignment, when the actor is its driver (others: 404, as for anything out of reach). */
  private async ownAssignment(actor: RequestActor, assignmentId: number) {
    const a = await this.trips.assignmentOfDriver(actor, assignmentId);
    if (!a) throw new NotFoundError(TripErrorCode.ASSIGNMENT_NOT_FOUND, `任务 ${assignmentId} 不存在`);
    return a;
  }
}
