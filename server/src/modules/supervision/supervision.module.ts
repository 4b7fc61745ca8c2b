import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/database';
import type { EventBus } from '../../platform/events';
import type { Logger } from '../../platform/logger';
import type { ApiRouter } from '../../platform/http/api-router';
import type { Scheduler } from '../../platform/scheduler';
import type { RedisClient } from '../../platform/redis';
import { SupervisionRepository } from './supervision.repository';
import { WarningEngine, type EnginePorts } from './warning-engine';
import { WarningsService, type UnitNames } from './warnings.service';
import { PoolService, type PoolPorts } from './pool.service';
import { LivePositions } from './live-positions';
import { supervisionRoutes } from './supervision.routes';
import { SensitivePlacesService } from './places.service';
import { loadRuleSettings } from './supervision.config';
import { loadScoreWeights } from './assessment.rules';
import { GeofencesService, type FencePorts } from './geofences.service';
import { FleetChecks } from './fleet-checks';
import { RedisEpisodes, type EpisodeStore } from './geofence.rules';

export const SUPERVISION_SUBSCRIBER = 'supervision.warnings';

export interface SupervisionModule {
  engine: WarningEngine;
  warnings: WarningsService;
  pool: PoolService;
  /** The live position stream into the per-report rules (the composition root feeds it the gateway's reports). */
  positions: LivePositions;
  places: SensitivePlacesService;
  /** 电子围栏 and 定点停放 (#18 item 1). */
  geofences: GeofencesService;
  /** Overnight parking, terminal silence and 编制, the scheduled checks of #18 item 1. */
  fleetChecks: FleetChecks;
  router: ApiRouter;
}

/**
 * Supervision for the composition root: the warnings engine subscribed to alarms and trips, its
 * scheduled checks (once across instances), the loop and the data pool.
 */
export function createSupervisionModule(deps: {
  db: Database; clock: Clock; logger: Logger; events: EventBus; scheduler: Scheduler;
  /** Where geofence episodes are shared across instances and restarts (Redis, or its in-process emulation). */
  redis?: RedisClient;
  ports: EnginePorts & PoolPorts & UnitNames & FencePorts; rawEnv: Readonly<Record<string, string | undefined>>;
}): SupervisionModule {
  const settings = loadRuleSettings(deps.rawEnv);
  const repo = new SupervisionRepository(deps.db);
  const episodes: EpisodeStore | undefined = deps.redis ? new RedisEpisodes(deps.redis) : undefined;
  const engine = new WarningEngine(deps.db, repo, deps.clock, deps.ports, settings, deps.logger, deps.events, episodes);
  const warnings = new WarningsService(deps.db, repo, deps.clock, deps.ports, settings, deps.events);
  const positions = new LivePositions(engine, deps.ports, settings, deps.logger);
  const pool = new PoolService(repo, deps.ports, loadScoreWeights(deps.rawEnv), deps.clock);
  const places = new SensitivePlacesService(deps.db, repo, deps.clock);
  const geofences = new GeofencesService(deps.db, repo, deps.clock, deps.ports);
  const fleetChecks = new FleetChecks(engine, repo, deps.clock, deps.ports, settings, deps.logger);
  deps.events.subscribe(SUPERVISION_SUBSCRIBER, ['vehicle.alarm_raised', 'trip.fulfilled', 'trip.costs_corrected'], async (e) => {
    if (e.type === 'vehicle.alarm_raised') await engine.onAlarm(e.id, e.payload as Parameters<WarningEngine['onAlarm']>[1]);
    else if (e.type === 'trip.fulfilled') await engine.onTripFulfilled(e.payload as Parameters<WarningEngine['onTripFulfilled']>[0]);
    else await engine.onCostsCorrected(e.payload as Parameters<WarningEngine['onCostsCorrected']>[0]);
  });
  // 无单出车 within a minute of the car moving: every 30 s; expiries daily at 06:30 Beijing time (22:30 UTC).
  deps.scheduler.add('supervision.movement', '*/30 * * * * *', () => engine.checkMovement());
  deps.scheduler.add('supervision.expiries', '0 30 22 * * *', () => engine.checkExpiries());
  // Overnight parking at SUPERVISION_OVERNIGHT_AT Beijing time (UTC+8, no daylight saving): 23:00 is 15:00 UTC.
  const utcMin = (settings.overnightAtMin - 8 * 60 + 24 * 60) % (24 * 60);
  deps.scheduler.add('supervision.overnight-parking', `0 ${utcMin % 60} ${Math.floor(utcMin / 60)} * * *`, () => fleetChecks.checkOvernightParking());
  // Terminal silence hourly; 编制 daily at 06:40 Beijing time (22:40 UTC).
  deps.scheduler.add('supervision.terminals-offline', '0 5 * * * *', () => fleetChecks.checkTerminalsOffline());
  deps.scheduler.add('supervision.quotas', '0 40 22 * * *', () => fleetChecks.checkQuotas());
  return { engine, warnings, pool, positions, places, geofences, fleetChecks, router: supervisionRoutes(warnings, pool, places, geofences) };
}
