import pino from 'pino';
import type { Logger } from '../../../../server/src/platform/logger';

export interface LogLine { level: number; msg: string; [key: string]: unknown }

/** A real pino logger writing into an array, so tests can assert what was logged. */
export function memoryLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'debug' }, { write: (s: string) => { lines.push(JSON.parse(s) as LogLine); } });
  return { logger, lines };
}
