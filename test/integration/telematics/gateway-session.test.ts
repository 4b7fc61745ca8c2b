import { createHmac } from 'node:crypto';
import { normalizePhone, REGISTER_RESULT } from '../../../server/src/modules/telematics/jt808';
import { AUTH_CODE_HASH } from '../../../server/src/modules/telematics/gateway/gateway.server';
import { SimulatedTerminal } from '../../../server/src/fakes/jt808-terminal/simulated-terminal';
import { loopFor } from '../../../server/src/fakes/jt808-terminal/route';
import { LatestPositionStore } from '../../../server/src/modules/telematics/latest-position.store';
import { TerminalRegistry } from '../../../server/src/modules/telematics/gateway/terminal-registry';
import { startHarness, until, phoneOf, plateOf, type Harness } from './telematics-harness';

describe('JT/T 808 gateway sessions', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ heartbeatTimeoutMs: 400 });
    for (let v = 1; v <= 5; v++) h.directory.add(v);
  });
  afterEach(() => h.close());

  it.each([2013, 2019] as const)('when a %i terminal of a registered vehicle registers and authenticates, then it is online and its reports are stored', async (edition) => {
    const t = await h.terminal(1, edition);
    expect(await t.heartbeat()).toBe(0);
    expect(await t.report()).toBe(0);
    expect(await t.report()).toBe(0);
    expect(await h.repo.countPositions()).toBe(2);
    const store = new LatestPositionStore(h.redis);
    await until(async () => (await store.get([1])).has(1));
    expect((await store.get([1])).get(1)).toMatchObject({ vehicleId: 1, phone: phoneOf(1) });
    expect(await new TerminalRegistry(h.redis, 60).lookup(1)).toMatchObject({ workerId: expect.stringMatching(/^w-test-/), phone: phoneOf(1) });
  });

  it('when an unknown terminal registers, then the reply is 4 (no such terminal) and no auth code is issued', async () => {
    const t = new SimulatedTerminal({ phone: '13999999999', edition: 2013, plate: '冀A99999', loop: loopFor(9) }, 3000);
    await t.connect({ host: '127.0.0.1', port: h.port });
    expect(await t.register()).toBe(REGISTER_RESULT.noSuchTerminal);
    expect(t.authCode).toBeNull();
    t.close();
  });

  it('when the plate in the register message is not the vehicle\'s, then the reply is 2 (no such vehicle)', async () => {
    const t = new SimulatedTerminal({ phone: phoneOf(2), edition: 2019, plate: '冀B00000', loop: loopFor(2) }, 3000);
    await t.connect({ host: '127.0.0.1', port: h.port });
    expect(await t.register()).toBe(REGISTER_RESULT.noSuchVehicle);
    t.close();
  });

  it('when a terminal authenticates with a wrong code or reports before authenticating, then it is refused and nothing is stored', async () => {
    const t = new SimulatedTerminal({ phone: phoneOf(3), edition: 2013, plate: plateOf(3), loop: loopFor(3) }, 3000);
    await t.connect({ host: '127.0.0.1', port: h.port });
    expect(await t.report()).toBe(1);
    t.authCode = 'forged-code-0000';
    await expect(t.login()).rejects.toThrow(/auth refused: result 1/);
    expect(await h.repo.countPositions()).toBe(0);
    t.close();
  });

  it('when a terminal reconnects with its auth code only, then it is accepted without registering again', async () => {
    const first = await h.terminal(4, 2019);
    const code = first.authCode;
    // The code is HMAC-SM3 (国密) of the terminal's identity under the gateway's secret.
    expect(AUTH_CODE_HASH).toBe('sm3');
    expect(code).toBe(createHmac('sm3', 'test-secret').update(`${normalizePhone(phoneOf(4))}:4`).digest('base64url').slice(0, 16));
    first.close();
    const again = new SimulatedTerminal({ phone: phoneOf(4), edition: 2019, plate: plateOf(4), loop: loopFor(4) }, 3000);
    again.authCode = code;
    await again.connect({ host: '127.0.0.1', port: h.port });
    await again.login();
    expect(await again.report()).toBe(0);
    again.close();
  });

  it('when a second connection authenticates with the same identity, then the first is closed', async () => {
    const first = await h.terminal(5, 2013);
    const second = await h.terminal(5, 2013);
    await until(() => !first.connected);
    expect(second.connected).toBe(true);
    expect(await second.report()).toBe(0);
    expect(h.events.filter((e) => e.type === 'terminal.online' && e.vehicleId === 5)).toHaveLength(2);
  });

  it('when a terminal stays silent past the heartbeat window, then the gateway closes it and it goes offline', async () => {
    const t = await h.terminal(1, 2013);
    await until(() => !t.connected);
    await until(async () => (await new TerminalRegistry(h.redis, 60).lookup(1)) === null);
    expect(h.events.some((e) => e.type === 'terminal.offline' && e.vehicleId === 1)).toBe(true);
  });

  it('when an alarm bit is set and the door status changes, then alarm and status events are published', async () => {
    const t = await h.terminal(2, 2013);
    await t.report();
    t.alarm = 1 << 1;
    t.locked = false;
    await t.report();
    t.alarm = 0;
    await t.report();
    expect(h.events.filter((e) => e.type.startsWith('alarm') || e.type === 'status.changed').map((e) => e.type))
      .toEqual(['alarm.raised', 'status.changed', 'alarm.cleared']);
    expect(h.events.find((e) => e.type === 'alarm.raised')).toMatchObject({ vehicleId: 2, bits: [1] });
  });

  it('when a split back-fill loses a part, then the gateway asks for it with 0x8003, gets it, and stores every item', async () => {
    const t = await h.terminal(3, 2019);
    const items = Array.from({ length: 40 }, (_, i) => t.location(Date.now() - (40 - i) * 1000));
    expect(await t.sendSplitBatch(items, 400, [2])).toBe(0);
    expect(await h.repo.countPositions()).toBe(40);
  });

  it('when an authenticated terminal sends an unknown message id, then the gateway answers 3 (unsupported)', async () => {
    const t = await h.terminal(4, 2013);
    expect(await t.request({ kind: 'unknown', msgId: 0x0f0f, raw: Buffer.from([1]) })).toBe(3);
  });
});
