import { shanghaiDate } from '@shared/common/time';
import type { Logger } from '../../platform/logger';
import { PositionRules, type PositionReport } from './position-stream';
import type { RuleSettings } from './supervision.rules';
import type { EnginePorts, WarningEngine } from './warning-engine';

/** How old the cars and trips the rules know may get before a batch reads them again. */
const KNOWN_FOR_MS = 60_000;
/** A report of a car the rules do not know (a terminal just fitted) reads them again after this long. */
const UNKNOWN_CAR_AFTER_MS = 5_000;
/** Reports waiting past this many (the database far behind) are dropped, oldest first: the 30-second movement check and the alarm events still cover them. */
const MAX_WAITING = 200_000;
/** Raises at a time (each its own transaction on MariaDB). */
const PARALLEL = 4;

/**
 * The live position stream into the warnings engine's per-report rules (无单出车, the alarm bits):
 * the reports this instance's JT/T 808 gateway stores, judged in batches, one batch at a time, in
 * memory against the cars with terminals and those on a departed trip (read again every minute; a
 * car about to be warned of 无单出车 is asked about right then). Warnings share their keys with the
 * 30-second movement check and the alarm events, so whichever path is first raises, once.
 */
export class LivePositions {
  private readonly rules: PositionRules;
  private readonly engine: WarningEngine;
  private waiting: PositionReport[] = [];
  private running: Promise<void> | null = null;
  private knownAt = 0;
  private stopped = false;
  /** Reports dropped because too many waited (diagnostics). */
  dropped = 0;

  constructor(
    engine: WarningEngine, private readonly ports: Pick<EnginePorts, 'vehiclesWithTerminals' | 'carsOnTheRoad'>, settings: RuleSettings, private readonly logger: Logger,
  ) {
    this.rules = new PositionRules(engine, settings, async (ids) => {
      const asked = new Set(ids);
      return new Set((await this.ports.carsOnTheRoad()).map((c) => c.vehicleId).filter((id) => asked.has(id)));
    }, engine.tripWatch, engine.fenceWatch);
    this.engine = engine;
  }

  /** Queues a batch of reports (called by the gateway's stream: never waits, never throws). */
  accept(reports: PositionReport[]): void {
    if (this.stopped) return;
    for (const r of reports) this.waiting.push(r);
    if (this.waiting.length > MAX_WAITING) {
      const over = this.waiting.length - MAX_WAITING;
      this.waiting = this.waiting.slice(over);
      if (this.dropped === 0) this.logger.warn({ over }, 'supervision: live position reports dropped (the warnings engine is behind); the movement check covers them');
      this.dropped += over;
    }
    if (!this.running) this.running = this.drain().finally(() => { this.running = null; });
  }

  /** Resolves once every report accepted so far is judged (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.waiting = [];
    await this.idle();
  }

  private async drain(): Promise<void> {
    while (this.waiting.length && !this.stopped) {
      const batch = this.waiting;
      this.waiting = [];
      try {
        await this.know(batch);
        await this.rules.evaluate(batch, PARALLEL);
      } catch (err) {
        this.logger.error({ err }, 'supervision: live position rules failed for a batch; the movement check and the alarm events cover it');
      }
    }
  }

  private async know(batch: PositionReport[]): Promise<void> {
    const now = Date.now();
    const age = now - this.knownAt;
    if (age < KNOWN_FOR_MS && (age < UNKNOWN_CAR_AFTER_MS || batch.every((r) => this.rules.knows(r.vehicleId)))) return;
    const [cars, onTheRoad] = await Promise.all([this.ports.vehiclesWithTerminals(), this.ports.carsOnTheRoad()]);
    this.rules.know(cars, onTheRoad.map((c) => c.vehicleId));
    // The trip rules (trips that supervise themselves) learn the same trips' windows and corridors.
    await this.engine.refreshWatch(onTheRoad);
    this.rules.forgetBefore(shanghaiDate(now));
    this.knownAt = now;
  }
}
