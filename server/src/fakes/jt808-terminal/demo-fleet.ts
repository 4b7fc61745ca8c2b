import { DeviceProfiles, type TelematicsConfig, type TerminalInfo } from '../../modules/telematics';
import { SimulatorFleet } from './fleet';

export interface DemoFleet {
  close(): void;
}

/**
 * The demo cars of SIMULATOR_ENABLED: every vehicle with a terminal phone drives against the
 * platform's own gateway, as real terminals would. Started by the composition root, like the
 * WeChat fakes, so the telematics capability knows nothing of its simulator.
 */
export function startDemoFleet(
  config: TelematicsConfig,
  gatewayPort: number,
  vehicles: TerminalInfo[],
  logger: { info(obj: object, msg: string): void },
): DemoFleet {
  const profiles = new DeviceProfiles(config.profiles);
  // A 2013 terminal's phone is BCD[6] (12 digits), a 2019 one's BCD[10]: the registered number says which edition it speaks.
  const terminals = vehicles.map((t) => ({
    phone: t.phone, plate: t.plate, edition: t.phone.length > 12 ? (2019 as const) : (2013 as const), firmware: profiles.resolve(t.deviceModel),
  }));
  const fleet = new SimulatorFleet(terminals, { host: '127.0.0.1', port: gatewayPort, concurrency: 20 });
  let closed = false;
  // In the background: the platform must not wait for its own demo cars to start.
  void fleet.connectAll().then(() => {
    if (closed) return;
    fleet.drive(config.simulator.intervalMs);
    logger.info({ terminals: terminals.length }, 'simulated fleet driving (SIMULATOR_ENABLED)');
  });
  return {
    close() {
      closed = true;
      fleet.stopDriving();
      fleet.close();
    },
  };
}
