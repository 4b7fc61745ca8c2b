import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { as } from '../../helpers/trips';
import { ManualClock } from '../../../server/src/platform/clock';
import { shanghaiInstant } from '@shared/common/time';

/**
 * The demo seed (#18 follow-up): 长安区政府办's geofences (a workday polygon, 抱犊寨景区 forbidden),
 * designated spots for a few cars, and warnings of the newer kinds standing in the loop, seen by the
 * supervisors the way the dashboard reads them.
 */
describe(`supervision demo seed: geofences, parking spots, newer warning kinds (${backend})`, () => {
  let t: TestApp;
  const clock = new ManualClock(shanghaiInstant('2026-03-04', '10:00'));
  beforeAll(async () => { t = await startTestApp({ SEED_DEMO_TRIPS: 'true', SEED_DEMO_SUPERVISION: 'true' }, { clock }); }, 240_000);
  afterAll(async () => { await t.close(); });

  it('when the demo is seeded, then the unit has a workday polygon and a forbidden 抱犊寨景区, four cars have spots, and every newer kind is on the city supervisor\'s list', async () => {
    const he = await as(t, '何勇');
    const fences = (await he.get('/api/supervision/geofences')).body as Array<Record<string, any>>;
    expect(fences.map((f) => [f.name, f.kind, f.windowLabel, f.polygon?.length ?? null, f.circle?.radiusM ?? null]).sort()).toEqual([
      ['抱犊寨景区', 'forbidden', '全天候', null, 1500],
      ['长安区行政区域（工作日）', 'permitted', '周一至周五 08:00–18:00', 6, null],
    ]);
    const zhou = await as(t, '周明');
    const spots = (await zhou.get('/api/supervision/parking-spots')).body as Array<{ plate: string; name: string }>;
    expect(spots.map((s) => s.plate).sort()).toEqual(['冀A·00101', '冀A·00105', '冀A·00108', '冀A·00109']);
    const kinds = ['area_exit', 'forbidden_area_entry', 'overnight_parking_away', 'terminal_offline', 'over_quota'];
    const statuses = new Set<string>();
    for (const kind of kinds) {
      const items = (await zhou.get(`/api/supervision/warnings?pageSize=100&kind=${kind}`)).body.items as Array<{ status: string; kindLabel?: string }>;
      expect(items.length).toBeGreaterThan(0);
      for (const i of items) statuses.add(i.status);
    }
    // Not all left open: the loop moved some of them on.
    expect(statuses.size).toBeGreaterThan(1);
  }, 240_000);
});
