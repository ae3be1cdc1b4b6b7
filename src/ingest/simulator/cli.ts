import type pg from 'pg';
import type { PlateColour, VehicleClass } from '../../modules/vehicles/index.js';
import { ConfigError } from '../../platform/config/index.js';
import { VIOLATION_KINDS, type ViolationKind, type ViolationRates } from './motion.js';
import { type SimulatedVehicle, type SimulationStats, startSimulation } from './simulation.js';

export const SIMULATE_USAGE = `usage: gongzhi simulate --vehicles N --interval S [--host H] [--port P] [--seed X] [--duration S]
                       [--violations overspeed=0.1,long_parking=0.02,emergency=0.02,night_driving=0.1,offline=0.02]
                       [--start ISO-TIME] [--time-scale K]
  Drives N registered vehicles' terminals over TCP to the JT/T 808 gateway (default 127.0.0.1:JT808_PORT), one
  report every S seconds each; rates are per vehicle-hour (night_driving: per coach and night).`;

export interface SimulateArgs {
  vehicles: number;
  intervalS: number;
  host: string;
  port: number;
  seed: number;
  durationS: number | null;
  violations: Partial<ViolationRates>;
  startTime: number | undefined;
  timeScale: number;
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** Parses the arguments after `simulate`; throws ConfigError naming the bad one. */
export function parseSimulateArgs(args: readonly string[], defaultPort: number): SimulateArgs {
  const known = new Set([
    '--vehicles',
    '--interval',
    '--host',
    '--port',
    '--seed',
    '--duration',
    '--violations',
    '--start',
    '--time-scale',
  ]);
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const [name, inline] =
      a.includes('=') && a.startsWith('--') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    if (!known.has(name)) throw new ConfigError(`simulate: unknown argument '${a}'\n${SIMULATE_USAGE}`);
    const value = inline ?? args[++i];
    if (value === undefined) throw new ConfigError(`simulate: ${name} needs a value`);
    values.set(name, value);
  }
  const number = (name: string, fallback: number, ok: (n: number) => boolean, what: string) => {
    const text = values.get(name);
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isFinite(n) || !ok(n)) throw new ConfigError(`simulate: ${name} must be ${what}, not '${text}'`);
    return n;
  };
  const violations: Partial<ViolationRates> = {};
  for (const part of (values.get('--violations') ?? '').split(',').filter(Boolean)) {
    const [kind, rate] = part.split('=');
    if (!VIOLATION_KINDS.includes(kind as ViolationKind)) {
      throw new ConfigError(`simulate: --violations: unknown kind '${kind}'; use ${VIOLATION_KINDS.join(', ')}`);
    }
    const n = Number(rate);
    if (!Number.isFinite(n) || n < 0) throw new ConfigError(`simulate: --violations: ${kind} needs a rate ≥ 0, e.g. ${kind}=0.05`);
    violations[kind as ViolationKind] = n;
  }
  const start = values.get('--start');
  const startTime = start === undefined ? undefined : Date.parse(start);
  if (startTime !== undefined && Number.isNaN(startTime)) {
    throw new ConfigError(`simulate: --start must be a time such as 2026-12-07T01:30:00+08:00, not '${start}'`);
  }
  const port = number('--port', defaultPort, (n) => Number.isInteger(n) && n > 0 && n < 65536, 'a TCP port');
  if (!port) throw new ConfigError('simulate: no gateway port: pass --port, or set JT808_PORT as for `gongzhi start`');
  return {
    vehicles: number('--vehicles', 100, (n) => Number.isInteger(n) && n > 0, 'a positive whole number'),
    intervalS: number('--interval', 10, (n) => n > 0 && n <= 3600, 'a number of seconds in (0, 3600]'),
    host: values.get('--host') ?? '127.0.0.1',
    port,
    seed: number('--seed', 1, Number.isInteger, 'a whole number'),
    durationS: values.has('--duration') ? number('--duration', 0, (n) => n > 0, 'a positive number of seconds') : null,
    violations,
    startTime,
    timeScale: number('--time-scale', 1, (n) => n > 0 && n <= 100_000, 'a number in (0, 100000]'),
  };
}

/** The first N vehicles of the register (by terminal number). */
export async function registeredVehicles(pool: pg.Pool, limit: number): Promise<SimulatedVehicle[]> {
  const { rows } = await pool.query<{ terminal_number: string; plate_number: string; plate_colour: PlateColour; class: VehicleClass }>(
    'select terminal_number, plate_number, plate_colour, class from vehicles.vehicle order by terminal_number limit $1',
    [limit],
  );
  return rows.map((r) => ({ terminal: r.terminal_number, plate: r.plate_number, plateColour: r.plate_colour, class: r.class }));
}

