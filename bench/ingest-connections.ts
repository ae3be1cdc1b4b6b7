/**
 * Idle JT/T 808 terminals for `npm run bench:ingest -- --connections N`: one
 * of several client processes (a process holds at most its open-files limit
 * of sockets). Each terminal connects from one of several loopback source
 * addresses (127.0.0.2, 127.0.0.3, …: loopback answers for all of 127/8, and
 * each address has its own ephemeral ports), registers and authenticates once,
 * then sends a heartbeat (0x0002) every `heartbeatS` seconds, the terminals'
 * heartbeats spread evenly over the interval. Talks to the benchmark over IPC:
 * says `ready` once all are signed on; on `measure-start` it starts recording
 * heartbeat acknowledgement latency, on `measure-end` it replies with them.
 *
 *   node --import tsx bench/ingest-connections.ts '{"port":7808,"first":2000,"count":9500,"addresses":["127.0.0.2"],"heartbeatS":30}'
 */
import net from 'node:net';
import { encodeFrame } from '../src/ingest/jt808/frame.js';
import { authenticationBody, decodeRegisterResponse, registrationBody } from '../src/ingest/jt808/messages.js';
import { FrameSplitter } from '../src/ingest/jt808/splitter.js';

interface Config {
  port: number;
  /** Terminal i has number 1(3000000000 + i) and plate 沪B + i, as the benchmark registered them. */
  first: number;
  count: number;
  /** Local source addresses, used in turn. */
  addresses: string[];
  heartbeatS: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as Config;
const send = (m: Record<string, unknown>) => process.send?.(m);

let measuring = false;
let latencies: number[] = [];
let failures = 0;
let closed = 0;

class IdleTerminal {
  socket!: net.Socket;
  private serial = 0;
  private pendingReply: ((body: Buffer, messageId: number) => void) | null = null;
  private heartbeatSentAt = 0;

  constructor(
    readonly number: string,
    readonly plate: string,
    readonly localAddress: string,
  ) {}

  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const splitter = new FrameSplitter({
        frame: (f) => {
          if (this.pendingReply) this.pendingReply(f.body, f.header.messageId);
          else if (f.header.messageId === 0x8001 && f.body.readUInt16BE(2) === 0x0002) this.onHeartbeatAck(f.body[4] as number);
        },
        drop: () => {},
      });
      this.socket = net.connect({ host: '127.0.0.1', port: config.port, localAddress: this.localAddress }, () => resolve());
      this.socket.setNoDelay(true);
      this.socket.on('data', (chunk: Buffer) => splitter.push(chunk));
      this.socket.once('error', reject);
      this.socket.on('close', () => {
        closed++;
      });
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
          { province: 31, city: 0, makerId: 'BENCH', model: 'IDLE', terminalId: 'T', plateColour: 2, plate: this.plate },
          '2013',
        ),
        0x8100,
      ),
    );
    if (reg.result !== 0 || !reg.authCode) throw new Error(`terminal ${this.number}: registration result ${reg.result}`);
    const auth = await this.request(0x0102, authenticationBody(reg.authCode, '2013'), 0x8001);
    if (auth[4] !== 0) throw new Error(`terminal ${this.number}: authentication refused`);
  }

  heartbeat(): void {
    if (this.socket.destroyed) return;
    this.heartbeatSentAt = performance.now();
    this.socket.write(encodeFrame({ messageId: 0x0002, edition: '2013', terminal: this.number, serial: this.serial++ & 0xffff }));
  }

  private onHeartbeatAck(result: number): void {
    if (result !== 0) failures++;
    if (measuring && this.heartbeatSentAt) latencies.push(performance.now() - this.heartbeatSentAt);
  }
}

const terminals = Array.from({ length: config.count }, (_, k) => {
  const i = config.first + k;
  return new IdleTerminal(
    `1${String(3_000_000_000 + i)}`,
    `沪B${String(i).padStart(6, '0')}`,
    config.addresses[k % config.addresses.length] as string,
  );
});
let refused = 0;
for (let i = 0; i < terminals.length; i += 200) {
  await Promise.all(
    terminals.slice(i, i + 200).map(async (t) => {
      try {
        await t.connect();
        await t.signOn();
      } catch {
        refused++;
      }
    }),
  );
}

// Heartbeats spread over the interval: terminal k beats at k/count of it, then every interval.
const intervalMs = config.heartbeatS * 1000;
const perTick = Math.max(1, Math.ceil(terminals.length / (intervalMs / 10)));
let next = 0;
setInterval(
  () => {
    for (let j = 0; j < perTick; j++) {
      (terminals[next] as IdleTerminal).heartbeat();
      next = (next + 1) % terminals.length;
    }
  },
  Math.max(1, Math.round(intervalMs / Math.ceil(terminals.length / perTick))),
);

send({ phase: 'ready', connected: terminals.length - refused, refused });

process.on('message', (m: { cmd: string }) => {
  if (m.cmd === 'measure-start') {
    latencies = [];
    measuring = true;
  } else if (m.cmd === 'measure-end') {
    measuring = false;
    send({ phase: 'latencies', latencies, failures, closed, open: terminals.length - refused - closed });
  } else if (m.cmd === 'stop') {
    for (const t of terminals) t.socket.destroy();
    process.exit(0);
  }
});
