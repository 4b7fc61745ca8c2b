import type { EntityManager } from 'typeorm';
import type { RequestActor } from '../../platform/access';
import type { ApprovalHandler, ApprovalRequestRow } from '../approvals';
import type { Notice } from '../notifications';
import type { TripsRepository } from './trips.repository';
import type { TripBookingService } from './trip-booking.service';
import { who } from './trips.service';

/**
 * Trips plug into the approval center: final approval → ready for dispatch; reject → rejected; return →
 * editable again. An emergency trip was dispatched first (紧急用车补单): the decision is recorded on it.
 */
export function tripApprovalHandler(repo: TripsRepository, booking: TripBookingService): ApprovalHandler {
  const page = (id: number) => `/trips/detail?id=${id}`;
  async function decided(em: EntityManager, req: ApprovalRequestRow, decider: RequestActor, outcome: 'approved' | 'rejected' | 'returned', comment: string): Promise<Notice[]> {
    const t = await booking.lockTrip(em, req.subjectId);
    if (!t) return [];
    const text = { approved: '审批通过', rejected: `被驳回：${comment}`, returned: `被退回修改：${comment}` }[outcome];
    if (t.priority === 'emergency') {
      await repo.updateTrip(em, t.id, { approvalStatus: outcome, backfillOverdue: false });
      await booking.event(em, t.id, who(decider), `backfill_${outcome}`, `紧急用车补单${text}`);
      const notices: Notice[] = [{ userIds: [t.applicantId], family: 'tripStatus', title: '紧急用车补单审批', body: `行程 ${t.id} 补单${text}`, page: page(t.id) }];
      // The car already went: a refused 补单 is the dispatcher's business too (who sent it, and the record for supervision).
      if (outcome !== 'approved') {
        notices.push({ userIds: await repo.usersWithRole(t.unitId, 'dispatcher', em), family: 'tripStatus', title: '紧急用车补单未通过', body: `行程 ${t.id}「${t.purpose}」补单${text}`, page: page(t.id) });
      }
      return notices;
    }
    const action = outcome === 'approved' ? 'approve' : outcome === 'rejected' ? 'reject' : 'return_for_edit';
    await booking.move(em, t, action, who(decider), comment || text, { approvalStatus: outcome });
    const notices: Notice[] = [{ userIds: [t.applicantId, t.bookedById], family: 'tripStatus', title: `用车申请${text.slice(0, 5)}`, body: `行程 ${t.id}「${t.purpose}」${text}`, page: page(t.id) }];
    if (outcome === 'approved') {
      notices.push({ userIds: await repo.usersWithRole(t.unitId, 'dispatcher', em), family: 'tripStatus', title: '待派车', body: `行程 ${t.id}「${t.purpose}」已审批，待派车`, page: `/dispatch/board` });
    }
    return notices;
  }
  return {
    onApproved: (em, req, decider) => decided(em, req, decider, 'approved', ''),
    onRejected: (em, req, decider, comment) => decided(em, req, decider, 'rejected', comment),
    onReturned: (em, req, decider, comment) => decided(em, req, decider, 'returned', comment),
  };
}
