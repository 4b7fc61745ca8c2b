import pino from 'pino';

export type Logger = pino.Logger;

/** Structured JSON logs on stdout; one line per event, with the request id where there is one. */
export function createLogger(level: string, base: Record<string, unknown> = {}): Logger {
  return pino({ level, base: { service: 'gov-vehicle', ...base }, timestamp: pino.stdTimeFunctions.isoTime });
}
