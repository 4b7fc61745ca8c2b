import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { as, type As } from '../../helpers/trips';
import { seedVehicleId } from '../../helpers/seed-lookup';
import { SimulatedTerminal } from '../../../server/src/fakes/jt808-terminal/simulated-terminal';
import { loopFor } from '../../../server/src/fakes/jt808-terminal/route';

/**
 * The running app's live position stream: each report the JT/T 808 gateway stores reaches the warnings
 * engine's per-report rules (telematics' service → supervision), with no movement check run and no
 * alarm event recorded (the test app's scheduler and alarm pump are off). The alarm event, recorded
 * later, raises nothing more: both paths key the warning by the report's receipt.
 */
describe(`supervision live position stream (${backend})`, () => {
  let t: TestApp;
  const terminals: SimulatedTerminal[] = [];
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(async () => { for (const x of terminals) x.close(); await t.close(); });

  const warningsOf = async (who: As, query: string) => (await who.get(`/api/supervision/warnings?pageSize=100${query}`)).body.items as Array<Record<string, any>>;
  const alarmEvents = async (vehicleId: number) => Number((await t.deps.db.manager.query(
    "SELECT COUNT(*) AS n FROM domain_event WHERE type = 'vehicle.alarm_raised' AND aggregate_id = ?", [String(vehicleId)],
  ) as Array<{ n: number | string }>)[0]!.n);

  async function terminalOf(plate: string, phone: string, n: number, speedKmh: number): Promise<SimulatedTerminal> {
    const term = new SimulatedTerminal({ phone, edition: 2013, plate, loop: { ...loopFor(n), speedKmh } }, 5000);
    terminals.push(term);
    await term.connect({ host: '127.0.0.1', port: t.deps.telematics.gatewayPort });
    await term.login();
    return term;
  }

  it('when a parked car\'s terminal reports the overspeed alarm bit, then its stored report raises the 超速行驶 warning through the live stream before any alarm event exists, and the event delivered later adds none', async () => {
    const term = await terminalOf('冀A00107', '013800000107', 107, 0); // 石家庄市市场监督管理局
    const vehicleId = await seedVehicleId(t, '冀A00107');
    expect(await term.report()).toBe(0);
    term.alarm = 1 << 1;
    expect(await term.report()).toBe(0);
    term.alarm = 0;
    await t.deps.supervision.positions.idle();
    const wu = await as(t, '吴芳'); // 石家庄市 supervisor
    const speeding = (await warningsOf(wu, '&kind=speeding')).filter((w) => w.vehicleId === vehicleId);
    expect(speeding).toHaveLength(1);
    expect(speeding[0]).toMatchObject({ kindLabel: '超速行驶', grade: 'yellow', status: 'open', unitName: '石家庄市市场监督管理局' });
    expect(Date.parse(speeding[0].raisedAt) - Date.parse(speeding[0].occurredAt)).toBeLessThan(2_000);
    expect(await alarmEvents(vehicleId)).toBe(0);
    // The parked car raised no 无单出车.
    expect((await warningsOf(wu, '&kind=no_trip_movement')).filter((w) => w.vehicleId === vehicleId)).toEqual([]);
    // The same alarm as a domain event (the durable path) finds its warning raised.
    await t.deps.telematics.alarms!.pump();
    await t.deps.events.drain();
    expect(await alarmEvents(vehicleId)).toBe(1);
    expect((await warningsOf(wu, '&kind=speeding')).filter((w) => w.vehicleId === vehicleId)).toHaveLength(1);
    // The alarm held on: no new warning; raised again after it cleared: a second one.
    term.alarm = 1 << 1;
    expect(await term.report()).toBe(0);
    await t.deps.supervision.positions.idle();
    expect((await warningsOf(wu, '&kind=speeding')).filter((w) => w.vehicleId === vehicleId)).toHaveLength(1);
    term.alarm = 0;
    expect(await term.report()).toBe(0);
    term.alarm = 1 << 1;
    expect(await term.report()).toBe(0);
    term.alarm = 0;
    await t.deps.supervision.positions.idle();
    expect((await warningsOf(wu, '&kind=speeding')).filter((w) => w.vehicleId === vehicleId)).toHaveLength(2);
  });

  it('when a terminal reports its car moving with no departed trip, then 无单出车 is raised from that report with no movement check run, once a day', async () => {
    const term = await terminalOf('冀A00108', '013800000108', 108, 48); // 长安区政府办
    const vehicleId = await seedVehicleId(t, '冀A00108');
    expect(await term.report()).toBe(0);
    await t.deps.supervision.positions.idle();
    const he = await as(t, '何勇'); // 长安区政府办's fleet admin
    const mine = (await warningsOf(he, '&kind=no_trip_movement')).filter((w) => w.vehicleId === vehicleId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ kindLabel: '无单出车', grade: 'red', status: 'open', plate: '冀A·00108' });
    expect(await term.report()).toBe(0);
    await t.deps.supervision.positions.idle();
    await t.deps.supervision.engine.checkMovement();
    expect((await warningsOf(he, '&kind=no_trip_movement')).filter((w) => w.vehicleId === vehicleId)).toHaveLength(1);
  });
});
