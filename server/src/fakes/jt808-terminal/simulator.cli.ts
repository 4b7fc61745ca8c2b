/**
 * JT/T 808 terminal simulator.
 *   tsx server/src/fakes/jt808-terminal/simulator.cli.ts --count 100 --port 7611 --first-phone 13800000000
 * Options: --host, --hosts a,b (destinations), --local a,b (source addresses), --edition 2013|2019|mixed,
 * --interval ms, --duration s (0 = until Ctrl-C), --concurrency n, --misbehave none|noReply|lateReply|
 * wrongPolarity|disconnectOnCommand|garbage, --wait-go (start driving on a "go" line on stdin),
 * --json (JSON lines on stdout: ready, stats, done), --trace-commands (a 'cmd' line per command received).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Edition } from '../../modules/telematics';
import { percentile, SimulatorFleet, simulatedIdentity } from './fleet';
import type { Misbehaviour } from './simulated-terminal';

const { values: a } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    hosts: { type: 'string' },
    port: { type: 'string', default: process.env.JT808_PORT ?? '7611' },
    local: { type: 'string' },
    count: { type: 'string', default: '10' },
    'first-phone': { type: 'string', default: '13800000000' },
    edition: { type: 'string', default: 'mixed' },
    interval: { type: 'string', default: '5000' },
    duration: { type: 'string', default: '0' },
    concurrency: { type: 'string', default: '200' },
    misbehave: { type: 'string', default: 'none' },
    'wait-go': { type: 'boolean', default: false },
    'trace-commands': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

const list = (s: string | undefined) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : undefined);
const out = (event: string, data: object) => {
  if (a.json) process.stdout.write(`${JSON.stringify({ event, ...data })}\n`);
  else console.log(event, data);
};

async function main(): Promise<void> {
  const count = Number(a.count);
  const first = Number(a['first-phone']);
  const editionOf = (i: number): Edition => (a.edition === '2013' ? 2013 : a.edition === '2019' ? 2019 : i % 2 ? 2019 : 2013);
  const fleet = new SimulatorFleet(
    Array.from({ length: count }, (_, i) => ({ ...simulatedIdentity(first, i), edition: editionOf(i) })),
    { host: a.host as string, hosts: list(a.hosts), port: Number(a.port), localAddresses: list(a.local), concurrency: Number(a.concurrency) },
  );
  fleet.setBehaviour(a.misbehave as Misbehaviour);
  // Diagnostics for the benchmark: when each platform command reached its terminal (a JSON line each).
  if (a['trace-commands']) for (const t of fleet.terminals) t.onCommand = (kind) => out('cmd', { phone: t.spec.phone, kind, at: Date.now() });
  const t0 = Date.now();
  await fleet.connectAll();
  out('ready', { ...fleet.stats(), connectMs: Date.now() - t0 });
  if (a['wait-go']) await waitForLine('go');
  fleet.drive(Number(a.interval));
  const lag = monitorEventLoopDelay({ resolution: 20 });
  lag.enable();
  const ticker = setInterval(() => {
    out('stats', { ...fleet.stats(), lagMaxMs: Math.round(lag.max / 1e6) });
    lag.reset();
  }, 5000);
  const finish = async () => {
    clearInterval(ticker);
    fleet.stopDriving();
    // Reports in flight get their reply (or time out) before the final count.
    const deadline = Date.now() + 35_000;
    while (Date.now() < deadline) {
      const s = fleet.stats();
      if (s.acked + s.failed >= s.sent) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const lat = fleet.reportLatency.values;
    out('done', { ...fleet.stats(), reportP50: percentile(lat, 50), reportP99: percentile(lat, 99), samples: lat });
    fleet.close();
    setTimeout(() => process.exit(0), 100);
  };
  const duration = Number(a.duration);
  if (duration > 0) setTimeout(() => void finish(), duration * 1000);
  process.on('SIGINT', () => void finish());
  process.on('SIGTERM', () => void finish());
}

function waitForLine(word: string): Promise<void> {
  return new Promise((resolve) => {
    let buf = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (d: string) => {
      buf += d;
      if (buf.split('\n').some((l) => l.trim() === word)) resolve();
    });
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
