import fc from 'fast-check';
import {
  buildAssignmentCosts,
  evaluatePair,
  solveAssignment,
  solveLinearAssignment,
  solveSparseAssignment,
} from '../../../server/src/lib/dispatch-solver';
import { createSeededRandom, generateAssignmentInstance } from '../../helpers/dispatch-instances';

/** Exhaustive search: most feasible pairs first, then least cost (Infinity = forbidden). */
function exhaustive(costs: ArrayLike<number>, rows: number, cols: number): { assigned: number; cost: number } {
  const used = new Array<boolean>(cols).fill(false);
  let best = { assigned: -1, cost: Infinity };
  const visit = (i: number, assigned: number, cost: number): void => {
    if (i === rows) {
      if (assigned > best.assigned || (assigned === best.assigned && cost < best.cost)) best = { assigned, cost };
      return;
    }
    visit(i + 1, assigned, cost);
    for (let j = 0; j < cols; j++) {
      const c = costs[i * cols + j] as number;
      if (used[j] || !Number.isFinite(c)) continue;
      used[j] = true;
      visit(i + 1, assigned + 1, cost + c);
      used[j] = false;
    }
  };
  visit(0, 0, 0);
  return best;
}

const matrixArb = fc
  .record({ rows: fc.integer({ min: 1, max: 7 }), cols: fc.integer({ min: 1, max: 7 }) })
  .chain(({ rows, cols }) =>
    fc.record({
      rows: fc.constant(rows),
      cols: fc.constant(cols),
      cells: fc.array(fc.oneof({ weight: 1, arbitrary: fc.constant(Infinity) }, { weight: 3, arbitrary: fc.integer({ min: -50, max: 1000 }) }), {
        minLength: rows * cols,
        maxLength: rows * cols,
      }),
    }),
  );

describe('linear assignment optimality', () => {
  it('when random matrices up to 7×7 (rectangular, forbidden and negative entries) are solved, then the result equals exhaustive search', () => {
    fc.assert(
      fc.property(matrixArb, ({ rows, cols, cells }) => {
        const costs = Float64Array.from(cells);
        const result = solveLinearAssignment(costs, rows, cols);
        const expected = exhaustive(costs, rows, cols);
        expect({ assigned: result.assigned, cost: result.cost }).toEqual(expected);
        // The matching it reports is consistent with its total.
        let total = 0;
        result.rowToCol.forEach((j, i) => {
          if (j >= 0) {
            expect(result.colToRow[j]).toBe(i);
            total += costs[i * cols + j] as number;
          }
        });
        expect(total).toBe(result.cost);
      }),
      { numRuns: 600, seed: 20260302 },
    );
  });

  it('when only a costly pair keeps a second row served, then serving more rows wins over a lower total', () => {
    // Row 0 alone could take column 0 for 1, but then row 1 (only column 0 feasible) goes unserved.
    const costs = Float64Array.from([1, 100, 5, Infinity]);
    const result = solveLinearAssignment(costs, 2, 2);
    expect(Array.from(result.rowToCol)).toEqual([1, 0]);
    expect(result.cost).toBe(105);
  });

  it('when a later row can only take an earlier row\'s only column, then the cheaper of the two is served', () => {
    const result = solveLinearAssignment(Float64Array.from([10, Infinity, 1, Infinity]), 2, 2);
    expect(Array.from(result.rowToCol)).toEqual([-1, 0]);
    expect([result.cost, result.assigned]).toEqual([1, 1]);
  });

  it('when sparse matrices whose rows own a private column are solved, then the total equals exhaustive search', () => {
    const rnd = createSeededRandom(17);
    for (let trial = 0; trial < 300; trial++) {
      const rows = rnd.int(1, 6);
      const shared = rnd.int(0, 5);
      const cols = shared + rows;
      const dense = new Float64Array(rows * cols).fill(Infinity);
      const rowStart = new Int32Array(rows + 1);
      const colIndex: number[] = [];
      const cost: number[] = [];
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < shared; j++) {
          if (rnd.next() < 0.6) {
            const c = rnd.int(0, 300);
            dense[i * cols + j] = c;
            colIndex.push(j);
            cost.push(c);
          }
        }
        const own = rnd.int(100, 600);
        dense[i * cols + shared + i] = own;
        colIndex.push(shared + i);
        cost.push(own);
        rowStart[i + 1] = colIndex.length;
      }
      const result = solveSparseAssignment({ rows, cols, rowStart, colIndex: Int32Array.from(colIndex), cost: Float64Array.from(cost) });
      expect(result.cost).toBe(exhaustive(dense, rows, cols).cost);
      // Its duals certify optimality: reduced costs ≥ 0, column duals ≤ 0.
      for (let i = 0; i < rows; i++) {
        for (let k = rowStart[i] as number; k < (rowStart[i + 1] as number); k++) {
          const j = colIndex[k] as number;
          expect((cost[k] as number) - (result.rowDual[i] as number) - (result.colDual[j] as number)).toBeGreaterThanOrEqual(0);
        }
      }
      result.colDual.forEach((v) => expect(v).toBeLessThanOrEqual(0));
    }
  });

  it('when a batch meets no vehicles or a vehicle that fits nobody, then requests are unassigned with the cause', () => {
    const { requests, vehicles } = generateAssignmentInstance(3, { requests: 4, vehicles: 1 });
    expect(solveAssignment(requests, []).unassigned.map((u) => u.cause)).toEqual(Array(4).fill('no-feasible-vehicle'));
    const tiny = { ...(vehicles[0] as (typeof vehicles)[number]), seats: 0 };
    const plan = solveAssignment(requests, [tiny]);
    expect(plan.pairs).toEqual([]);
    expect(plan.totalCost).toBe(0);
  });

  it('when small generated dispatch batches are solved, then the plan cost equals exhaustive search over feasible pairs', () => {
    for (let seed = 1; seed <= 80; seed++) {
      const rnd = createSeededRandom(seed);
      const instance = generateAssignmentInstance(seed, { requests: rnd.int(1, 7), vehicles: rnd.int(1, 7) });
      const { costs, rows, cols, pool } = buildAssignmentCosts(instance.requests, instance.vehicles);
      const plan = solveAssignment(instance.requests, instance.vehicles);
      const expected = exhaustive(costs, rows, cols);
      expect({ assigned: plan.pairs.length, cost: plan.totalCost }).toEqual(expected);
      expect(plan.pairs.length + plan.unassigned.length).toBe(rows);
      for (const pair of plan.pairs) {
        const r = instance.requests.find((q) => q.id === pair.requestId);
        const v = instance.vehicles.find((q) => q.id === pair.vehicleId);
        if (!r || !v) throw new Error('pair refers to an unknown id');
        const e = evaluatePair(r, v, pool);
        expect(e.feasible && e.components.total).toBe(pair.cost);
      }
    }
  });
});
