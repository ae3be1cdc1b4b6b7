import type { Socket } from 'node:net';
import type { PositionRecord } from '../../modules/vehicles/index.js';
import { BodyError } from './bytes.js';
import { type DropReason, type Frame, type Header, maxFrameLength, terminalBytes, terminalKey, writeFrame } from './frame.js';
import type { GatewayContext } from './gateway.js';
import { decodeLocation, type Location } from './location.js';
import {
  decodeAuthentication,
  decodeBatch,
  decodeDriverIdentity,
  decodeGeneralResponse,
  decodeRegistration,
  MSG,
  REGISTER_RESULT,
  RESULT,
  type RegisterResult,
  registerResponseBody,
  resendRequestBody,
} from './messages.js';
import { Reassembler } from './reassembly.js';
import { FrameSplitter } from './splitter.js';

/** Why reading from a socket is paused; reading resumes when no reason is left. */
const PAUSE = { control: 1, write: 2, store: 4 } as const;

/**
 * One terminal's TCP connection: splits its bytes into frames, reassembles
 * sub-packages, answers each message as JT/T 808 says, and hands positions to
 * the store, acknowledging them only once they are stored. Registration,
 * authentication, logout and driver identity go to the vehicle register one
 * at a time; frames that arrive meanwhile wait, in order.
 */
export class Connection {
  readonly splitter: FrameSplitter;
  readonly reassembler: Reassembler;
  readonly connectedAt: number;
  lastFrameAt: number;
  /** When bytes of an unfinished frame were first seen held (slow-loris detection). */
  partialSince: number | null = null;
  /** The vehicle this connection authenticated as, and the terminal key it used. */
  vehicleId: string | null = null;
  private authenticatedTerminal: string | null = null;
  private authFailures = 0;
  private serialOut = 0;
  private pauses = 0;
  private queue: Frame[] | null = null;
  /** Frames queued for the terminal, written into one buffer (a fresh one after each flush: the socket may still hold the last). */
  private outbox: Buffer | null = null;
  private outLength = 0;
  /** The terminal number as last sent, its BCD bytes, and the key it was authenticated under. */
  private terminalText = '';
  private terminalBcd: Buffer = Buffer.alloc(0);
  private authenticatedText: string | null = null;
  private readonly responseBody = Buffer.allocUnsafe(5);
  /** The header the terminal authenticated with: platform-initiated messages go out in its edition and number. */
  private authHeader: Header | null = null;
  /** Platform messages awaiting the terminal's general response (0x0001), by our serial. */
  private readonly awaiting = new Map<number, { messageId: number; done: (result: number | null) => void }>();
  closed = false;
  /** The time of the chunk being processed. */
  private now: number;

  constructor(
    readonly socket: Socket,
    private readonly ctx: GatewayContext,
  ) {
    this.now = ctx.clock.now().getTime();
    this.connectedAt = this.now;
    this.lastFrameAt = this.now;
    this.reassembler = new Reassembler(ctx.options.reassembly);
    this.splitter = new FrameSplitter(
      {
        frame: (frame) => this.onFrame(frame),
        drop: (reason, detail) => this.onDrop(reason, detail),
      },
      ctx.options.maxFrameBytes,
    );
    if (ctx.store.overloaded) this.pause(PAUSE.store);
  }

  receive(chunk: Buffer): void {
    this.now = this.ctx.clock.now().getTime();
    this.splitter.push(chunk);
  }

  pause(reason: number): void {
    if (this.pauses === 0 && !this.closed) this.socket.pause();
    this.pauses |= reason;
  }

  resume(reason: number): void {
    if ((this.pauses & reason) === 0) return;
    this.pauses &= ~reason;
    if (this.pauses === 0 && !this.closed) this.socket.resume();
  }

  storePressure(overloaded: boolean): void {
    if (overloaded) this.pause(PAUSE.store);
    else this.resume(PAUSE.store);
  }

  /** Writes what is queued for the terminal in one go. */
  flush(): void {
    const out = this.outbox;
    const length = this.outLength;
    this.outbox = null;
    this.outLength = 0;
    if (!out || length === 0 || this.closed) return;
    const ok = this.socket.write(out.subarray(0, length));
    if (this.socket.writableLength > this.ctx.options.maxOutputBytes) {
      this.close('output_overflow');
      return;
    }
    if (!ok) {
      // The terminal does not read its acknowledgements: stop reading from it until it does.
      this.pause(PAUSE.write);
      this.socket.once('drain', () => this.resume(PAUSE.write));
    }
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.ctx.countClose(reason);
    this.socket.destroy();
    this.forgetAwaiting();
  }

  /** Platform messages still awaiting an answer get none: the connection is gone. */
  forgetAwaiting(): void {
    for (const w of [...this.awaiting.values()]) w.done(null);
  }

