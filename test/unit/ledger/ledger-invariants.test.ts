import fc from 'fast-check';
import {
  accounts, assertBalanced, balancesOf, chargeJournal, JournalDraft, paymentJournal, refundJournal, settlementPaymentJournal,
} from '../../../server/src/modules/ledger';
import { ordersForStatement, summarize } from '../../../server/src/modules/settlement/settlement.rules';

interface Order { id: number; companyId: number; unitId: number; amountFen: number; completedAt: Date }
interface History {
  orders: Order[];
  corrections: Array<{ pick: number; amountFen: number }>;
  payments: Array<{ personId: number; amountFen: number; refunds: number[] }>;
}

const periods = ['2026-01', '2026-02', '2026-03'];
// Instants spread over January–March 2026 (Beijing), including month edges.
const instant = fc.integer({ min: Date.parse('2025-12-31T16:00:00Z'), max: Date.parse('2026-03-31T15:59:59Z') }).map((t) => new Date(t));

const history: fc.Arbitrary<History> = fc.record({
  orders: fc.array(fc.record({
    companyId: fc.integer({ min: 1, max: 3 }), unitId: fc.integer({ min: 10, max: 13 }),
    amountFen: fc.integer({ min: 0, max: 5_000_000 }), completedAt: instant,
  }), { maxLength: 40 }).map((os) => os.map((o, i) => ({ ...o, id: i + 1 }))),
  corrections: fc.array(fc.record({ pick: fc.nat(), amountFen: fc.integer({ min: -50_000, max: 50_000 }).filter((v) => v !== 0) }), { maxLength: 6 }),
  payments: fc.array(fc.record({
    personId: fc.integer({ min: 100, max: 102 }), amountFen: fc.integer({ min: 1, max: 200_000 }),
    refunds: fc.array(fc.integer({ min: 1, max: 200_000 }), { maxLength: 3 }),
  }), { maxLength: 10 }),
});

interface StatementModel { companyId: number; unitId: number; period: string; orderIds: number[]; lines: Array<{ unitId: number; amountFen: number }> }

/** Runs a whole history through the pure rules the services use, month by month. */
function replay(h: History): { journals: JournalDraft[]; statements: StatementModel[]; paidIn: Map<number, number> } {
  const journals: JournalDraft[] = [];
  for (const o of h.orders) {
    if (o.amountFen > 0) journals.push(chargeJournal({ reference: `trip:${o.id}`, unitId: o.unitId, companyId: o.companyId, amountFen: o.amountFen, at: o.completedAt, memo: 'order' }));
  }
  const listed = new Set<number>();
  const statements: StatementModel[] = [];
  let corrections = [...h.corrections];
  for (const period of periods) {
    for (const { companyId, unitId: billedUnit, orders } of ordersForStatement(h.orders, period, listed).values()) {
      orders.forEach((o) => listed.add(o.id));
      const lines = orders.map((o) => ({ unitId: o.unitId, amountFen: o.amountFen }));
      const mine = corrections.slice(0, 1);
      corrections = corrections.slice(1);
      for (const c of mine) {
        // A correction is billed to the statement's unit.
        lines.push({ unitId: billedUnit, amountFen: c.amountFen });
        journals.push(chargeJournal({ kind: 'charge_correction', reference: `line:${statements.length}:${c.pick}`, unitId: billedUnit, companyId, amountFen: c.amountFen, at: new Date(), memo: 'correction' }));
      }
      const { byUnit } = summarize(lines);
      const pay = settlementPaymentJournal({ statementId: statements.length + 1, companyId, unitSubtotals: new Map([...byUnit].map(([u, v]) => [u, v.amountFen])), paidAt: new Date(), paymentReference: 'BANK' });
      if (pay) journals.push(pay);
      statements.push({ companyId, unitId: billedUnit, period, orderIds: orders.map((o) => o.id), lines });
    }
  }
  const paidIn = new Map<number, number>();
  h.payments.forEach((p, i) => {
    journals.push(paymentJournal({ transactionId: `T${i}`, payerUserId: p.personId, amountFen: p.amountFen, paidAt: new Date(), outTradeNo: `P${i}` }));
    let refunded = 0;
    p.refunds.forEach((r, j) => {
      if (refunded + r > p.amountFen) return; // the refund rule: never more than was paid
      refunded += r;
      journals.push(refundJournal({ outRefundNo: `R${i}-${j}`, payerUserId: p.personId, amountFen: r, refundedAt: new Date(), outTradeNo: `P${i}` }));
    });
    paidIn.set(p.personId, (paidIn.get(p.personId) ?? 0) + p.amountFen - refunded);
  });
  return { journals, statements, paidIn };
}

describe('ledger invariants over generated order histories', () => {
  it('when any history is booked, then every journal balances and so do the books', () => {
    fc.assert(fc.property(history, (h) => {
      const { journals } = replay(h);
      for (const j of journals) expect(() => assertBalanced(j)).not.toThrow();
      const all = journals.flatMap((j) => j.postings);
      expect(all.reduce((s, p) => s + p.amountFen, 0)).toBe(0);
    }), { numRuns: 300 });
  });

  it('when statements are made, then each equals the orders it lists plus its corrections, and every order is on exactly one', () => {
    fc.assert(fc.property(history, (h) => {
      const { statements } = replay(h);
      const seen = statements.flatMap((s) => s.orderIds);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.sort((a, b) => a - b)).toEqual(h.orders.map((o) => o.id));
      for (const s of statements) {
        const orderSum = s.orderIds.reduce((sum, id) => sum + h.orders[id - 1].amountFen, 0);
        const correctionSum = s.lines.slice(s.orderIds.length).reduce((sum, l) => sum + l.amountFen, 0);
        const { totalFen, byUnit } = summarize(s.lines);
        expect(totalFen).toBe(orderSum + correctionSum);
        expect([...byUnit.values()].reduce((sum, u) => sum + u.amountFen, 0)).toBe(totalFen);
        for (const id of s.orderIds) expect(h.orders[id - 1]).toMatchObject({ companyId: s.companyId, unitId: s.unitId });
        expect(s.lines.every((l) => l.unitId === s.unitId)).toBe(true);
      }
    }), { numRuns: 300 });
  });

  it('when every statement is paid, then no unit owes and no company is owed; clearing holds what persons paid in', () => {
    fc.assert(fc.property(history, (h) => {
      const { journals, paidIn } = replay(h);
      const balances = balancesOf(journals.flatMap((j) => j.postings));
      for (const [account, fen] of balances) {
        if (/^(unit|company):/.test(account)) expect({ account, fen }).toEqual({ account, fen: 0 });
      }
      const net = [...paidIn.values()].reduce((s, v) => s + v, 0);
      expect(balances.get(accounts.wechatClearing) ?? 0).toBe(net);
      for (const [person, fen] of paidIn) expect(balances.get(accounts.person(person)) ?? 0).toBe(0 - fen); // 0 - 0 is +0; -0 would not equal it
    }), { numRuns: 300 });
  });

  it('when a journal does not balance, then it is refused', () => {
    expect(() => assertBalanced({ kind: 'charge', reference: 'x', postings: [{ account: 'a', amountFen: 5 }, { account: 'b', amountFen: -4 }] })).toThrow(/不平衡/);
    expect(() => assertBalanced({ kind: 'charge', reference: 'y', postings: [{ account: 'a', amountFen: 0.5 }, { account: 'b', amountFen: -0.5 }] })).toThrow();
  });
});
