/** Errors of either backend that callers act on, recognised by the driver's code, and retrying on them. */

function codeOf(err: unknown): string {
  const e = err as { code?: string; driverError?: { code?: string } };
  return e.driverError?.code ?? e.code ?? '';
}

/** The duplicate-key error (mysql ER_DUP_ENTRY; sqlite SQLITE_CONSTRAINT_PRIMARYKEY/UNIQUE). */
export function isDuplicateKey(err: unknown): boolean {
  const code = codeOf(err);
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** MariaDB gave up a transaction to break a lock cycle (or a wait): the whole transaction may be retried. */
export function isRetryableLock(err: unknown): boolean {
  const code = codeOf(err);
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT';
}

/**
 * Runs `work` (a whole transaction) again while it fails with an error `retryable` accepts, at most
 * `attempts` times in all, waiting `pauseMs(attempt)` after failed attempt number `attempt`.
 */
export async function retried<T>(
  work: () => Promise<T>,
  retryable: (err: unknown) => boolean,
  attempts: number,
  pauseMs: (attempt: number) => number = () => 0,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (attempt >= attempts || !retryable(err)) throw err;
      const pause = pauseMs(attempt);
      if (pause > 0) await new Promise((r) => setTimeout(r, pause));
    }
  }
}