  /**
   * Sends a platform message (a text to the driver, a command) to the authenticated terminal and
   * resolves with the result of its general response (0x0001), or null when it does not answer in
   * time, the connection closes, or the terminal has not authenticated.
   */
  command(messageId: number, body: (edition: Header['edition']) => Buffer, timeoutMs: number): Promise<number | null> {
    const header = this.authHeader;
    if (!header || this.closed) return Promise.resolve(null);
    const serial = this.serialOut;
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(null), timeoutMs);
      timer.unref();
      const done = (result: number | null) => {
        clearTimeout(timer);
        this.awaiting.delete(serial);
        resolve(result);
      };
      this.awaiting.get(serial)?.done(null);
      this.awaiting.set(serial, { messageId, done });
      this.send(header, messageId, body(header.edition));
    });
  }

  /** Periodic checks: idle, slow frames, unauthenticated too long, sub-packages overdue. */
  sweep(now: number): void {
    const o = this.ctx.options;
    if (now - this.lastFrameAt > o.idleMs) {
      this.close('idle');
      return;
    }
    if (this.splitter.pendingBytes > 0) {
      this.partialSince ??= now;
      if (now - this.partialSince > o.frameTimeoutMs) {
        this.close('slow_frame');
        return;
      }
    } else this.partialSince = null;
    if (!this.vehicleId && now - this.connectedAt > o.authTimeoutMs) {
      this.close('unauthenticated');
      return;
    }
    if (this.reassembler.pendingMessages > 0) {
      for (const r of this.reassembler.due(now)) {
        if (r.kind === 'resend') this.send(r.header, MSG.resendRequest, resendRequestBody(r.firstSerial, r.missing, r.header.edition));
        else this.ctx.countDrop(r.reason);
      }
      this.ctx.scheduleFlush(this);
    }
  }

  private onDrop(reason: DropReason, detail: string): void {
    this.ctx.countDrop(reason);
    this.ctx.logger.debug({ reason, detail, remote: this.socket.remoteAddress }, 'jt808 frame dropped');
  }

  private onFrame(frame: Frame): void {
    this.lastFrameAt = this.now;
    this.ctx.countFrame(frame.header.messageId);
    if (this.queue) {
      if (this.queue.length >= this.ctx.options.maxQueuedFrames) {
        this.ctx.countDrop('queue_overflow');
        return;
      }
      this.queue.push(frame);
      return;
    }
    this.process(frame);
  }

  private process(frame: Frame): void {
    if (!frame.header.packet) {
      this.handle(frame.header, frame.body);
      return;
    }
    for (const r of this.reassembler.add(frame, this.now)) {
      if (r.kind === 'complete') this.handle(r.header, r.body);
      else if (r.kind === 'resend') this.send(r.header, MSG.resendRequest, resendRequestBody(r.firstSerial, r.missing, r.header.edition));
      else if (r.kind === 'dropped') this.ctx.countDrop(r.reason);
    }
    this.ctx.scheduleFlush(this);
  }

  private handle(header: Header, body: Buffer): void {
    if (header.encryption !== 0) {
      this.reply(header, RESULT.unsupported);
      return;
    }
    try {
      switch (header.messageId) {
        case MSG.location: {
          const location = decodeLocation(body);
          if (this.authenticatedAs(header)) this.store(header, [location], false);
          else this.refuseUnauthenticated(header, 1);
          return;
        }
        case MSG.batchLocation: {
          const batch = decodeBatch(body);
          if (this.authenticatedAs(header)) this.store(header, batch.locations, batch.backfill);
          else this.refuseUnauthenticated(header, batch.locations.length);
          return;
        }
        case MSG.heartbeat:
          this.reply(header, this.authenticatedAs(header) ? RESULT.ok : RESULT.failure);
          return;
        case MSG.terminalResponse: {
          const r = decodeGeneralResponse(body);
          const waiting = this.awaiting.get(r.replySerial);
          if (waiting && waiting.messageId === r.replyId) waiting.done(r.result);
          return;
        }
        case MSG.register: {
          const registration = decodeRegistration(body, header.edition);
          this.control(async () => {
            const r = await this.ctx.terminals.register({ ...registration, terminal: header.terminal, edition: header.edition });
            this.ctx.countRegistration(r.result);
            this.send(header, MSG.registerResponse, registerResponseBody(header.serial, r.result as RegisterResult, r.authCode));
            if (r.result !== REGISTER_RESULT.ok) {
              this.ctx.logger.info({ terminal: header.terminal, result: r.result }, 'jt808 registration refused');
            }
          });
          return;
        }
        case MSG.authenticate: {
          const auth = decodeAuthentication(body, header.edition);
          this.control(async () => {
            const v = await this.ctx.terminals.authenticate({ terminal: header.terminal, ...auth });
            if (v) {
              this.vehicleId = v.vehicleId;
              this.authenticatedTerminal = terminalKey(header.terminal);
              this.authenticatedText = header.terminal;
              this.authHeader = header;
              this.reply(header, RESULT.ok);
              return;
            }
            this.ctx.countAuthFailure();
            this.reply(header, RESULT.failure);
            if (++this.authFailures >= this.ctx.options.maxAuthFailures) {
              this.ctx.scheduleFlush(this);
              setImmediate(() => this.close('auth_failures'));
            }
          });
          return;
        }
        case MSG.logout: {
          const vehicleId = this.authenticatedAs(header) ? this.vehicleId : null;
          this.control(async () => {
            if (vehicleId) await this.ctx.terminals.logout(vehicleId);
            this.vehicleId = null;
            this.authenticatedTerminal = null;
            this.authenticatedText = null;
            this.authHeader = null;
            this.reply(header, RESULT.ok);
          });
          return;
        }
        case MSG.driverIdentity: {
          const identity = decodeDriverIdentity(body, header.edition);
          if (!this.authenticatedAs(header)) {
            this.reply(header, RESULT.failure);
            return;
          }
          const vehicleId = this.vehicleId as string;
          this.control(async () => {
            await this.ctx.terminals.driverIdentity(vehicleId, identity);
            this.reply(header, RESULT.ok);
          });
          return;
        }
        default:
          this.reply(header, RESULT.unsupported);
      }
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      this.ctx.countDrop('bad_body');
      this.ctx.logger.debug({ messageId: header.messageId, detail: error.message }, 'jt808 message body not decoded');
      this.reply(header, RESULT.messageError);
    }
  }

  private authenticatedAs(header: Header): boolean {
    if (this.vehicleId === null) return false;
    // The same digits as last time need no new key (the common case: every frame of one terminal).
    if (header.terminal === this.authenticatedText) return true;
    if (this.authenticatedTerminal !== terminalKey(header.terminal)) return false;
    this.authenticatedText = header.terminal;
    return true;
  }

  private refuseUnauthenticated(header: Header, positions: number): void {
    this.ctx.countUnauthenticated(positions);
    this.reply(header, RESULT.failure);
  }

  /** Hands the positions to the store; the acknowledgement goes out only once they are committed. */
  private store(header: Header, locations: readonly Location[], backfill: boolean): void {
    const vehicleId = this.vehicleId as string;
    const receivedAt = this.now;
    const records: PositionRecord[] = [];
    for (const l of locations) {
      records.push({
        vehicleId,
        time: l.time,
        receivedAt,
        latE6: l.latE6,
        lngE6: l.lngE6,
        altitude: l.altitude,
        speed: l.speed,
        direction: l.direction,
        alarm: l.alarm,
        status: l.status,
        mileage: l.mileage,
        backfill,
        itemsHex: l.items ? l.items.toString('hex') : null,
      });
    }
    this.ctx.countReceived(records.length);
    this.ctx.store.append(records, (stored) => {
      if (!stored) return; // not acknowledged: the terminal sends it again
      this.ctx.countAcknowledged(records.length);
      this.reply(header, RESULT.ok);
    });
  }

  /** Runs a message that needs the vehicle register; later frames wait for it, in order. */
  private control(fn: () => Promise<void>): void {
    this.queue = [];
    this.pause(PAUSE.control);
    fn()
      .catch((error: unknown) => {
        this.ctx.logger.error({ err: error }, 'jt808 message not handled; the terminal will send it again');
      })
      .finally(() => {
        this.ctx.scheduleFlush(this);
        const waiting = this.queue ?? [];
        this.queue = null;
        for (const frame of waiting) {
          if (this.closed) break;
          if (this.queue) (this.queue as Frame[]).push(frame);
          else this.process(frame);
        }
        if (!this.queue) this.resume(PAUSE.control);
      });
  }

  private reply(header: Header, result: number): void {
    // The body is copied into the outbox at once, so one scratch buffer serves every reply.
    const body = this.responseBody;
    body.writeUInt16BE(header.serial & 0xffff, 0);
    body.writeUInt16BE(header.messageId, 2);
    body[4] = result;
    this.send(header, MSG.platformResponse, body);
  }

  /** Queues a platform message to the terminal, in the edition and with the terminal number it used. */
  private send(header: Header, messageId: number, body: Buffer): void {
    if (this.closed) return;
    if (header.terminal !== this.terminalText || this.terminalBcd.length !== (header.edition === '2019' ? 10 : 6)) {
      this.terminalText = header.terminal;
      this.terminalBcd = terminalBytes(header.terminal, header.edition === '2019' ? 10 : 6);
    }
    const need = this.outLength + maxFrameLength(header.edition, body.length);
    if (!this.outbox || need > this.outbox.length) {
      const bigger = Buffer.allocUnsafe(Math.max(256, need, 2 * (this.outbox?.length ?? 0)));
      if (this.outbox) this.outbox.copy(bigger, 0, 0, this.outLength);
      this.outbox = bigger;
    }
    this.outLength = writeFrame(
      this.outbox,
      this.outLength,
      {
        messageId,
        edition: header.edition,
        protocolVersion: header.protocolVersion ?? 1,
        terminal: header.terminal,
        serial: this.serialOut,
      },
      this.terminalBcd,
      body,
    );
    this.serialOut = (this.serialOut + 1) & 0xffff;
    this.ctx.countReply();
    this.ctx.scheduleFlush(this);
  }
}
