import type { LiveReport, PositionRecord } from '../telematics.ports';

export type LiveReportListener = (reports: LiveReport[]) => void;

/** Numbers per report in the packed form a gateway worker sends its primary over IPC. */
const PACKED = 6;

/** Stored reports as live ones (backfilled reports are history, not news). */
export function liveReportsOf(rows: PositionRecord[]): LiveReport[] {
  const out: LiveReport[] = [];
  for (const r of rows) {
    if (r.source === 'backfill') continue;
    out.push({ vehicleId: r.vehicleId, receivedAtMs: r.receivedAt.getTime(), speedKmh: r.speed / 10, alarm: r.alarm, lat: r.latE6 / 1e6, lng: r.lonE6 / 1e6 });
  }
  return out;
}

/** A batch of live reports as one flat array of numbers (a worker's IPC message stays small and quick to serialise). */
export function packReports(reports: LiveReport[]): number[] {
  const flat = new Array<number>(reports.length * PACKED);
  reports.forEach((r, i) => {
    const k = i * PACKED;
    flat[k] = r.vehicleId; flat[k + 1] = r.receivedAtMs; flat[k + 2] = Math.round(r.speedKmh * 10); flat[k + 3] = r.alarm;
    flat[k + 4] = Math.round(r.lat * 1e6); flat[k + 5] = Math.round(r.lng * 1e6);
  });
  return flat;
}

export function unpackReports(flat: number[]): LiveReport[] {
  const out: LiveReport[] = [];
  for (let k = 0; k + PACKED <= flat.length; k += PACKED) {
    out.push({ vehicleId: flat[k], receivedAtMs: flat[k + 1], speedKmh: flat[k + 2] / 10, alarm: flat[k + 3], lat: flat[k + 4] / 1e6, lng: flat[k + 5] / 1e6 });
  }
  return out;
}

/**
 * Who listens to this instance's live reports (supervision's per-report warning rules). A listener is
 * called synchronously with each stored batch and must only queue it; its failure never reaches the
 * gateway.
 */
export class LiveReports {
  private readonly listeners = new Set<LiveReportListener>();

  on(listener: LiveReportListener): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  emit(reports: LiveReport[]): void {
    if (!reports.length) return;
    for (const l of this.listeners) {
      try {
        l(reports);
      } catch {
        // A listener's failure is its own (it logs); the gateway goes on.
      }
    }
  }
}
