/** Errors of either backend that callers act on, recognised by the driver's code. */

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
