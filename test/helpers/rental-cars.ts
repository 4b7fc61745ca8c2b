import request from 'supertest';
import type { TestApp } from './test-deps';
import { seedUnitId } from './seed-lookup';
import { UnitEntity, UserEntity, UserRoleEntity } from '../../server/src/modules/identity/identity.entity';
import { VehicleEntity } from '../../server/src/modules/fleet/fleet.entity';
import { SimulatedTerminal, loopFor } from '../../server/src/fakes/jt808-terminal';
import type { Misbehaviour } from '../../server/src/fakes/jt808-terminal';
import { normalizePhone } from '../../server/src/modules/telematics';

export const RENTAL_COMPANY = '河北公务出行汽车租赁有限公司';
/** Seeded stations (server/src/seed/rental-seed.ts), WGS-84. */
export const STATION_NORTH_SQUARE = { lat: 38.01262, lng: 114.47925 };
export const MUSEUM = { lat: 38.04393, lng: 114.51155 };

export interface Spot { lat: number; lng: number }

/**
 * A time-share car with its JT/T 808 terminal, simulated against the app's gateway over TCP. The
 * test moves it (`driveTo`: position and odometer, ignition on) and parks it (`park`: ignition off);
 * the door lock is the terminal's own, changed only by 0x8500 commands.
 */
export class RentalCarSim {
  private at: Spot;
  private odometerHm: number;
  private moving = false;
  /** Fuel level in 0.1 L the terminal reports (item 0x02); null: the terminal reports none (an NEV). */
  private fuelDl: number | null = null;
  readonly terminal: SimulatedTerminal;

  constructor(readonly vehicleId: number, readonly plate: string, phone: string, home: Spot, odometerHm: number, index = 1) {
    this.at = home;
    this.odometerHm = odometerHm;
    this.terminal = new SimulatedTerminal({
      phone: normalizePhone(phone), plate, edition: phone.length > 12 ? 2019 : 2013, loop: loopFor(index),
      motion: {
        fixAt: () => ({ lat: this.at.lat, lon: this.at.lng, direction: 0, speedKmh: this.moving ? 30 : 0, moving: this.moving }),
        odometerHmAt: () => this.odometerHm,
        fuelDlAt: () => this.fuelDl,
      },
    });
  }

  async connect(t: TestApp): Promise<this> {
    await this.terminal.connect({ host: '127.0.0.1', port: t.deps.telematics.gatewayPort });
    await this.terminal.login();
    await this.report();
    return this;
  }

  /** Sends a 0x0200 now; resolves when the platform has stored it. */
  async report(): Promise<void> {
    const r = await this.terminal.report();
    if (r !== 0) throw new Error(`report of ${this.plate} answered ${r}`);
  }

  async driveTo(spot: Spot, km: number): Promise<void> {
    this.moving = true;
    this.at = spot;
    this.odometerHm += Math.round(km * 10);
    await this.report();
  }

  /** The tank reads `litres` from now on; resolves when the platform has stored the report. */
  async fuel(litres: number): Promise<void> {
    this.fuelDl = Math.round(litres * 10);
    await this.report();
  }

  async park(): Promise<void> {
    this.moving = false;
    await this.report();
  }

  misbehave(b: Misbehaviour): void {
    this.terminal.behaviour = b;
  }

  close(): void {
    this.terminal.close();
  }
}

/** The seeded time-share car by plate, with its simulated terminal connected and reporting at `home`. */
export async function rentalCar(t: TestApp, plate: string, home: Spot, index = 1): Promise<RentalCarSim> {
  const v = await t.deps.db.manager.findOneByOrFail(VehicleEntity, { plate });
  return new RentalCarSim(v.id, plate, v.terminalPhone!, home, Number(v.odometerHm), index).connect(t);
}

/** The rental car id (rental's own) of a seeded plate, as the API lists it. */
export async function carIdOf(t: TestApp, auth: string, plate: string): Promise<number> {
  const res = await request(t.callback).get('/api/rental/cars').set('Authorization', auth);
  const car = (res.body.cars as Array<{ id: number; plate: string }>).find((c) => c.plate === plate);
  if (!car) throw new Error(`${plate} is not listed as available: ${JSON.stringify(res.body)}`);
  return car.id;
}

/** `n` civil servants of 王建国's unit (applicants with a WeChat openid), signed in; returns their bearer headers. */
export async function rentalUsers(t: TestApp, n: number, prefix = '租车人'): Promise<Array<{ userId: number; Authorization: string }>> {
  const wang = await t.deps.db.manager.findOneByOrFail(UserEntity, { name: '王建国' });
  const unit = await t.deps.db.manager.findOneByOrFail(UnitEntity, { id: wang.unitId });
  const out = [];
  for (let i = 0; i < n; i++) {
    const u = await t.deps.db.manager.save(UserEntity, t.deps.db.manager.create(UserEntity, {
      name: `${prefix}${i + 1}`, phone: `1390311${String(i).padStart(4, '0')}`, unitId: unit.id, regionCode: unit.regionCode,
      openid: `rental-openid-${prefix}-${i}`, status: 'active',
    }));
    await t.deps.db.manager.insert(UserRoleEntity, { userId: u.id, role: 'applicant' });
    const res = await request(t.callback).post('/api/auth/demo-login').send({ userId: u.id });
    if (res.status !== 200) throw new Error(`demo login failed ${res.status}`);
    out.push({ userId: u.id, Authorization: `Bearer ${res.body.token}` });
  }
  return out;
}

export const companyId = (t: TestApp) => seedUnitId(t, RENTAL_COMPANY);
