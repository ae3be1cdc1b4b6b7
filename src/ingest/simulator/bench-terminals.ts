/**
 * The ingest benchmark's terminals as simulated vehicles (`npm run bench:ingest -- --simulator`): the same
 * vehicles bench/ingest.ts registers, driven by `startSimulation` (one report in flight per terminal,
 * sent every interval, resent on timeout), in a child process of its own. Speaks the JSON-lines protocol
 * of bench/ingest-terminals.ts: `ready`, `measure-start`, `measure-end`, `result`.
 *
 *   node --import tsx src/ingest/simulator/bench-terminals.ts '{"port":7808,"terminals":2000,"intervalMs":200,"warmupS":3,"seconds":10,"timeBase":…}'
 */
import { startSimulation } from './simulation.js';

interface Config {
  port: number;
  /** Terminal i has number 1(3000000000 + i) and plate 沪B + i, as the benchmark registered them. */
  terminals: number;
  intervalMs: number;
  warmupS: number;
  seconds: number;
  /** Epoch ms of the simulated clock at the start. */
  timeBase: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as Config;
const say = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(o)}\n`);

let measuring = false;
let acked = 0;
let latencies = new Float64Array(1 << 20);
let latencyCount = 0;

const simulation = startSimulation({
  port: config.port,
  vehicles: Array.from({ length: config.terminals }, (_, i) => ({
    terminal: `1${String(3_000_000_000 + i)}`,
    plate: `沪B${String(i).padStart(6, '0')}`,
    plateColour: 'yellow' as const,
    class: 'heavy_freight' as const,
  })),
  intervalMs: config.intervalMs,
  startTime: config.timeBase,
  // A large fleet signs on as fast as the gateway lets it.
  maxConnecting: 500,
  onAcknowledged: (_v, _time, latencyMs) => {
    if (!measuring) return;
    acked++;
    if (latencyCount === latencies.length) {
      const bigger = new Float64Array(latencies.length * 2);
      bigger.set(latencies);
      latencies = bigger;
    }
    latencies[latencyCount++] = latencyMs;
  },
});
await simulation.ready;
say({ phase: 'ready', terminals: config.terminals, refused: simulation.stats().refused });

await new Promise((r) => setTimeout(r, config.warmupS * 1000));
const cpu0 = process.cpuUsage();
const t0 = performance.now();
measuring = true;
say({ phase: 'measure-start' });
await new Promise((r) => setTimeout(r, config.seconds * 1000));
measuring = false;
const elapsed = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
say({ phase: 'measure-end' });
await simulation.stop(30_000);
const stats = simulation.stats();
const sorted = latencies.subarray(0, latencyCount).sort();
const pct = (p: number) =>
  latencyCount ? (sorted[Math.min(latencyCount - 1, Math.floor((p / 100) * latencyCount))] as number) : Number.NaN;
say({
  phase: 'result',
  acked,
  seconds: elapsed,
  perSecond: acked / elapsed,
  p50: pct(50),
  p99: pct(99),
  max: latencyCount ? sorted[latencyCount - 1] : Number.NaN,
  cpuPercent: ((cpu.user + cpu.system) / 1e6 / elapsed) * 100,
  unacknowledgedAtEnd: stats.pending,
  sent: stats.sent,
  violations: stats.violations,
});
process.exit(0);
