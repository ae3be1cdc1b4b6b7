/**
 * Simulated JT/T 808 terminals for the ingest benchmark, run as a child
 * process so they do not share the gateway's event loop. Each terminal
 * registers, authenticates, then keeps `window` location reports in flight:
 * when one is acknowledged it sends the next. Prints JSON lines: `ready`,
 * `measure-start`, `measure-end` and finally the `result`.
 *
 *   node --import tsx bench/ingest-terminals.ts '{"port":7808,"terminals":2000,"window":8,"warmupS":2,"seconds":10,"timeBase":…}'
 */
import net from 'node:net';
import { encodeFrame } from '../src/ingest/jt808/frame.js';
import { encodeLocation, item } from '../src/ingest/jt808/location.js';
import { authenticationBody, decodeRegisterResponse, registrationBody } from '../src/ingest/jt808/messages.js';
import { FrameSplitter } from '../src/ingest/jt808/splitter.js';

interface Config {
  port: number;
  /** Terminal i has number 1(3000000000 + i) and plate 沪B + i, as the benchmark registered them. */
  terminals: number;
  window: number;
  warmupS: number;
  seconds: number;
  /** Epoch ms of the first position's time. */
  timeBase: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as Config;
const say = (o: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(o)}\n`);
const RING = 1024;
const items = Buffer.concat([item(0x01, Buffer.from('00012345', 'hex')), item(0x30, Buffer.from([20])), item(0x31, Buffer.from([12]))]);

let measuring = false;
let stopping = false;
let ackedInWindow = 0;
let latencies = new Float64Array(1 << 20);
let latencyCount = 0;
let refused = 0;

class Terminal {
  socket!: net.Socket;
  serial = 0;
  k = 0;
  inFlight = 0;
  readonly sentAt = new Float64Array(RING);
  private pendingReply: ((body: Buffer, messageId: number) => void) | null = null;
  private out: Buffer[] = [];

  constructor(
    readonly number: string,
    readonly plate: string,
    readonly index: number,
  ) {}

  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const splitter = new FrameSplitter({
        frame: (f) => {
          if (f.header.messageId === 0x8001 && this.pendingReply === null) this.onAck(f.body.readUInt16BE(0));
          else this.pendingReply?.(f.body, f.header.messageId);
        },
        drop: () => {},
      });
      this.socket = net.connect({ host: '127.0.0.1', port: config.port }, () => resolve());
      this.socket.setNoDelay(true);
      this.socket.on('data', (chunk: Buffer) => {
        splitter.push(chunk);
        this.flush();
      });
      this.socket.once('error', reject);
    });
  }

  private request(messageId: number, body: Buffer, reply: number): Promise<Buffer> {
    return new Promise((resolve) => {
      this.pendingReply = (b, id) => {
        if (id !== reply) return;
        this.pendingReply = null;
        resolve(b);
      };
      this.socket.write(encodeFrame({ messageId, edition: '2013', terminal: this.number, serial: this.serial++ }, body));
    });
  }

  async signOn(): Promise<void> {
    const reg = decodeRegisterResponse(
      await this.request(
        0x0100,
        registrationBody(
          { province: 31, city: 0, makerId: 'BENCH', model: 'SIM', terminalId: 'T', plateColour: 2, plate: this.plate },
          '2013',
        ),
        0x8100,
      ),
    );
    if (reg.result !== 0 || !reg.authCode) throw new Error(`terminal ${this.number}: registration result ${reg.result}`);
    const auth = await this.request(0x0102, authenticationBody(reg.authCode, '2013'), 0x8001);
    if (auth[4] !== 0) throw new Error(`terminal ${this.number}: authentication refused`);
  }

  /** Queues one location report; written with the others of this turn in one call. */
  sendOne(): void {
    const serial = this.serial & 0xffff;
    this.serial++;
    const k = this.k++;
    const body = Buffer.concat([
      encodeLocation({
        status: 0x000c0003,
        latE6: 31_000_000 + ((this.index * 977 + k * 13) % 500_000),
        lngE6: 121_000_000 + ((this.index * 131 + k * 7) % 500_000),
        altitude: 10,
        speed: (k * 37) % 1200,
        direction: k % 360,
        time: config.timeBase + k * 1000,
      }),
      items,
    ]);
    this.out.push(encodeFrame({ messageId: 0x0200, edition: '2013', terminal: this.number, serial }, body));
    this.sentAt[serial % RING] = performance.now();
    this.inFlight++;
  }

  fill(): void {
    while (!stopping && this.inFlight < config.window) this.sendOne();
    this.flush();
  }

  flush(): void {
    if (this.out.length === 0) return;
    this.socket.write(this.out.length === 1 ? (this.out[0] as Buffer) : Buffer.concat(this.out));
    this.out = [];
  }

  private onAck(serial: number): void {
    this.inFlight--;
    if (measuring) {
      ackedInWindow++;
      if (latencyCount === latencies.length) {
        const bigger = new Float64Array(latencies.length * 2);
        bigger.set(latencies);
        latencies = bigger;
      }
      latencies[latencyCount++] = performance.now() - (this.sentAt[serial % RING] as number);
    }
    if (!stopping) this.sendOne();
  }
}

export const terminalNumber = (i: number) => `1${String(3_000_000_000 + i)}`;
export const terminalPlate = (i: number) => `沪B${String(i).padStart(6, '0')}`;
const terminals = Array.from({ length: config.terminals }, (_, i) => new Terminal(terminalNumber(i), terminalPlate(i), i));
for (let i = 0; i < terminals.length; i += 200) {
  await Promise.all(
    terminals.slice(i, i + 200).map(async (t) => {
      await t.connect();
      await t.signOn().catch(() => {
        refused++;
      });
    }),
  );
}
say({ phase: 'ready', terminals: terminals.length, refused });

for (const t of terminals) t.fill();
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
stopping = true;
// Let what is in flight be acknowledged before disconnecting.
const deadline = Date.now() + 30_000;
while (terminals.some((t) => t.inFlight > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
const sorted = latencies.subarray(0, latencyCount).sort();
const pct = (p: number) => (latencyCount ? (sorted[Math.min(latencyCount - 1, Math.floor((p / 100) * latencyCount))] as number) : NaN);
say({
  phase: 'result',
  acked: ackedInWindow,
  seconds: elapsed,
  perSecond: ackedInWindow / elapsed,
  p50: pct(50),
  p99: pct(99),
  max: latencyCount ? sorted[latencyCount - 1] : NaN,
  cpuPercent: ((cpu.user + cpu.system) / 1e6 / elapsed) * 100,
  unacknowledgedAtEnd: terminals.reduce((n, t) => n + t.inFlight, 0),
  sent: terminals.reduce((n, t) => n + t.k, 0),
});
for (const t of terminals) t.socket.destroy();
process.exit(0);
