import { startTestApp, type TestApp } from './test-deps';
import { approvedTrip, as, type As, tripBody } from './trips';
import { addShanghaiDays } from '@shared/common/time';

/** Places around 省发改委 in Shijiazhuang the day-plan trips go between. */
export const places = {
  ndrc: { name: '河北省发展和改革委员会', lat: 38.0453, lng: 114.5089 },
  gov: { name: '河北省人民政府', lat: 38.0451, lng: 114.5076 },
  station: { name: '石家庄站', lat: 38.0105, lng: 114.4836 },
  conference: { name: '河北会议中心', lat: 38.0595, lng: 114.5210 },
  hospital: { name: '河北省人民医院', lat: 38.0457, lng: 114.5143 },
  city: { name: '石家庄市人民政府', lat: 38.0425, lng: 114.5149 },
};

/** `YYYY-MM-DD` of the day `daysAhead` from today in Asia/Shanghai (the day tripBody's daysAhead falls on). */
export const dateOf = (daysAhead: number): string => addShanghaiDays(Date.now(), daysAhead);

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
