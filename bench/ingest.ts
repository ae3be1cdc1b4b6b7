/**
 * Vehicle position ingest benchmark. Simulated terminals (a child process)
 * send JT/T 808 location reports over loopback TCP to the gateway (this
 * process); a position counts once it is acknowledged, which the gateway
 * does only after the batch holding it has committed. Printed beside it, in
 * the same run against the same PostgreSQL: a raw COPY of the same rows into
 * the same table, and the codec alone (frames decoded per second).
 *
 *   npm run bench:ingest
 *   npm run bench:ingest -- --terminals 5000 --window 8 --seconds 10
 *   DATABASE_URL=postgres://… npm run bench:ingest      # an existing server instead of the embedded one
 *   npm run bench:ingest -- --simulator --interval 200   # terminals as simulated vehicles (src/ingest/simulator):
 *                                                         # one report in flight each, one every --interval ms
 *   npm run bench:ingest -- --connections 19000          # also hold N idle authenticated terminals (heartbeat every
 *                                                         # --heartbeat s) from client processes (bench/ingest-hold.ts);
 *                                                         # prints memory per connection and heartbeat latency under load
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Kysely } from 'kysely';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { createModules, type Database, moduleMigrations } from '../src/app.js';
import { encodeFrame } from '../src/ingest/jt808/frame.js';
import { startGateway } from '../src/ingest/jt808/gateway.js';
import { decodeLocation, encodeLocation, item } from '../src/ingest/jt808/location.js';
import { FrameSplitter } from '../src/ingest/jt808/splitter.js';
import { createPositionStore, type PositionRecord } from '../src/modules/vehicles/index.js';
import { COPY_BINARY_HEADER, COPY_BINARY_TRAILER, PositionCopyEncoder } from '../src/modules/vehicles/positions.copy.js';
import { copyLine } from '../src/modules/vehicles/vehicles.rules.js';
import { systemClock } from '../src/platform/clock/index.js';
import { loadConfig } from '../src/platform/config/index.js';
import { migrate, openDatabase, startEmbeddedPostgres } from '../src/platform/db/index.js';
import { createLogger } from '../src/platform/logging/index.js';
import { type HeldConnections, holdConnections, kernelTcpBytes, openFilesLimit } from './ingest-hold.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
/** Idle authenticated terminals held besides the loaded ones (0: none). */
const idleCount = arg('connections', 0);
const heartbeatS = arg('heartbeat', 30);
// Beside many idle connections, fewer loaded ones: together they must fit the gateway's open-files limit.
const terminalCount = arg('terminals', idleCount ? 500 : 2000);
const window = arg('window', 8);
const seconds = arg('seconds', 10);
const warmupS = arg('warmup', 3);
const concurrency = arg('writers', 3);
const latestIntervalMs = arg('latest-interval', 1000);
/** Terminals as the simulator drives them (moving vehicles, one report in flight) instead of `window` reports in flight. */
const useSimulator = process.argv.includes('--simulator');
const reportIntervalMs = arg('interval', 200);
const BATCH_ROWS = 20_000;

