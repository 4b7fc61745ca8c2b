import type { Fix, Motion } from './route';

export interface Spot { lat: number; lng: number }

const R = 6_371_008.8;
const rad = (d: number) => (d * Math.PI) / 180;
function metresBetween(a: Spot, b: Spot): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}
function bearing(a: Spot, b: Spot): number {
  const y = Math.sin(rad(b.lng - a.lng)) * Math.cos(rad(b.lat));
  const x = Math.cos(rad(a.lat)) * Math.sin(rad(b.lat)) - Math.sin(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.cos(rad(b.lng - a.lng));
  return Math.round(((Math.atan2(y, x) * 180) / Math.PI + 360) % 360) % 360;
}

type State =
  | { kind: 'parked'; at: Spot }
  | { kind: 'driving'; tripId: number; legs: Spot[]; startMs: number; speedKmh: number };

/**
 * A demo car that tells the truth: parked at its unit's spot with the ignition off when it has no
 * trip; on a departed trip it drives the trip's route (origin → each destination) at a town speed
 * and waits at the last stop; after the return it stands at its unit's spot again. Its odometer goes
 * on from the vehicle's record by the distance it drove.
 */
export class DemoCar implements Motion {
  private state: State;
  /** 0.1 km driven before the current trip. */
  private doneHm = 0;

  constructor(readonly home: Spot, private readonly recordHm: number) {
    this.state = { kind: 'parked', at: home };
  }

  get tripId(): number | null {
    return this.state.kind === 'driving' ? this.state.tripId : null;
  }

  drive(tripId: number, route: Spot[], nowMs: number, speedKmh = 40): void {
    if (this.state.kind === 'driving' && this.state.tripId === tripId) return;
    this.settle(nowMs);
    const from = this.state.kind === 'parked' ? this.state.at : this.home;
    this.state = { kind: 'driving', tripId, legs: [from, ...route], startMs: nowMs, speedKmh };
  }

  /** Back at the unit's spot (the trip was returned). */
  park(nowMs: number): void {
    if (this.state.kind === 'parked') return;
    this.settle(nowMs);
    this.state = { kind: 'parked', at: this.home };
  }

  fixAt(nowMs: number): Fix & { moving: boolean } {
    if (this.state.kind === 'parked') return { lat: this.state.at.lat, lon: this.state.at.lng, direction: 0, speedKmh: 0, moving: false };
    const { legs, startMs, speedKmh } = this.state;
    let left = Math.max(0, ((nowMs - startMs) / 3_600_000) * speedKmh * 1000);
    for (let i = 1; i < legs.length; i++) {
      const a = legs[i - 1]!;
      const b = legs[i]!;
      const d = metresBetween(a, b);
      if (left < d) {
        const f = d === 0 ? 1 : left / d;
        return { lat: a.lat + (b.lat - a.lat) * f, lon: a.lng + (b.lng - a.lng) * f, direction: bearing(a, b), speedKmh, moving: true };
      }
      left -= d;
    }
    // At the last stop: the engine on, waiting for the passengers.
    const last = legs[legs.length - 1]!;
    return { lat: last.lat, lon: last.lng, direction: 0, speedKmh: 0, moving: true };
  }

  odometerHmAt(nowMs: number): number {
    return this.recordHm + this.doneHm + this.drivenHm(nowMs);
  }

  private drivenHm(nowMs: number): number {
    if (this.state.kind !== 'driving') return 0;
    const { legs, startMs, speedKmh } = this.state;
    let total = 0;
    for (let i = 1; i < legs.length; i++) total += metresBetween(legs[i - 1]!, legs[i]!);
    const driven = Math.min(total, Math.max(0, ((nowMs - startMs) / 3_600_000) * speedKmh * 1000));
    return Math.floor(driven / 100);
  }

  private settle(nowMs: number): void {
    this.doneHm += this.drivenHm(nowMs);
  }
}
