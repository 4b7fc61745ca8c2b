import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { as } from '../../helpers/trips';
import { seedVehicleId } from '../../helpers/seed-lookup';
import { ManualClock } from '../../../server/src/platform/clock';
import { shanghaiInstant } from '@shared/common/time';

/**
 * Expiry warnings at their stages (30/15/7 days before, then past due), on an injected clock: the seed's
 * 冀A00108 (长安区政府办) has its insurance due on 2026-01-31; every other document is due in 2027.
 */
describe(`supervision expiry warnings (${backend})`, () => {
  let t: TestApp;
  const clock = new ManualClock(shanghaiInstant('2025-12-20', '06:30'));
  beforeAll(async () => { t = await startTestApp({}, { clock }); });
  afterAll(() => t.close());

  const insurance = async () => {
    const he = await as(t, '何勇');
    const vehicleId = await seedVehicleId(t, '冀A00108');
    return ((await he.get('/api/supervision/warnings?kind=insurance_expiry&pageSize=100')).body.items as Array<Record<string, any>>)
      .filter((w) => w.vehicleId === vehicleId).sort((a, b) => a.id - b.id);
  };

  it('when the daily check runs before the first stage, then nothing is raised', async () => {
    expect(await t.deps.supervision.engine.checkExpiries()).toBe(0);
    expect(await insurance()).toEqual([]);
  });

  it('when the daily check runs on each day up to and past the due date, then one warning fires at each stage, graded green, yellow, red, and red past due', async () => {
    const seen: string[] = [];
    for (let day = 0; day <= 45; day++) {
      clock.set(new Date(shanghaiInstant('2025-12-20', '06:30').getTime() + day * 86_400_000));
      await t.deps.supervision.engine.checkExpiries();
    }
    const ws = await insurance();
    for (const w of ws) seen.push(`${w.title}|${w.grade}|${w.raisedAt.slice(0, 10)}`);
    expect(seen).toEqual([
      '冀A·00108 保险 30 天内到期|green|2025-12-31', // 06:30 Beijing on 2026-01-01 is 22:30 UTC the day before
      '冀A·00108 保险 15 天内到期|yellow|2026-01-15',
      '冀A·00108 保险 7 天内到期|red|2026-01-23',
      '冀A·00108 保险已过期|red|2026-01-31',
    ]);
    expect(ws[0].source).toContain('保险');
    expect(ws[0].detail).toContain('2026-01-31');
  });
});
