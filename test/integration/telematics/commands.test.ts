import { ConflictError, RateLimitedError } from '../../../server/src/platform/errors';
import { startHarness, until, type Harness } from './telematics-harness';

describe('lock/unlock commands end to end through the simulator', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ profiles: [{ model: 'INV-1', lockPolarity: 'inverted' }] });
    for (let v = 1; v <= 6; v++) h.directory.add(v, v === 6 ? 'INV-1' : null);
  });
  afterEach(() => h.close());

  it.each([2013, 2019] as const)('when a %i terminal is told to unlock, then the command is confirmed by the 0x0500 status bits', async (edition) => {
    const t = await h.terminal(1, edition);
    const view = await h.commands.issue({ vehicleId: 1, kind: 'unlock', idempotencyKey: `u-${edition}` });
    expect(view).toMatchObject({ state: 'confirmed', final: true, lockState: 'unlocked', failure: null, attempts: 1 });
    expect(t.locked).toBe(false);
    const lock = await h.commands.issue({ vehicleId: 1, kind: 'lock' });
    expect(lock).toMatchObject({ state: 'confirmed', lockState: 'locked' });
    expect(t.locked).toBe(true);
  });

  it('when the device model has inverted polarity in its profile, then unlock still opens its doors', async () => {
    const t = await h.terminal(6, 2019, { model: 'INV-1', lockPolarity: 'inverted' });
    expect(await h.commands.issue({ vehicleId: 6, kind: 'unlock' })).toMatchObject({ state: 'confirmed', lockState: 'unlocked' });
    expect(t.locked).toBe(false);
  });

  it('when a terminal gets the polarity wrong, then the command fails as a state mismatch and says what the doors are', async () => {
    const t = await h.terminal(2, 2013);
    t.behaviour = 'wrongPolarity';
    const view = await h.commands.issue({ vehicleId: 2, kind: 'unlock' });
    expect(view).toMatchObject({ state: 'failed', lockState: 'locked', failure: { code: 'LOCK_STATE_MISMATCH' } });
    expect(view.failure?.message).toMatch(/已锁/);
  });

  it('when the terminal never replies, then it is resent on the back-off and expires with a clear error and no lock state', async () => {
    const t = await h.terminal(3, 2019);
    t.behaviour = 'noReply';
    const view = await h.commands.issue({ vehicleId: 3, kind: 'unlock' });
    expect(view).toMatchObject({ state: 'expired', lockState: null, attempts: 3, failure: { code: 'COMMAND_EXPIRED' } });
    expect(view.failure?.message).toMatch(/未应答.*已发送 3 次.*车门状态未知/);
    expect(t.stats.commandsReceived).toBe(3);
    expect(t.locked).toBe(true);
  });

  it('when the reply comes after the deadline, then the command stays expired', async () => {
    const t = await h.terminal(3, 2013);
    t.behaviour = 'lateReply';
    t.lateReplyMs = 1800;
    const view = await h.commands.issue({ vehicleId: 3, kind: 'unlock', waitMs: 2500 });
    expect(view.state).toBe('expired');
    await until(() => !t.locked);
    expect((await h.commands.get(view.id)).state).toBe('expired');
  });

  it('when the terminal is offline, then the command fails at once with TERMINAL_OFFLINE and nothing is sent', async () => {
    await expect(h.commands.issue({ vehicleId: 4, kind: 'unlock', idempotencyKey: 'k-off' })).rejects.toMatchObject({
      constructor: ConflictError, code: 'TERMINAL_OFFLINE', message: expect.stringContaining('冀A·00004'),
    });
    const t = await h.terminal(4, 2013);
    expect(await h.commands.issue({ vehicleId: 4, kind: 'unlock', idempotencyKey: 'k-off' })).toMatchObject({ state: 'confirmed' });
    expect(t.stats.commandsReceived).toBe(1);
  });

  it('when the terminal disconnects while the command waits, then it fails with TERMINAL_DISCONNECTED', async () => {
    const t = await h.terminal(5, 2019);
    t.behaviour = 'disconnectOnCommand';
    expect(await h.commands.issue({ vehicleId: 5, kind: 'lock' })).toMatchObject({ state: 'failed', failure: { code: 'TERMINAL_DISCONNECTED' } });
  });

  it('when the same unlock is requested twice with one key, also at the same time, then it is sent once and both get its outcome', async () => {
    const t = await h.terminal(1, 2013);
    const [a, b] = await Promise.all([
      h.commands.issue({ vehicleId: 1, kind: 'unlock', idempotencyKey: 'dup-1' }),
      h.commands.issue({ vehicleId: 1, kind: 'unlock', idempotencyKey: 'dup-1' }),
    ]);
    const c = await h.commands.issue({ vehicleId: 1, kind: 'unlock', idempotencyKey: 'dup-1' });
    expect(new Set([a.id, b.id, c.id]).size).toBe(1);
    expect([a.state, b.state, c.state]).toEqual(['confirmed', 'confirmed', 'confirmed']);
    expect(t.stats.commandsReceived).toBe(1);
  });

  it('when a vehicle gets more commands than its per-minute limit, then the next is refused with COMMAND_RATE_LIMITED', async () => {
    await h.terminal(2, 2013);
    for (let i = 0; i < 5; i++) await h.commands.issue({ vehicleId: 2, kind: i % 2 ? 'lock' : 'unlock' });
    await expect(h.commands.issue({ vehicleId: 2, kind: 'lock' })).rejects.toBeInstanceOf(RateLimitedError);
  });

  it('when the caller does not wait, then it gets the command id at once and can poll the outcome', async () => {
    await h.terminal(5, 2013);
    const view = await h.commands.issue({ vehicleId: 5, kind: 'locate', waitMs: 0 });
    expect(['pending', 'sent', 'acknowledged', 'confirmed']).toContain(view.state);
    await until(async () => (await h.commands.get(view.id)).final);
    expect(await h.commands.get(view.id)).toMatchObject({ state: 'confirmed', kind: 'locate' });
  });

  it('when temporary tracking is asked for, then the terminal\'s general reply confirms it', async () => {
    await h.terminal(4, 2019);
    expect(await h.commands.issue({ vehicleId: 4, kind: 'track', tracking: { intervalS: 5, validityS: 60 } })).toMatchObject({ state: 'confirmed' });
  });
});
