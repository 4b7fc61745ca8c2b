import { ReservationErrorCode as E } from '@shared/reservations/reservations.errors';
import type { Reservation } from '@shared/reservations/reservations.schemas';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors';
import { isReservationOwner, type RequestActor } from '../../platform/access';
import { newPhotoKey, photoContentType, photoProblem, photoSignatureHolds } from '../../platform/photos';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/database';
import { PRICE_PHOTO_SCOPE as PHOTO_SCOPE } from './reservations.presenter';
import type { ReservationsRepository } from './reservations.repository';
import type { ReservationsService } from './reservations.service';


/**
 * 比价记录截图 (air-fare rules, #21 item 5): a market fare is allowed with its price record kept; beside the
 * record's text (source, flight, price, time seen, required at booking) the traveller may keep the
 * screenshot they saw. Optional: the text is the record; the image is its evidence, added after booking
 * (a new one replaces the last) by the traveller or who booked. Whoever reads the booking sees it.
 */
export class PriceRecordService {
  constructor(private readonly d: { db: Database; clock: Clock; repo: ReservationsRepository; reservations: ReservationsService }) {}

  async upload(actor: RequestActor, reservationId: number, upload: { contentType: string; bytes: Buffer } | undefined): Promise<Reservation> {
    const r = await this.d.reservations.visible(actor, reservationId);
    if (!isReservationOwner(actor, r)) throw new ForbiddenError(E.RESERVATION_STATE_CONFLICT, `只有出行人或预订人可以上传预订 ${r.id} 的比价截图`);
    if (r.kind !== 'ticket' || r.priceRecord == null) {
      throw new ConflictError(E.RESERVATION_NO_PRICE_RECORD, `预订 ${r.id}「${r.title}」不是按市场价格购买的机票，没有比价记录可附截图`);
    }
    const problem = photoProblem(upload);
    if (problem) throw new ValidationError(E.RESERVATION_PRICE_PHOTO_INVALID, `比价截图：${problem}`);
    await this.d.db.transaction(() => this.d.repo.savePricePhoto({
      reservationId: r.id, contentType: photoContentType(upload!), sizeBytes: upload!.bytes.length, accessKey: newPhotoKey(),
      data: upload!.bytes, uploadedBy: actor.userId, uploadedAt: this.d.clock.now(),
    }));
    return this.d.reservations.get(actor, r.id);
  }

  /** The image behind a signed link; a wrong or expired signature answers as missing. */
  async image(id: number, exp: number, sig: string): Promise<{ contentType: string; bytes: Buffer }> {
    const p = await this.d.repo.pricePhotoWithImage(id);
    if (!p || !photoSignatureHolds(PHOTO_SCOPE, p.accessKey, id, exp, sig, this.d.clock.now().getTime())) {
      throw new NotFoundError(E.RESERVATION_PRICE_PHOTO_NOT_FOUND, `比价截图 ${id} 不存在或链接已过期`);
    }
    return { contentType: p.contentType, bytes: Buffer.from(p.data) };
  }
}
