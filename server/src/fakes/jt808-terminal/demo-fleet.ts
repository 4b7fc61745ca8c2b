import { DeviceProfiles, type TelematicsConfig, type TerminalInfo } from '../../modules/telematics';
import { DemoCar, type Spot } from './demo-car';
import { loopFor } from './route';
import { SimulatedTerminal } from './simulated-terminal';

export interface DemoFleet {
  /** The cars by vehicle id (tests look at what they report). */
  readonly cars: ReadonlyMap<number, DemoCar>;
  /** One look at the trips: cars on a departed trip drive it, the others park (also run on a timer). */
  follow(): Promise<void>;
  close(): void;
}

/** A car of the demo fleet: its terminal, its record's odometer and where its unit parks. */
export interface DemoVehicle extends TerminalInfo {
  odometerHm: number;
  home: Spot;
}

/**
 * Where a unit's cars park in the demo: a spot of its own around Shijiazhuang's centre (units have no
 * address yet), its `bay`-th car a few hundred metres along, so the map shows each car, not one dot.
 */
export function unitSpot(unitId: number, bay = 0): Spot {
  return { lat: 38.0428 + (((unitId * 37) % 17) - 8) * 0.004 + bay * 0.003, lng: 114.5149 + (((unitId * 53) % 19) - 9) * 0.005 + bay * 0.004 };
}

/** What the demo fleet needs of the trips: the cars on a departed trip now, with the trip's route (GCJ-02 as the map gives it). */
export interface DemoTripSource {
  onTheRoad(): Promise<Array<{ vehicleId: number; tripId: number; route: Spot[] }>>;
}

export interface DemoFleetOptions {
  /** How often the cars look at the trips. */
  followMs?: number;
  /** Each car is offline for `offlineMs` once every `offlineEveryMs` (in turn, so about one car at a time); 0: never. */
  offlineEveryMs?: number;
  offlineMs?: number;
  /** The cars' speed on a trip (a town's, 40 km/h). */
  speedKmh?: number;
}

/** Whether car `i` of `n` is the one offline at `now`: each in turn, for `offlineMs` of every `offlineEveryMs`. */
export function offlineNow(i: number, n: number, now: number, offlineEveryMs: number, offlineMs: number): boolean {
  if (offlineEveryMs <= 0 || n < 2) return false;
  const slot = Math.floor(now / offlineEveryMs);
  return slot % n === i && now - slot * offlineEveryMs < offlineMs;
}

/**
 * The demo cars of SIMULATOR_ENABLED, started by the composition root like the WeChat fakes: every
 * vehicle with a terminal phone speaks JT/T 808 to the platform's own gateway, as a real terminal
 * would, and tells the truth about the platform's own trips — parked at its unit's spot with the
 * ignition off when idle, driving only on a departed trip along its route, its odometer going on
 * from the vehicle's record; now and then one car is offline, so the map shows both states.
 */
export function startDemoFleet(
  config: TelematicsConfig,
  gatewayPort: number,
  vehicles: DemoVehicle[],
  logger: { info(obj: object, msg: string): void },
  trips: DemoTripSource,
  options: DemoFleetOptions = {},
): DemoFleet {
  const profiles = new DeviceProfiles(config.profiles);
  const followMs = options.followMs ?? 5_000;
  const offlineEvery = options.offlineEveryMs ?? config.simulator.offlineEveryMinutes * 60_000;
  const offlineFor = options.offlineMs ?? 4 * 60_000;
  const cars = new Map<number, DemoCar>();
  const terminals = vehicles.map((v, i) => {
    const car = new DemoCar(v.home, v.odometerHm);
    cars.set(v.vehicleId, car);
    // A 2013 terminal's phone is BCD[6] (12 digits), a 2019 one's BCD[10]: the registered number says which edition it speaks.
    const t = new SimulatedTerminal({
      phone: v.phone, plate: v.plate, edition: v.phone.length > 12 ? 2019 : 2013, firmware: profiles.resolve(v.deviceModel), loop: loopFor(i), motion: car,
    });
    return { t, index: i, online: false, busy: false };
  });
  let closed = false;

  const goOnline = async (x: (typeof terminals)[number]) => {
    if (x.busy || closed) return;
    x.busy = true;
    try {
      await x.t.connect({ host: '127.0.0.1', port: gatewayPort });
      await x.t.login();
      x.t.drive(config.simulator.intervalMs);
      x.online = true;
    } catch {
      x.t.close();
    } finally {
      x.busy = false;
    }
  };
  const goOffline = (x: (typeof terminals)[number]) => {
    x.t.stopDriving();
    x.t.close();
    x.online = false;
  };

  const follow = async () => {
    const now = Date.now();
    let onRoad: Awaited<ReturnType<DemoTripSource['onTheRoad']>> = [];
    try {
      onRoad = await trips.onTheRoad();
    } catch {
      return; // the platform is busy or closing: the cars keep what they were doing
    }
    const driving = new Map(onRoad.map((r) => [r.vehicleId, r]));
    for (const [vehicleId, car] of cars) {
      const r = driving.get(vehicleId);
      if (r) car.drive(r.tripId, r.route, now, options.speedKmh);
      else car.park(now);
    }
    for (const x of terminals) {
      const off = offlineNow(x.index, terminals.length, now, offlineEvery, offlineFor);
      if (off && x.online) goOffline(x);
      else if (!off && !x.online) await goOnline(x);
    }
  };

  // In the background: the platform must not wait for its own demo cars to start.
  let timer: NodeJS.Timeout | null = null;
  void follow().then(() => {
    if (closed) return;
    logger.info({ terminals: terminals.length }, 'simulated fleet following the trips (SIMULATOR_ENABLED)');
    timer = setInterval(() => void follow(), followMs);
    timer.unref();
  });
  return {
    cars,
    follow,
    close() {
      closed = true;
      if (timer) clearInterval(timer);
      for (const x of terminals) goOffline(x);
    },
  };
}
