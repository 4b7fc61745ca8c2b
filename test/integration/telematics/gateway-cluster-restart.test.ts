import path from 'node:path';
import { GatewayCluster } from '../../../server/src/modules/telematics/gateway/gateway.cluster';

/**
 * The gateway's primary process supervises its workers: a worker that dies while the gateway runs
 * is replaced under the same id (after a back-off), and stop() ends them all without replacing any.
 * Real processes (node:cluster); the worker is a stand-in speaking the same IPC.
 */
describe('gateway cluster supervision', () => {
  it('when a worker dies, then another takes its id and the cluster is whole again; stop() replaces nobody', async () => {
    const exits: string[] = [];
    const restarts: string[] = [];
    let restarted: () => void = () => undefined;
    const cluster = await GatewayCluster.start({
      workers: 2, env: { ...process.env }, exec: path.join(__dirname, '../../helpers/fixtures/stand-in-gateway-worker.cjs'),
      directory: { lookupPhone: async () => null } as never,
      onExit: (id) => exits.push(id),
      onRestart: (id) => { restarts.push(id); restarted(); },
    });
    try {
      const [first, second] = cluster.pids();
      expect(first).toBeDefined();
      expect(second).toBeDefined();
      const back = new Promise<void>((resolve) => { restarted = resolve; });
      process.kill(first!, 'SIGKILL');
      await back;
      expect(exits).toEqual(['w0']);
      expect(restarts).toEqual(['w0']);
      const now = cluster.pids();
      expect(now).toHaveLength(2);
      expect(now).toContain(second);
      expect(now).not.toContain(first);
    } finally {
      await cluster.stop();
    }
    expect(cluster.pids()).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(restarts).toEqual(['w0']);
  }, 30_000);
});
