import net from 'node:net';
import { type Edition, encodeFrame, type Frame } from '../../src/ingest/jt808/frame.js';
import { decodeGeneralResponse, decodeRegisterResponse } from '../../src/ingest/jt808/messages.js';
import { FrameSplitter } from '../../src/ingest/jt808/splitter.js';

/**
 * A vehicle terminal for tests: speaks JT/T 808 over real TCP, keeps every
 * frame the platform sends, and waits for particular replies.
 */
export class TestTerminal {
  readonly received: Frame[] = [];
  private waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  private serial = 0;
  readonly closed: Promise<void>;

  private constructor(
    readonly socket: net.Socket,
    readonly terminal: string,
    readonly edition: Edition,
  ) {
    const splitter = new FrameSplitter({
      frame: (f) => {
        const copy = { ...f, body: Buffer.from(f.body) };
        this.received.push(copy);
        this.waiters = this.waiters.filter((w) => {
          if (!w.match(copy)) return true;
          w.resolve(copy);
          return false;
        });
      },
      drop: () => {},
    });
    socket.on('data', (chunk: Buffer) => splitter.push(chunk));
    socket.on('error', () => {});
    this.closed = new Promise((resolve) => socket.on('close', () => resolve()));
  }

  static connect(port: number, terminal: string, edition: Edition = '2013'): Promise<TestTerminal> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => resolve(new TestTerminal(socket, terminal, edition)));
      socket.once('error', reject);
    });
  }

  /** Sends one message; returns the serial it carried. */
  send(
    messageId: number,
    body: Buffer = Buffer.alloc(0),
    options: { serial?: number; packet?: { total: number; index: number } } = {},
  ): number {
    const serial = options.serial ?? this.serial++;
    this.socket.write(
      encodeFrame({ messageId, edition: this.edition, terminal: this.terminal, serial, packet: options.packet ?? null }, body),
    );
    return serial;
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** The next frame from the platform that matches, received already or within the timeout. */
  next(match: (f: Frame) => boolean, timeoutMs = 10_000): Promise<Frame> {
    const seen = this.received.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching frame within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({
        match,
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
      });
    });
  }

  /** The 0x8001 answering this serial and message id: its result. */
  async ack(serial: number, messageId: number, timeoutMs?: number): Promise<number> {
    const f = await this.next((x) => {
      if (x.header.messageId !== 0x8001) return false;
      const r = decodeGeneralResponse(x.body);
      return r.replySerial === serial && r.replyId === messageId;
    }, timeoutMs);
    return decodeGeneralResponse(f.body).result;
  }

  async registerResponse(serial: number): Promise<{ result: number; authCode: string | null; frame: Frame }> {
    const f = await this.next((x) => x.header.messageId === 0x8100 && decodeRegisterResponse(x.body).replySerial === serial);
    return { ...decodeRegisterResponse(f.body), frame: f };
  }

  /** Whether a 0x8001 for this serial has arrived by now. */
  acked(serial: number, messageId: number): boolean {
    return this.received.some((x) => {
      if (x.header.messageId !== 0x8001) return false;
      const r = decodeGeneralResponse(x.body);
      return r.replySerial === serial && r.replyId === messageId;
    });
  }

  close(): void {
    this.socket.destroy();
  }
}
