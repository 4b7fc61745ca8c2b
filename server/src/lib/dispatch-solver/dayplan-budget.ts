/**
 * How long the day plan's local search may run. The quick plan counts work, not time: each pass
 * records the elementary steps it took (an insertion priced, a pair of cuts compared, a vehicle
 * tried for a window's middle, an arc scanned by the window's assignment), so the same input gives
 * the same plan however loaded the machine is (#20: a loaded run once gave a plan 180 % above the
 * best known because the wall-clock budget ran out earlier). The thorough plan keeps a time limit.
 */
export interface SearchBudget {
  /** Records `units` of work done. */
  spend(units: number): void;
  /** True once the budget is used up: passes stop at their next check. */
  expired(): boolean;
  /** Work recorded so far. */
  readonly used: number;
}

/** A budget of `limit` work units. */
export function workBudget(limit: number): SearchBudget {
  let used = 0;
  return {
    spend(units) {
      used += units;
    },
    expired: () => used >= limit,
    get used() {
      return used;
    },
  };
}

/** A budget that ends when `expired` says so (a time limit); work is counted for the record only. */
export function deadlineBudget(expired: () => boolean): SearchBudget {
  let used = 0;
  return {
    spend(units) {
      used += units;
    },
    expired,
    get used() {
      return used;
    },
  };
}
