/** A closed loop a simulated car drives round: a circle around a centre, at a steady speed. */
export interface Loop {
  centerLat: number;
  centerLon: number;
  radiusM: number;
  /** km/h */
  speedKmh: number;
  /** radians at t = 0 */
  phase: number;
}

export interface Fix {
  lat: number;
  lon: number;
  /** degrees, 0–359 */
  direction: number;
  speedKmh: number;
}

/** Shijiazhuang (石家庄) city centre, where the demo fleet drives. */
export const DEMO_CENTER = { lat: 38.0428, lon: 114.5149 };

export function loopFor(i: number, center = DEMO_CENTER): Loop {
  const golden = 2.399963;
  const r = 500 + ((i * 7919) % 9000);
  return {
    centerLat: center.lat + Math.sin(i * golden) * 0.05,
    centerLon: center.lon + Math.cos(i * golden) * 0.06,
    radiusM: r,
    speedKmh: 20 + ((i * 31) % 50),
    phase: (i * golden) % (2 * Math.PI),
  };
}

/**
 * Where a car is and what its odometer reads at a moment, when it does more than circle a loop (the
 * demo fleet's cars park, drive a trip, park again). `moving` false: parked, ignition off.
 */
export interface Motion {
  fixAt(nowMs: number): Fix & { moving: boolean };
  /** Odometer in 0.1 km (JT/T 808 additional item 0x01). */
  odometerHmAt(nowMs: number): number;
  /** Fuel level in 0.1 L (additional item 0x02), for a car whose terminal reports one. */
  fuelDlAt?(nowMs: number): number | null;
}

export function positionAt(loop: Loop, tMs: number): Fix {
  const angular = (loop.speedKmh / 3.6 / loop.radiusM) * (tMs / 1000);
  const a = loop.phase + angular;
  const dLat = (loop.radiusM * Math.sin(a)) / 111_320;
  const dLon = (loop.radiusM * Math.cos(a)) / (111_320 * Math.cos((loop.centerLat * Math.PI) / 180));
  // Moving counter-clockwise: heading is the tangent, measured clockwise from north.
  const heading = (((Math.atan2(-Math.sin(a), Math.cos(a)) * 180) / Math.PI + 360) % 360);
  return { lat: loop.centerLat + dLat, lon: loop.centerLon + dLon, direction: Math.round(heading) % 360, speedKmh: loop.speedKmh };
}
