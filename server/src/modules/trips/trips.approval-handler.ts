import type { RequestActor } from '../../platform/access';
import type { ApprovalHandler, ApprovalRequestRow } from '../approvals';
import type { IdentityService } from '../identity';
import type { Notice } from '../notifications';
import type { TripsRepository } from './trips.repository';
import type { TripBookingService } from './trip-booking.service';
import { who } from './trips.service';

/**
 * Trips plug into the approval center: final approval → ready for dispatch; reject → rejected; return →
 * editable again. An emergency trip was dispatched first (紧急用车补单): the decision is recorded on it.
 */
export function tripApprovalHandler(repo: TripsRepository, booking: TripBookingService, identity: IdentityService): ApprovalHandler {
  const page = (id: number) => `/trips/detail?id=${id}`;
  async function decided(req: ApprovalRequestRow, decider: RequestActor, outcome: 'approved' | 'rejected' | 'returned', comment: string): Promise<Notice[]> {
    const t = await booking.lockTrip(req.subjectId);
    if (!t) return [];
    const text = { approved: '审批通过', rejected: `被驳回：${comment}`, returned: `被退回修改：${comment}` }[outcome];
    if (t.priority === 'emergency') {
      await repo.updateTrip(t.id, { approvalStatus: outcome, backfillOverdue: false });
      await booking.event(t.id, who(decider), `backfill_${outcome}`, `紧急用车补单${text}`);
      const notices: Notice[] = [{ userIds: [t.applicantId], family: 'tripStatus', title: '紧急用车补单审批', body: `行程 ${t.id} 补单${text}`, page: page(t.id) }];
      // The car already went: a refused 补单 is the dispatcher's business too (who sent it, and the record for supervision).
      if (outcome !== 'approved') {
        notices.push({ userIds: await identity.usersWithRole(t.unitId, 'dispatcher'), family: 'tripStatus', title: '紧急用车补单未通过', body: `行程 ${t.id}「${t.purpose}」补单${text}`, page: page(t.id) });
      }
      return notices;
    }
    const action = outcome === 'approved' ? 'approve' : outcome === 'rejected' ? 'reject' : 'return_for_edit';
    await booking.move(t, action, who(decider), comment || text, { approvalStatus: outcome });
    const notices: Notice[] = [{ userIds: [t.applicantId, t.bookedById], family: 'tripStatus', title: `用车申请${text.slice(0, 5)}`, body: `行程 ${t.id}「${t.purpose}」${text}`, page: page(t.id) }];
    if (outcome === 'approved') {
      notices.push({ userIds: await identity.usersWithRole(t.unitId, 'dispatcher'), family: 'tripStatus', title: '待派车', body: `行程 ${t.id}「${t.purpose}」已审批，待派车`, page: `/dispatch/board` });
    }
    return notices;
  }
  return {
    onApproved: (req, decider) => decided(req, decider, 'approved', ''),
    onRejected: (req, decider, comment) => decided(req, decider, 'rejected', comment),
    onReturned: (req, decider, comment) => decided(req, decider, 'returned', comment),
  };
}