export function progressLine(s: SimulationStats, elapsedS: number, ackedBefore: number, windowS: number): string {
  const kinds = VIOLATION_KINDS.filter((k) => s.violations[k] > 0).map((k) => `${k} ${s.violations[k]}`);
  return `${fmt(elapsedS)} s  ${fmt(s.online)}/${fmt(s.vehicles)} online  sent ${fmt(s.sent)}  acknowledged ${fmt(s.acknowledged)} (${fmt((s.acknowledged - ackedBefore) / windowS)}/s)  pending ${fmt(s.pending)}  reconnects ${fmt(s.reconnects)}${kinds.length ? `  violations: ${kinds.join(', ')}` : ''}  simulated ${new Date(s.simulatedTime + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')} CST`;
}

export function summaryLines(s: SimulationStats, elapsedS: number): string[] {
  return [
    `simulated ${fmt(s.vehicles)} vehicles for ${fmt(elapsedS, 1)} s: sent ${fmt(s.sent)} location reports, acknowledged ${fmt(s.acknowledged)} (${fmt(s.acknowledged / Math.max(elapsedS, 1e-9), 1)}/s), rejected ${fmt(s.rejected)}, resent ${fmt(s.resent)}, unacknowledged at the end ${fmt(s.pending)}`,
    `  heartbeats ${fmt(s.heartbeats)}, reconnects ${fmt(s.reconnects)}, registrations refused ${fmt(s.refused)}`,
    `  violations injected: ${VIOLATION_KINDS.map((k) => `${k} ${fmt(s.violations[k])}`).join(', ')}`,
  ];
}

/**
 * `gongzhi simulate`: reads N vehicles from the register, drives their terminals until the duration ends
 * or Ctrl-C, printing progress every 5 s and a summary at the end.
 */
export async function runSimulate(
  args: readonly string[],
  deps: {
    defaultPort: number;
    open: () => Promise<{ database: { pool: pg.Pool }; close(): Promise<void> }>;
    out: (s: string) => void;
    err: (s: string) => void;
  },
): Promise<void> {
  const parsed = parseSimulateArgs(args, deps.defaultPort);
  const storage = await deps.open().catch((error: unknown) => {
    if ((error as Error).name !== 'DataDirInUseError') throw error;
    throw new ConfigError(
      `simulate: ${(error as Error).message}. The simulator reads the vehicle register from the platform's database: run the platform on a PostgreSQL server (DATABASE_URL) and give simulate the same DATABASE_URL`,
    );
  });
  let vehicles: SimulatedVehicle[];
  try {
    vehicles = await registeredVehicles(storage.database.pool, parsed.vehicles);
  } finally {
    await storage.close();
  }
  if (vehicles.length === 0) {
    throw new ConfigError('simulate: no vehicles are registered; load the demo fleet (gongzhi demo) or register vehicles first');
  }
  if (vehicles.length < parsed.vehicles) {
    deps.err(
      `simulate: only ${fmt(vehicles.length)} vehicles are registered, fewer than the ${fmt(parsed.vehicles)} asked for; simulating those ${fmt(vehicles.length)}\n`,
    );
  }
  const started = performance.now();
  const simulation = startSimulation({
    host: parsed.host,
    port: parsed.port,
    vehicles,
    intervalMs: parsed.intervalS * 1000,
    seed: parsed.seed,
    violations: parsed.violations,
    ...(parsed.startTime === undefined ? {} : { startTime: parsed.startTime }),
    timeScale: parsed.timeScale,
  });
  deps.err(
    `simulating ${fmt(vehicles.length)} terminals against ${parsed.host}:${parsed.port}, one report every ${parsed.intervalS} s each${parsed.durationS ? ` for ${parsed.durationS} s` : '; Ctrl-C stops'}\n`,
  );
  let ackedBefore = 0;
  const progress = setInterval(() => {
    const s = simulation.stats();
    deps.err(`${progressLine(s, (performance.now() - started) / 1000, ackedBefore, 5)}\n`);
    ackedBefore = s.acknowledged;
  }, 5000);
  await new Promise<void>((resolve) => {
    const timer = parsed.durationS ? setTimeout(resolve, parsed.durationS * 1000) : null;
    const onSignal = () => {
      if (timer) clearTimeout(timer);
      resolve();
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  clearInterval(progress);
  await simulation.stop();
  deps.out(`${summaryLines(simulation.stats(), (performance.now() - started) / 1000).join('\n')}\n`);
}