const logger = createLogger((process.env.BENCH_LOG_LEVEL ?? 'warn') as 'warn');
// One socket per terminal, plus the database connections and what node itself holds.
const fdLimit = openFilesLimit();
// A full collection before each memory reading, so what is read is what the connections hold.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
const settle = async () => {
  for (let i = 0; i < 3; i++) {
    collect();
    await new Promise((r) => setTimeout(r, 200));
  }
};
if (idleCount + terminalCount + concurrency + 100 > fdLimit) {
  process.stderr.write(
    `bench:ingest: ${idleCount} idle + ${terminalCount} loaded terminals do not fit this process's open-files limit of ${fdLimit} ` +
      `(at most ${fdLimit - terminalCount - concurrency - 100} idle ones with --terminals ${terminalCount}); raise it with ulimit -n / LimitNOFILE\n`,
  );
  process.exit(2);
}
let embedded: Awaited<ReturnType<typeof startEmbeddedPostgres>> | undefined;
let dataDir: string | undefined;
let url = process.env.DATABASE_URL;
/** The scratch database made on a given server, dropped at the end. */
let scratch: { adminUrl: string; name: string } | undefined;
if (!url) {
  dataDir = mkdtempSync(path.join(tmpdir(), 'gongzhi-bench-ingest-'));
  embedded = await startEmbeddedPostgres({ dataDir, port: 0, logger });
  url = embedded.url;
} else {
  // A scratch database of its own on the given server.
  const admin = openDatabase<Database>(url, { poolSize: 1, logger });
  const name = `gz_bench_${randomUUID().slice(0, 8)}`;
  await admin.pool.query(`create database ${name}`);
  await admin.close();
  scratch = { adminUrl: url, name };
  const u = new URL(url);
  u.pathname = `/${name}`;
  url = u.toString();
}
const database = openDatabase<Database>(url, { poolSize: concurrency + 4, logger, applicationName: 'gongzhi-bench' });

/** Busy and total jiffies of the whole machine, from /proc/stat. */
function machineCpu(): { busy: number; total: number } {
  const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n');
  const v = (cpu ?? '').trim().split(/\s+/).slice(1).map(Number);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** COPYs the batches into the positions table, `concurrency` at a time, each a statement of its own; rows per second. */
async function rawCopy(batches: Buffer[], rowCount: number, binary: boolean): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const c = await database.pool.connect();
      try {
        while (next < batches.length) {
          const batch = batches[next++] as Buffer;
          await new Promise<void>((resolve, reject) => {
            const s = c.query(copyFrom(`copy vehicles.position from stdin${binary ? ' with (format binary)' : ''}`));
            s.on('finish', resolve);
            s.on('error', reject);
            s.end(batch);
          });
        }
      } finally {
        c.release();
      }
    }),
  );
  return rowCount / ((performance.now() - started) / 1000);
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

