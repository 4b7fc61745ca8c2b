import { formatPlate } from '@shared/common/format';
import { TripErrorCode } from '@shared/trips/trips.errors';
import crypto from 'node:crypto';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors';
import type { Clock } from '../../platform/clock';
import type { RequestActor } from '../../platform/access';
import type { UploadedBytes } from '../../platform/http/request-middleware';
import { assignmentStatusLabel } from '@shared/trips/trips.schemas';
import {
  RECEIPT_MAX_BYTES, RECEIPTS_PER_ASSIGNMENT, receiptContentTypes, receiptKindLabel, type Receipt, type ReceiptKind,
} from '@shared/trips/receipts.schemas';
import type { ReceiptRow } from './trips.entity';
import type { TripsRepository } from './trips.repository';
import type { TripsService } from './trips.service';

/** View links are signed with the receipt's own key and last this long. */
const LINK_SECONDS = 3600;

/** The first bytes of each accepted image type: a header that lies about the content is refused. */
const MAGIC: Record<(typeof receiptContentTypes)[number], (b: Buffer) => boolean> = {
  'image/jpeg': (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.length > 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/webp': (b) => b.length > 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP',
};

/**
 * 票据: the driver photographs fuel, toll, parking and other receipts and attaches them to the trip
 * (while on it or after returning, until the dispatcher's review); the dispatcher, the applicant and
 * supervisors in scope see them with the costs.
 */
export class ReceiptsService {
  constructor(private readonly repo: TripsRepository, private readonly trips: TripsService, private readonly clock: Clock) {}

  async upload(actor: RequestActor, assignmentId: number, kind: ReceiptKind, upload: UploadedBytes | undefined): Promise<Receipt> {
    const a = await this.ownAssignment(actor, assignmentId);
    if (!upload || upload.bytes.length === 0) {
      throw new ValidationError(TripErrorCode.RECEIPT_IMAGE_MISSING, `请上传票据照片（请求体为图片，Content-Type: ${receiptContentTypes.join(' / ')}）`);
    }
    const type = upload.contentType as (typeof receiptContentTypes)[number];
    if (!receiptContentTypes.includes(type)) {
      throw new ValidationError(TripErrorCode.RECEIPT_TYPE_UNSUPPORTED, `票据照片须为 JPEG、PNG 或 WebP（收到 ${upload.contentType}）`);
    }
    if (!MAGIC[type](upload.bytes)) throw new ValidationError(TripErrorCode.RECEIPT_NOT_AN_IMAGE, `上传的内容不是 ${type} 图片`);
    if (upload.bytes.length > RECEIPT_MAX_BYTES) throw new ValidationError(TripErrorCode.RECEIPT_TOO_LARGE, `票据照片不超过 ${RECEIPT_MAX_BYTES / 1024 / 1024} MB`);
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
        assignmentId, tripId: t.id, kind, contentType: type, sizeBytes: upload.bytes.length,
        sha256: crypto.createHash('sha256').update(upload.bytes).digest('hex'), accessKey: crypto.randomBytes(24).toString('hex'),
        data: upload.bytes, uploadedBy: actor.userId, createdAt: this.clock.now(),
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
    // sig is 32 hex characters (checked by the route's schema), as long as every signature.
    const valid = r != null && exp * 1000 >= this.clock.now().getTime()
      && crypto.timingSafeEqual(Buffer.from(signature(r.accessKey, receiptId, exp)), Buffer.from(sig));
    if (!r || !valid) {
      throw new NotFoundError(TripErrorCode.RECEIPT_NOT_FOUND, `票据 ${receiptId} 不存在或链接已过期`);
    }
    return { contentType: r.contentType, bytes: Buffer.from(r.data) };
  }

  private view(r: ReceiptRow): Receipt {
    const exp = Math.floor(this.clock.now().getTime() / 1000) + LINK_SECONDS;
    return {
      id: r.id, assignmentId: r.assignmentId, kind: r.kind, kindLabel: receiptKindLabel[r.kind], contentType: r.contentType,
      sizeBytes: r.sizeBytes, createdAt: new Date(r.createdAt).toISOString(),
      url: `/api/receipts/${r.id}/image?exp=${exp}&sig=${signature(r.accessKey, r.id, exp)}`,
    };
  }

  /** The assignment, when the actor is its driver (others: 404, as for anything out of reach). */
  private async ownAssignment(actor: RequestActor, assignmentId: number) {
    const a = await this.trips.assignmentOfDriver(actor, assignmentId);
    if (!a) throw new NotFoundError(TripErrorCode.ASSIGNMENT_NOT_FOUND, `任务 ${assignmentId} 不存在`);
    return a;
  }
}

function signature(key: string, id: number, exp: number): string {
  return crypto.createHmac('sha256', key).update(`${id}.${exp}`).digest('hex').slice(0, 32);
}
