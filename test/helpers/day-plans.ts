import { startTestApp, type TestApp } from './test-deps';
import { approvedTrip, as, type As, tripBody } from './trips';

/** `YYYY-MM-DD` of the day `daysAhead` from today in Asia/Shanghai (the day tripBody's daysAhead falls on). */
export const dateOf = (daysAhead: number): string => new Date(Date.now() + 8 * 3600_000 + daysAhead * 86_400_000).toISOString().slice(0, 10);

/** The seeded 省发改委 pool on the real backends, with its applicant, approver and dispatcher signed in. */
export interface DayPlanBed {
  t: TestApp;
  applicant: As;
  approver: As;
  dispatcher: As;
  /** An approved trip on that day, from `hour` for `hours` (whole hours, Shanghai time). */
  trip(daysAhead: number, hour: number, hours: number, overrides?: Record<string, unknown>): Promise<number>;
}

/** Starts the app before the file's tests and closes it after; the fields are set once beforeAll has run. */
export function dayPlanBed(purpose: string): DayPlanBed {
  const bed = {
    trip: (daysAhead: number, hour: number, hours: number, overrides: Record<string, unknown> = {}) =>
      approvedTrip(bed.applicant, [bed.approver], tripBody({ purpose: `${purpose} ${hour} 点`, ...overrides }, { daysAhead, hour, hours })),
  } as DayPlanBed;
  beforeAll(async () => {
    bed.t = await startTestApp();
    bed.applicant = await as(bed.t, '王建国');
    bed.approver = await as(bed.t, '李秀英');
    bed.dispatcher = await as(bed.t, '张伟');
  }, 60_000);
  afterAll(() => bed.t.close());
  return bed;
}
