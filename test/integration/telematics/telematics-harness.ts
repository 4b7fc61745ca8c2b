import 'reflect-metadata';
import RedisMock from 'ioredis-mock';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { Database } from '../../../server/src/platform/db/database';
import { Telematics1764200000000 } from '../../../server/src/migrations/1764200000000-telematics';
import { TelematicsEntities } from '../../../server/src/modules/telematics/telematics.entities';
import { TelematicsRepository } from '../../../server/src/modules/telematics/telematics.repository';
import { createGateway } from '../../../server/src/modules/telematics/gateway/gateway.factory';
import type { Jt808Gateway } from '../../../server/src/modules/telematics/gateway/gateway.server';
import { CommandBus } from '../../../server/src/modules/telematics/gateway/command-bus';
import { TerminalRegistry } from '../../../server/src/modules/telematics/gateway/terminal-registry';
import { CommandService, type CommandSettings } from '../../../server/src/modules/telematics/command.service';
import { DeviceProfiles, type DeviceProfile, type Edition } from '../../../server/src/modules/telematics/jt808';
import type { TelematicsEvent, TerminalDirectory, TerminalInfo } from '../../../server/src/modules/telematics/telematics.ports';
import { SimulatedTerminal } from '../../../server/src/fakes/jt808-terminal/simulated-terminal';
import { loopFor } from '../../../server/src/fakes/jt808-terminal/route';

/** A directory of fake vehicles: vehicle n has terminal phone 1390000000n and plate 冀A0000n. */
export class FakeDirectory implements TerminalDirectory {
  readonly byPhone = new Map<string, TerminalInfo>();
  add(vehicleId: number, deviceModel: string | null = null): TerminalInfo {
    const info = { vehicleId, phone: phoneOf(vehicleId), plate: plateOf(vehicleId), unitId: 1, deviceModel };
    this.byPhone.set(info.phone, info);
    return info;
  }
  async findByPhone(phone: string) {
    return this.byPhone.get(phone) ?? null;
  }
  async findByVehicleId(vehicleId: number) {
    return [...this.byPhone.values()].find((t) => t.vehicleId === vehicleId) ?? null;
  }
}
export const phoneOf = (vehicleId: number) => String(13900000000 + vehicleId);
export const plateOf = (vehicleId: number) => `冀A${String(vehicleId).padStart(5, '0')}`;

export const FAST_COMMANDS: CommandSettings = { deadlineMs: 1500, firstTimeoutMs: 200, retries: 2, perVehiclePerMinute: 5, waitMs: 3000 };

export interface Harness {
  ds: DataSource;
  redis: Redis;
  repo: TelematicsRepository;
  directory: FakeDirectory;
  gateway: Jt808Gateway;
  commands: CommandService;
  events: TelematicsEvent[];
  port: number;
  terminal(vehicleId: number, edition: Edition, firmware?: DeviceProfile): Promise<SimulatedTerminal>;
  close(): Promise<void>;
}

let harnessSeq = 0;

export async function startHarness(opts: { profiles?: DeviceProfile[]; heartbeatTimeoutMs?: number; commands?: CommandSettings } = {}): Promise<Harness> {
  const ds = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: TelematicsEntities, migrations: [Telematics1764200000000] });
  await ds.initialize();
  await ds.runMigrations();
  const redis = new RedisMock({ data: {} }) as unknown as Redis;
  await redis.flushall();
  const repo = new TelematicsRepository(new Database(ds, 'sqlite'));
  const directory = new FakeDirectory();
  const events: TelematicsEvent[] = [];
  const gateway = createGateway(
    { redis, directory, positions: repo, events: { publish: (e) => events.push(e) }, profiles: new DeviceProfiles(opts.profiles ?? []) },
    {
      host: '127.0.0.1', port: 0, workerId: `w-test-${++harnessSeq}`, authSecret: 'test-secret', heartbeatTimeoutMs: opts.heartbeatTimeoutMs ?? 30_000,
      splitIdleMs: 300, maxConnections: 1000, flush: { maxRows: 100, intervalMs: 20, highWater: 10_000 },
    },
  );
  await gateway.start();
  const bus = new CommandBus(redis);
  const commands = new CommandService(repo, directory, new TerminalRegistry(redis, 60), bus, redis, opts.commands ?? FAST_COMMANDS);
  await commands.start();
  const port = gateway.address.port;
  const terminals: SimulatedTerminal[] = [];
  return {
    ds, redis, repo, directory, gateway, commands, events, port,
    async terminal(vehicleId, edition, firmware) {
      const t = new SimulatedTerminal({ phone: phoneOf(vehicleId), edition, plate: plateOf(vehicleId), loop: loopFor(vehicleId), firmware }, 5000);
      terminals.push(t);
      await t.connect({ host: '127.0.0.1', port });
      await t.login();
      return t;
    },
    async close() {
      for (const t of terminals) t.close();
      commands.stop();
      await bus.close();
      await gateway.stop();
      await ds.destroy();
      redis.disconnect();
    },
  };
}

/** Polls a condition until it holds (or the test's own timeout ends it). */
export async function until(cond: () => boolean | Promise<boolean>, stepMs = 10): Promise<void> {
  while (!(await cond())) await new Promise((r) => setTimeout(r, stepMs));
}
