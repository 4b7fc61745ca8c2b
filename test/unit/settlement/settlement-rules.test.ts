import {
  assertCan, ordersForStatement, periodBounds, StatementAction, statementKey, statusAfterReview, summarize,
} from '../../../server/src/modules/settlement/settlement.rules';
import { statementScope } from '../../../server/src/platform/access';
import { inScope, type Actor } from '../../../server/src/platform/data-scope';
import { fenToChineseUppercase } from '../../../server/src/modules/settlement/settlement.excel';
import type { StatementStatus } from '@shared/settlement/settlement.schemas';

describe('statement state machine', () => {
  const table: Array<[StatementAction, StatementStatus, boolean]> = [
    ['review', 'draft', true], ['review', 'disputed', false], ['review', 'confirmed', false],
    ['correct', 'draft', true], ['correct', 'disputed', true], ['correct', 'confirmed', false], ['correct', 'paid', false],
    ['resubmit', 'disputed', true], ['resubmit', 'draft', false],
    ['approve', 'confirmed', true], ['approve', 'draft', false], ['approve', 'disputed', false], ['approve', 'approved', false],
    ['pay', 'approved', true], ['pay', 'confirmed', false], ['pay', 'paid', false],
  ];
  it.each(table)('when %s is asked of a %s statement, then allowed is %s', (action, status, allowed) => {
    if (allowed) expect(() => assertCan(action, status, 7)).not.toThrow();
    else expect(() => assertCan(action, status, 7)).toThrow(expect.objectContaining({ code: 'STATEMENT_STATE_CONFLICT' }));
  });

  it.each([
    [['confirmed', 'confirmed'], 'confirmed'],
    [['confirmed', 'pending'], 'draft'],
    [['confirmed', 'disputed'], 'disputed'],
    [['pending', 'disputed'], 'disputed'],
    [[], 'draft'],
  ] as const)('when lines are reviewed %j, then the statement is %s', (marks, expected) => {
    expect(statusAfterReview(marks.map((reviewStatus) => ({ reviewStatus })))).toBe(expected);
  });
});

describe('statement sums and months', () => {
  it('when lines include a negative correction, then unit subtotals and the total include it', () => {
    const { totalFen, byUnit } = summarize([{ unitId: 2, amountFen: 100 }, { unitId: 1, amountFen: 300 }, { unitId: 2, amountFen: -30 }]);
    expect(totalFen).toBe(370);
    expect([...byUnit]).toEqual([[1, { amountFen: 300, lineCount: 1 }], [2, { amountFen: 70, lineCount: 2 }]]);
  });

  it('when a month is bounded, then it runs from Beijing midnight on the 1st to the next 1st (December wraps)', () => {
    expect(periodBounds('2026-10')).toEqual({ from: new Date('2026-09-30T16:00:00Z'), to: new Date('2026-10-31T16:00:00Z') });
    expect(periodBounds('2026-12').to).toEqual(new Date('2026-12-31T16:00:00Z'));
  });

  it('when orders are picked for a month, then later orders and already listed ones wait, earlier late ones roll in', () => {
    const o = (id: number, at: string) => ({ id, companyId: 1, unitId: 1, amountFen: 1, completedAt: new Date(at) });
    const picked = ordersForStatement([o(1, '2026-09-30T10:00:00Z'), o(2, '2026-10-31T15:59:59Z'), o(3, '2026-10-31T16:00:00Z'), o(4, '2026-10-02T00:00:00Z')], '2026-10', new Set([4]));
    expect(picked.get(statementKey(1, 1))!.orders.map((x) => x.id)).toEqual([1, 2]);
  });

  it('when a company served several units, then each (company, unit) is its own statement, in company then unit order', () => {
    const o = (id: number, companyId: number, unitId: number) => ({ id, companyId, unitId, amountFen: 1, completedAt: new Date('2026-10-10T00:00:00Z') });
    const picked = ordersForStatement([o(1, 7, 12), o(2, 7, 11), o(3, 5, 12), o(4, 7, 12)], '2026-10', new Set());
    expect([...picked.values()].map((g) => [g.companyId, g.unitId, g.orders.map((x) => x.id)])).toEqual([[5, 12, [3]], [7, 11, [2]], [7, 12, [1, 4]]]);
    expect([...picked.keys()]).toEqual(['5:12', '7:11', '7:12']);
  });
});

describe('who sees and acts on a statement', () => {
  const actor = (roles: Actor['roles'], over: Partial<Actor> = {}): Actor => ({ userId: 1, unitId: 40, regionCode: '130100', regionLevel: 'city', roles, ...over });
  const office = { kind: 'supervision_office' as const };
  // Statements of three units: 石家庄 city (130100), 长安区 (130102, below 石家庄), province (130000); company 501.
  const statements = [{ unitId: 41, regionCode: '130100', companyId: 501 }, { unitId: 42, regionCode: '130102', companyId: 501 }, { unitId: 43, regionCode: '130000', companyId: 502 }];
  const seen = (scope: ReturnType<typeof statementScope>) => statements.filter((s) => inScope(scope, s)).map((s) => s.unitId);

  it.each([
    ['platform admin', actor(['platform_admin']), null, undefined, [41, 42, 43]],
    ['city bureau finance', actor(['finance']), office, undefined, [41, 42]],
    ['province bureau finance', actor(['finance'], { regionCode: '130000', regionLevel: 'province' }), office, undefined, [41, 42, 43]],
    ['finance of an ordinary unit', actor(['finance'], { unitId: 42, regionCode: '130102', regionLevel: 'county' }), { kind: 'party_government' as const }, undefined, [42]],
    ['finance whose unit the directory lacks', actor(['finance'], { unitId: 42 }), null, undefined, [42]],
    ['rental operator', actor(['rental_operator'], { unitId: 501 }), null, undefined, [41, 42]],
    ['rental operator acting as finance', actor(['rental_operator'], { unitId: 501 }), null, 'finance' as const, []],
    ['city bureau finance acting as a company', actor(['finance']), office, 'company' as const, []],
  ])('when %s asks, then it sees the statements of units %j', (_who, a, unit, acting, expected) => {
    expect(seen(statementScope(a, unit, acting))).toEqual(expected);
  });
});

describe('人民币大写', () => {
  it.each([
    [0, '零元整'], [100, '壹元整'], [1005, '壹拾元零伍分'], [50, '伍角'], [123456, '壹仟贰佰叁拾肆元伍角陆分'],
    [10000000, '壹拾万元整'], [100010000, '壹佰万零壹佰元整'], [1000000000, '壹仟万元整'], [10000000000, '壹亿元整'],
    [10200000, '壹拾万贰仟元整'], [-250, '负贰元伍角'],
  ])('when %i fen is written out, then it reads %s', (fen, words) => {
    expect(fenToChineseUppercase(fen)).toBe(words);
  });
});
