import type { ApprovalHandler } from '../approvals';
import type { TravelService } from './travel.service';

/** 出差 applications plug into the approval center: the final decision moves the record, its travellers are told. */
export function travelApprovalHandler(travel: TravelService): ApprovalHandler {
  return {
    onApproved: (req) => travel.decided(req.subjectId, 'approved', ''),
    onRejected: (req, _d, comment) => travel.decided(req.subjectId, 'rejected', comment),
    onReturned: (req, _d, comment) => travel.decided(req.subjectId, 'returned', comment),
  };
}
