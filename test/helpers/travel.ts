import { addShanghaiDays } from '@shared/common/time';
import type { As } from './trips';

/** A 出差 application of two legs `daysAhead` days ahead: 石家庄→保定 by official car, back by train the next day; hotel and a reception with its 公函. */
export function travelBody(daysAhead = 3, overrides: Record<string, unknown> = {}) {
  const day = addShanghaiDays(new Date(), daysAhead);
  const nextDay = addShanghaiDays(new Date(), daysAhead + 1);
  return {
    body: {
      purpose: '赴保定调研京雄城际沿线重点项目', companionIds: [] as number[],
      legs: [
        { departOn: day, arriveOn: day, fromPlace: '石家庄', toPlace: '保定', toRegionCode: '130600', transport: 'official_car' },
        { departOn: nextDay, arriveOn: nextDay, fromPlace: '保定', toPlace: '石家庄', toRegionCode: '130100', transport: 'train' },
      ],
      hotel: true,
      reception: { letterFrom: '保定市发展和改革委员会', letterNo: '保发改函〔2026〕12号', guests: 3, hosts: 2 },
      ...overrides,
    },
    day, nextDay,
  };
}

/** The applicant applies, the unit's approver approves in the approval center: the record's id. */
export async function approvedTravel(applicant: As, approver: As, body: object): Promise<number> {
  const created = await applicant.post('/api/travel', body);
  if (created.status !== 201) throw new Error(`apply failed ${created.status} ${JSON.stringify(created.body)}`);
  const inbox = await approver.get('/api/approvals?kind=travel');
  const item = inbox.body.items.find((i: { subjectId: number }) => i.subjectId === created.body.id);
  if (!item) throw new Error(`${approver.name} has no approval for travel ${created.body.id}`);
  const res = await approver.post(`/api/approvals/${item.id}/decide`, { action: 'approve' });
  if (res.status !== 200) throw new Error(`approve failed ${res.status} ${JSON.stringify(res.body)}`);
  return created.body.id as number;
}
