import { createHash } from 'node:crypto';
import { backend, startTestApp, TestApp } from '../../helpers/test-deps';
import { RedisEventSink, ALARMS_QUEUE } from '../../../server/src/modules/telematics/gateway/event-sink';
import { AlarmCursorEntity } from '../../../server/src/modules/telematics/alarm-cursor.entity';
import { DomainEventEntity } from '../../../server/src/platform/events/outbox.entity';

/**
 * Terminal alarms reach the outbox: the gateway (any worker) appends them to a Redis stream, and the
 * main process records each as a domain event once — before, they went to a channel nobody read.
 */
describe(`vehicle alarms become domain events (${backend})`, () => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp(); });
  afterAll(() => t.close());

  const alarm = (vehicleId: number, type: 'alarm.raised' | 'alarm.cleared', bits: number[]) =>
    ({ type, vehicleId, bits, at: new Date().toISOString(), latE6: 38_042_800, lonE6: 114_514_900 });
  const alarmEvents = async (vehicleId: number) => (await t.deps.db.manager.find(DomainEventEntity, { where: { aggregateType: 'vehicle', aggregateId: String(vehicleId) }, order: { id: 'ASC' } }))
    .map((e) => ({ type: e.type, ...(JSON.parse(e.payloadJson) as { bits: number[]; lat: number; lng: number }) }));
  const queueLength = () => t.deps.redis.llen(ALARMS_QUEUE);

  it('when a terminal raises and clears an alarm, then each is recorded once as a vehicle event and the queue is emptied', async () => {
    const sink = new RedisEventSink(t.deps.redis);
    sink.publish(alarm(901, 'alarm.raised', [0, 1]));
    sink.publish(alarm(901, 'alarm.cleared', [1]));
    sink.publish({ type: 'terminal.online', vehicleId: 901, at: new Date().toISOString() });
    await t.deps.redis.ping(); // the appends above are sent before this answers
    expect(await t.deps.telematics.alarms!.pump()).toBe(2);
    expect(await alarmEvents(901)).toEqual([
      expect.objectContaining({ type: 'vehicle.alarm_raised', bits: [0, 1], lat: 38.0428, lng: 114.5149 }),
      expect.objectContaining({ type: 'vehicle.alarm_cleared', bits: [1] }),
    ]);
    expect(await queueLength()).toBe(0);
    expect(await t.deps.telematics.alarms!.pump()).toBe(0);
    expect(await alarmEvents(901)).toHaveLength(2);
  });

  it('when the pump died after its commit and before taking the batch off the queue, then that batch is taken off, not recorded again', async () => {
    const sink = new RedisEventSink(t.deps.redis);
    sink.publish(alarm(902, 'alarm.raised', [2]));
    await t.deps.redis.ping();
    const batch = await t.deps.redis.lrange(ALARMS_QUEUE, 0, -1);
    // As if this batch's events and digest had committed and the process died before LTRIM.
    await t.deps.db.manager.update(AlarmCursorEntity, { id: 1 }, { lastBatch: createHash('sha256').update(batch.join('\n')).digest('hex') });
    expect(await t.deps.telematics.alarms!.pump()).toBe(0);
    expect(await alarmEvents(902)).toEqual([]);
    expect(await queueLength()).toBe(0);
    sink.publish(alarm(902, 'alarm.raised', [3]));
    await t.deps.redis.ping();
    expect(await t.deps.telematics.alarms!.pump()).toBe(1);
    expect((await alarmEvents(902)).map((e) => e.bits)).toEqual([[3]]);
  });
});
