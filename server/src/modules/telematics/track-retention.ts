import { z } from 'zod';
import { loadSection } from '@config/load-config';
import type { Clock } from '../../platform/clock';
import type { Scheduler } from '../../platform/scheduler';
import type { TelematicsRepository } from './telematics.repository';

/**
 * How long vehicle tracks are kept (#19 item 3). Tracks are sensitive personal information (PIPL; DOMAIN.md
 * §8): kept only as long as a purpose needs. Default 180 days: JT/T 796 asks a positioning platform to keep
 * positions at least 6 months, and supervision's warnings and appeals look back within that window. 0 keeps
 * everything. The purge runs daily (TRACK_PURGE_CRON, 03:17 by default) in batches by id.
 */
export const trackRetentionEnvShape = {
  TRACK_RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(180),
  TRACK_PURGE_CRON: z.string().min(9).default('17 3 * * *'),
};

export interface TrackRetentionSettings { days: number; cron: string }

export function loadTrackRetentionSettings(env: Readonly<Record<string, string | undefined>>): TrackRetentionSettings {
  const e = loadSection(trackRetentionEnvShape, env);
  return { days: e.TRACK_RETENTION_DAYS, cron: e.TRACK_PURGE_CRON };
}

const BATCH = 5_000;

export class TrackRetention {
  constructor(
    private readonly repo: Pick<TelematicsRepository, 'positionIdsBefore' | 'deletePositions'>,
    private readonly clock: Clock,
    private readonly logger: { info(obj: object, msg: string): void },
    readonly settings: TrackRetentionSettings,
  ) {}

  /** Deletes positions reported (GPS time) before now − days; returns how many. */
  async purge(): Promise<number> {
    if (this.settings.days <= 0) return 0;
    const cutoff = new Date(this.clock.now().getTime() - this.settings.days * 86_400_000);
    let deleted = 0;
    for (;;) {
      const ids = await this.repo.positionIdsBefore(cutoff, BATCH);
      if (!ids.length) break;
      deleted += await this.repo.deletePositions(ids);
      if (ids.length < BATCH) break;
    }
    if (deleted) this.logger.info({ deleted, cutoff: cutoff.toISOString() }, 'track retention: old positions purged');
    return deleted;
  }

  register(scheduler: Scheduler): void {
    if (this.settings.days > 0) scheduler.add('telematics.track-retention', this.settings.cron, () => this.purge());
  }
}