try {
  await migrate(database.db as Kysely<unknown>, moduleMigrations);
  const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'warn', DATA_DIR: dataDir ?? tmpdir() }, process.cwd());
  const { vehicles } = createModules({ db: database.db, clock: systemClock, config });
  const latest = vehicles.latest;
  const enterpriseId = randomUUID();
  // The same numbering as bench/ingest-terminals.ts.
  // Loaded terminals first, then the idle ones.
  const terminals = Array.from({ length: terminalCount + idleCount }, (_, i) => ({
    number: `1${String(3_000_000_000 + i)}`,
    plate: `沪B${String(i).padStart(6, '0')}`,
  }));
  for (let i = 0; i < terminals.length; i += 5000) {
    await vehicles.seed.insertVehicles(
      terminals.slice(i, i + 5000).map((t) => ({
        plateNumber: t.plate,
        plateColour: 'yellow',
        class: 'heavy_freight',
        enterpriseId,
        terminalNumber: t.number,
        sim: null,
        createdBy: null,
      })),
    );
  }

  const store = createPositionStore({
    pool: database.pool,
    clock: systemClock,
    logger,
    latest,
    options: { concurrency, latestIntervalMs },
  });
  await store.start();
  const gateway = await startGateway({
    terminals: vehicles.terminals,
    store,
    clock: systemClock,
    logger,
    host: '127.0.0.1',
    port: 0,
    options: { maxConnections: terminalCount + idleCount + 100 },
  });

  let held: HeldConnections | undefined;
  let heldMemory = { rssBefore: 0, rssAfter: 0, heapBefore: 0, heapAfter: 0, kernelBefore: 0, kernelAfter: 0, signOnS: 0 };
  if (idleCount) {
    await settle();
    heldMemory.rssBefore = process.memoryUsage().rss;
    heldMemory.heapBefore = process.memoryUsage().heapUsed;
    heldMemory.kernelBefore = kernelTcpBytes();
    const t0 = performance.now();
    process.stderr.write(`holding ${fmt(idleCount)} idle terminals…\n`);
    held = await holdConnections({
      port: gateway.port,
      first: terminalCount,
      count: idleCount,
      heartbeatS,
      perClient: 10_000,
      perAddress: 5_000,
    });
    heldMemory.signOnS = (performance.now() - t0) / 1000;
    // Let the sign-on's garbage go before reading what the connections hold.
    await new Promise((r) => setTimeout(r, 2000));
    await settle();
    heldMemory = {
      ...heldMemory,
      rssAfter: process.memoryUsage().rss,
      heapAfter: process.memoryUsage().heapUsed,
      kernelAfter: kernelTcpBytes(),
    };
    process.stderr.write(
      `${fmt(held.connected)} idle terminals authenticated in ${fmt(heldMemory.signOnS, 1)} s (${held.refused} refused), gateway holds ${fmt(gateway.connections())} connections\n`,
    );
  }

  // Raw COPY before the run, of rows like the simulator's (same vehicles, same shape), in the column order of the table.
  const vehicleIds = (await database.pool.query<{ id: string }>('select id from vehicles.vehicle order by terminal_number')).rows.map(
    (r) => r.id,
  );
  const synthetic: Buffer[] = [];
  const syntheticBinary: Buffer[] = [];
  const syntheticRows = 200_000;
  const extra = Buffer.from('01040001234530011431010c', 'hex');
  for (let b = 0; b < syntheticRows / BATCH_ROWS; b++) {
    const lines: string[] = [];
    const encoder = new PositionCopyEncoder();
    for (let j = 0; j < BATCH_ROWS; j++) {
      const i = b * BATCH_ROWS + j;
      const record: PositionRecord = {
        vehicleId: vehicleIds[i % vehicleIds.length] as string,
        time: Date.now() - 7_200_000 + Math.floor(i / vehicleIds.length) * 1000,
        receivedAt: Date.now(),
        latE6: 31_000_000 + (i % 500_000),
        lngE6: 121_000_000 + (i % 500_000),
        altitude: 10,
        speed: i % 1200,
        direction: i % 360,
        alarm: 0,
        status: 0x000c0003,
        mileage: 74565,
        backfill: false,
        itemsHex: extra.toString('hex'),
      };
      lines.push(copyLine(record));
      encoder.add(record);
    }
    synthetic.push(Buffer.from(lines.join('')));
    syntheticBinary.push(Buffer.concat(encoder.finish()));
  }
  // Both COPY formats: the store writes binary, so the database's own limit is the better of the two.
  const copyBefore = await rawCopy(synthetic, syntheticRows, false);
  const copyBeforeBinary = await rawCopy(syntheticBinary, syntheticRows, true);
  synthetic.length = 0;
  syntheticBinary.length = 0;

  const pipelineStart = Date.now();
  // Positions from an hour ago onwards: all land in today's and yesterday's partitions.
  const timeBase = Date.now() - 3_600_000;
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      useSimulator
        ? path.join(import.meta.dirname, '../src/ingest/simulator/bench-terminals.ts')
        : path.join(import.meta.dirname, 'ingest-terminals.ts'),
      JSON.stringify({ port: gateway.port, terminals: terminalCount, window, warmupS, seconds, timeBase, intervalMs: reportIntervalMs }),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let simulator = { acked: 0, seconds: 0, perSecond: 0, p50: 0, p99: 0, max: 0, cpuPercent: 0, unacknowledgedAtEnd: 0, sent: 0 };
  let cpuStart = process.cpuUsage();
  let machineStart = machineCpu();
  let storedStart = 0;
  let gatewayCpuPercent = 0;
  let machineBusyPercent = 0;
  let storedPerSecond = 0;
  let wallStart = 0;
  let buffered = '';
  await new Promise<void>((resolve, reject) => {
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`simulator exited ${code}`))));
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      let nl = buffered.indexOf('\n');
      while (nl !== -1) {
        const msg = JSON.parse(buffered.slice(0, nl)) as { phase: string } & Record<string, number>;
        buffered = buffered.slice(nl + 1);
        nl = buffered.indexOf('\n');
        if (msg.phase === 'ready')
          process.stderr.write(`${msg.terminals} terminals connected and authenticated (${msg.refused} refused); measuring…\n`);
        if (msg.phase === 'measure-start') {
          held?.measureStart();
          cpuStart = process.cpuUsage();
          machineStart = machineCpu();
          storedStart = store.stats().storedRows;
          wallStart = performance.now();
        }
        if (msg.phase === 'measure-end') {
          const wall = (performance.now() - wallStart) / 1000;
          const cpu = process.cpuUsage(cpuStart);
          gatewayCpuPercent = ((cpu.user + cpu.system) / 1e6 / wall) * 100;
          const m = machineCpu();
          machineBusyPercent = ((m.busy - machineStart.busy) / (m.total - machineStart.total)) * 100 * cpus().length;
          storedPerSecond = (store.stats().storedRows - storedStart) / wall;
        }
        if (msg.phase === 'result') simulator = msg as unknown as typeof simulator;
      }
    });
  });
  const heartbeats = held ? await held.measureEnd() : undefined;
  const connectionsAtEnd = gateway.connections();
  held?.stop();
  const memory = process.memoryUsage();
  const stats = gateway.stats();
  const storeStats = store.stats();
  await gateway.close();

  // Raw COPY of the rows the pipeline stored, into the same table, with the same batch size and writers.
  const client = await database.pool.connect();
  const chunks: Buffer[] = [];
  const limit = Math.min(storeStats.storedRows, 2_000_000);
  await new Promise<void>((resolve, reject) => {
    const out = client.query(
      copyTo(
        `copy (select * from vehicles.position where received_at >= '${new Date(pipelineStart).toISOString()}' limit ${limit}) to stdout`,
      ),
    );
    out.on('data', (c: Buffer) => chunks.push(c));
    out.on('end', resolve);
    out.on('error', reject);
  });
  client.release();
  const all = Buffer.concat(chunks);
  const batches: Buffer[] = [];
  let start = 0;
  let rows = 0;
  for (let i = 0; i < all.length; i++) {
    if (all[i] !== 0x0a) continue;
    rows++;
    if (rows % BATCH_ROWS === 0) {
      batches.push(all.subarray(start, i + 1));
      start = i + 1;
    }
  }
  if (start < all.length) batches.push(all.subarray(start));
  const copyPerSecond = await rawCopy(batches, rows, false);

  // The same rows again in binary format, cut into batches of BATCH_ROWS tuples.
  const binaryChunks: Buffer[] = [];
  const client2 = await database.pool.connect();
  await new Promise<void>((resolve, reject) => {
    const out = client2.query(
      copyTo(
        `copy (select * from vehicles.position where received_at >= '${new Date(pipelineStart).toISOString()}' limit ${limit}) to stdout with (format binary)`,
      ),
    );
    out.on('data', (c: Buffer) => binaryChunks.push(c));
    out.on('end', resolve);
    out.on('error', reject);
  });
  client2.release();
  const allBinary = Buffer.concat(binaryChunks);
  const binaryBatches: Buffer[] = [];
  let at = COPY_BINARY_HEADER.length;
  let batchStart = at;
  let tuples = 0;
  for (;;) {
    const fields = allBinary.readInt16BE(at);
    if (fields === -1) break;
    at += 2;
    for (let f = 0; f < fields; f++) {
      const length = allBinary.readInt32BE(at);
      at += 4 + Math.max(0, length);
    }
    tuples++;
    if (tuples % BATCH_ROWS === 0) {
      binaryBatches.push(Buffer.concat([COPY_BINARY_HEADER, allBinary.subarray(batchStart, at), COPY_BINARY_TRAILER]));
      batchStart = at;
    }
  }
  if (at > batchStart) binaryBatches.push(Buffer.concat([COPY_BINARY_HEADER, allBinary.subarray(batchStart, at), COPY_BINARY_TRAILER]));
  const copyPerSecondBinary = await rawCopy(binaryBatches, tuples, true);

  // The codec alone: split and decode location frames, as the gateway does before storing.
  const sample = Array.from({ length: 1000 }, (_, k) =>
    encodeFrame(
      { messageId: 0x0200, edition: '2013', terminal: '13000000001', serial: k },
      Buffer.concat([
        encodeLocation({
          status: 0x000c0003,
          latE6: 31_000_000 + k * 13,
          lngE6: 121_000_000 + k * 7,
          speed: k,
          direction: k % 360,
          time: timeBase + k * 1000,
        }),
        item(0x01, Buffer.from('00012345', 'hex')),
        item(0x30, Buffer.from([20])),
        item(0x31, Buffer.from([12])),
      ]),
    ),
  );
  const stream = Buffer.concat(sample);
  let frames = 0;
  const splitter = new FrameSplitter({
    frame: (f) => {
      decodeLocation(f.body);
      frames++;
    },
    drop: () => {},
  });
  const decodeStart = performance.now();
  const decodeCpu = process.cpuUsage();
  while (performance.now() - decodeStart < 2000) {
    for (let o = 0; o < stream.length; o += 65536) splitter.push(stream.subarray(o, o + 65536));
  }
  const framesPerSecond = frames / ((performance.now() - decodeStart) / 1000);
  const decodeUsed = process.cpuUsage(decodeCpu);
  const framesPerCpuSecond = frames / ((decodeUsed.user + decodeUsed.system) / 1e6);

  const bestCopy = Math.max(copyPerSecond, copyBefore, copyPerSecondBinary, copyBeforeBinary);
  const ratio = simulator.perSecond / bestCopy;
  const semiSpace = /--max-semi-space-size[= ](\d+)/.exec([...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' '))?.[1];
  const lines_ = [
    '',
    `Vehicle position ingest on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), PostgreSQL ${embedded ? 'embedded' : 'server'}`,
    `  gateway process: node ${process.version}, --max-semi-space-size=${semiSpace ?? "node's default"} (npm run bench:ingest sets 64, as README advises for the gateway)`,
    `  ${fmt(terminalCount)} terminals over loopback TCP, ${useSimulator ? `simulated vehicles (src/ingest/simulator) reporting every ${reportIntervalMs} ms, one report in flight each` : `${window} reports in flight each`}, ${seconds} s measured after ${warmupS} s warm-up, ${concurrency} COPY writers, latest-position table ${latestIntervalMs ? `upserted at most every ${latestIntervalMs} ms` : 'upserted after every batch'}`,
    '',
    `  positions acknowledged after storage   ${fmt(simulator.perSecond)} /s   (${fmt(simulator.acked)} in ${fmt(simulator.seconds, 1)} s; stored by the gateway ${fmt(storedPerSecond)} /s)`,
    `  acknowledgement latency               p50 ${fmt(simulator.p50, 1)} ms   p99 ${fmt(simulator.p99, 1)} ms   max ${fmt(simulator.max, 1)} ms`,
    `  raw COPY of the same rows, text       ${fmt(copyPerSecond)} /s after the run (${fmt(rows)} rows), ${fmt(copyBefore)} /s before it (${fmt(syntheticRows)} rows alike); batches of ${fmt(BATCH_ROWS)}, ${concurrency} connections`,
    `  raw COPY of the same rows, binary     ${fmt(copyPerSecondBinary)} /s after the run (${fmt(tuples)} rows), ${fmt(copyBeforeBinary)} /s before it (the format the store writes)`,
    `  pipeline / raw COPY                   ${fmt(ratio * 100, 0)} % (of the best of the four: ${fmt(bestCopy)} /s)`,
    `  decode only (split + 0x0200)          ${fmt(framesPerSecond)} frames/s on one core (${fmt(framesPerCpuSecond)} per CPU-second)`,
    '',
    `  gateway CPU per acknowledged position ${fmt((gatewayCpuPercent * 10_000) / Math.max(1, simulator.perSecond), 1)} µs (the figure the machine's load moves least)`,
    `  CPU during the measured window: gateway process ${fmt(gatewayCpuPercent)} %, simulator ${fmt(simulator.cpuPercent)} %, whole machine ${fmt(machineBusyPercent)} % of ${cpus().length * 100} % (PostgreSQL and anything else running = the rest)`,
    `  gateway memory: rss ${fmt(memory.rss / 1048576)} MiB, heap ${fmt(memory.heapUsed / 1048576)} MiB, peak rss ${fmt(process.resourceUsage().maxRSS / 1024)} MiB`,
    `  batches ${fmt(storeStats.batches)} (${fmt(storeStats.storedRows / Math.max(1, storeStats.batches))} rows each on average), failed ${storeStats.failedBatches}, drops ${JSON.stringify(Object.fromEntries(Object.entries(stats.drops).filter(([, n]) => n > 0)))}, unacknowledged at the end ${simulator.unacknowledgedAtEnd}`,
    '',
  ];
  if (held && heartbeats) {
    const perConnection = (heldMemory.rssAfter - heldMemory.rssBefore) / held.connected;
    const heapPerConnection = (heldMemory.heapAfter - heldMemory.heapBefore) / held.connected;
    const kernelPerConnection = (heldMemory.kernelAfter - heldMemory.kernelBefore) / held.connected;
    const l = heartbeats.latencies;
    const q = (p: number) => (l.length ? (l[Math.min(l.length - 1, Math.floor((p / 100) * l.length))] as number) : Number.NaN);
    const at100k = heldMemory.rssBefore + 100_000 * perConnection;
    lines_.push(
      `  connections: ${fmt(held.connected)} idle authenticated terminals (heartbeat every ${heartbeatS} s) + ${fmt(terminalCount)} loaded, from ${held.clients} client processes and ${held.addresses.length} source addresses (${held.addresses[0]}…); ${fmt(connectionsAtEnd)} open at the end, ${heartbeats.closed} lost, ${held.refused} refused`,
      `  gateway memory per connection          ${fmt(perConnection / 1024, 1)} KiB rss (${fmt(heapPerConnection / 1024, 1)} KiB of it JS heap); rss ${fmt(heldMemory.rssBefore / 1048576)} MiB before the idle terminals, ${fmt(heldMemory.rssAfter / 1048576)} MiB with them`,
      `  kernel TCP memory per connection       ${fmt(kernelPerConnection / 1024, 1)} KiB (both ends of loopback, /proc/net/sockstat)`,
      `  heartbeat ack latency under the load   p50 ${fmt(q(50), 1)} ms   p99 ${fmt(q(99), 1)} ms   max ${fmt(l[l.length - 1] ?? Number.NaN, 1)} ms (${fmt(l.length)} heartbeats, ${heartbeats.failures} refused)`,
      `  100,000 terminals in one gateway       about ${fmt(at100k / 1048576)} MiB rss at this rate, and an open-files limit of at least 100,000 (this process: ${fmt(fdLimit)}; systemd LimitNOFILE=)`,
      '',
    );
  }
  process.stdout.write(lines_.join('\n'));
} finally {
  await database.close();
  if (scratch) {
    const admin = openDatabase<Database>(scratch.adminUrl, { poolSize: 1, logger });
    await admin.pool.query(`drop database if exists ${scratch.name} with (force)`);
    await admin.close();
  }
  await embedded?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
