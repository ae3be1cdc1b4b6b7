/**
 * The `--connections N` part of the ingest benchmark: N idle, authenticated
 * terminals held open against the gateway by several client processes
 * (bench/ingest-connections.ts), each from several loopback source addresses
 * so ephemeral ports do not run out. Measures the gateway's resident memory
 * per connection and the heartbeat acknowledgement latency while the
 * position load runs.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** This process's soft limit on open files: the most sockets one gateway process can hold. */
export function openFilesLimit(): number {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  const soft = line?.trim().split(/\s+/)[3];
  return soft === undefined || soft === 'unlimited' ? Number.POSITIVE_INFINITY : Number(soft);
}

/** Kernel memory of all TCP sockets on the machine (both ends of loopback connections), bytes. */
export function kernelTcpBytes(): number {
  const tcp = readFileSync('/proc/net/sockstat', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('TCP:'));
  const pages = Number(/mem (\d+)/.exec(tcp ?? '')?.[1] ?? 0);
  return pages * 4096;
}

export interface HeldConnections {
  connected: number;
  refused: number;
  clients: number;
  addresses: string[];
  measureStart(): void;
  /** Heartbeat acknowledgement latencies (ms) since `measureStart`, with failures and connections lost. */
  measureEnd(): Promise<{ latencies: Float64Array; failures: number; closed: number; open: number }>;
  stop(): void;
}

export async function holdConnections(o: {
  port: number;
  /** Terminal index of the first idle terminal (those before carry the position load). */
  first: number;
  count: number;
  heartbeatS: number;
  /** Connections per client process (each under its own open-files limit). */
  perClient: number;
  /** Connections per local source address. */
  perAddress: number;
}): Promise<HeldConnections> {
  const clients = Math.max(1, Math.ceil(o.count / o.perClient));
  const addressCount = Math.max(1, Math.ceil(o.count / o.perAddress));
  const addresses = Array.from({ length: addressCount }, (_, i) => `127.0.${Math.floor((i + 2) / 256)}.${(i + 2) % 256}`);
  const children: ChildProcess[] = [];
  const ready: Promise<{ connected: number; refused: number }>[] = [];
  for (let c = 0; c < clients; c++) {
    const first = o.first + Math.floor((c * o.count) / clients);
    const end = o.first + Math.floor(((c + 1) * o.count) / clients);
    // Each client takes its share of the addresses (all of them when there are fewer addresses than clients).
    const mine = addresses.filter((_, i) => addresses.length < clients || i % clients === c);
    const child = fork(
      path.join(import.meta.dirname, 'ingest-connections.ts'),
      [JSON.stringify({ port: o.port, first, count: end - first, addresses: mine, heartbeatS: o.heartbeatS })],
      { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
    );
    children.push(child);
    ready.push(
      new Promise((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`connection client exited ${code}`)));
        child.on('message', (m: { phase: string; connected: number; refused: number }) => {
          if (m.phase === 'ready') resolve(m);
        });
      }),
    );
  }
  const answers = await Promise.all(ready);
  return {
    connected: answers.reduce((n, a) => n + a.connected, 0),
    refused: answers.reduce((n, a) => n + a.refused, 0),
    clients,
    addresses,
    measureStart() {
      for (const c of children) c.send({ cmd: 'measure-start' });
    },
    async measureEnd() {
      const parts = await Promise.all(
        children.map(
          (c) =>
            new Promise<{ latencies: number[]; failures: number; closed: number; open: number }>((resolve) => {
              const on = (m: { phase: string; latencies: number[]; failures: number; closed: number; open: number }) => {
                if (m.phase !== 'latencies') return;
                c.off('message', on);
                resolve(m);
              };
              c.on('message', on);
              c.send({ cmd: 'measure-end' });
            }),
        ),
      );
      const latencies = Float64Array.from(parts.flatMap((p) => p.latencies)).sort();
      return {
        latencies,
        failures: parts.reduce((n, p) => n + p.failures, 0),
        closed: parts.reduce((n, p) => n + p.closed, 0),
        open: parts.reduce((n, p) => n + p.open, 0),
      };
    },
    stop() {
      for (const c of children) {
        c.removeAllListeners('exit');
        c.send({ cmd: 'stop' });
      }
    },
  };
}
