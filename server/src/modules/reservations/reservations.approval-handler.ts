import type { RequestActor } from '../../platform/access';
import type { ApprovalHandler, ApprovalRequestRow } from '../approvals';
import type { Notice } from '../notifications';
import { reservationKindLabel } from '@shared/reservations/reservations.schemas';
import type { ReservationsRepository } from './reservations.repository';
import { withRetry, type ReservationsService } from './reservations.service';
import type { TicketSupplierGateway } from './ticket-supplier.gateway';
import type { Database } from '../../platform/db/database';
import type { Clock } from '../../platform/clock';

/**
 * Over-standard bookings (超标准预订) plug into the approval center: approved → to the supplier; rejected
 * or returned → the hold is released (a booking is not edited: the traveller books again within the
 * standard), a ticket's supplier order refunded after the decision commits.
 */
export function overStandardApprovalHandler(db: Database, repo: ReservationsRepository, reservations: ReservationsService, tickets: TicketSupplierGateway, clock: Clock): ApprovalHandler {
  async function decided(req: ApprovalRequestRow, _decider: RequestActor, approved: boolean, comment: string): Promise<Notice[]> {
    const r = await repo.find(req.subjectId, true);
    if (!r || r.status !== 'pending_approval') return [];
    const page = `/reservations/detail?id=${r.id}`;
    if (approved) {
      await repo.move(r.id, ['pending_approval'], { status: 'awaiting_supplier', note: '超标准申请已审批通过', updatedAt: clock.now() });
      return [
        { userIds: [r.travellerId, r.bookedById], family: 'tripStatus', title: `超标准${reservationKindLabel[r.kind]}已获批`, body: r.title, page },
        await reservations.supplierNotice(r),
      ];
    }
    await repo.move(r.id, ['pending_approval'], { status: 'rejected', note: `超标准申请未通过：${comment}`.slice(0, 300), updatedAt: clock.now() });
    await reservations.release(r);
    if (r.kind === 'ticket' && r.supplierOrderNo) {
      const orderNo = r.supplierOrderNo;
      db.afterCommit(async () => { await withRetry(3, () => tickets.refund(orderNo)).catch(() => undefined); });
    }
    return [{ userIds: [r.travellerId, r.bookedById], family: 'tripStatus', title: `超标准${reservationKindLabel[r.kind]}未获批`, body: `${r.title}：${comment}`, page }];
  }
  return {
    onApproved: (req, decider) => decided(req, decider, true, ''),
    onRejected: (req, decider, comment) => decided(req, decider, false, comment),
    onReturned: (req, decider, comment) => decided(req, decider, false, comment),
  };
}
