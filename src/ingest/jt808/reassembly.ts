import type { Frame, Header } from './frame.js';

/**
 * Sub-package reassembly for one connection. A message split into packages
 * (header bit 13) is held until every package is in; when the last one
 * arrives with others missing, or the packages stop coming, the platform asks
 * for the missing ones with 0x8003 (a bounded number of times) and then gives
 * up. Memory is bounded by message count, package count and bytes. Pure:
 * time comes in as `now`.
 */
export interface ReassemblyLimits {
  /** Messages being reassembled at once on one connection. */
  maxMessages: number;
  /** Packages one message may have. */
  maxPackages: number;
  /** Bytes held on one connection across its messages. */
  maxBytes: number;
  /** How long to wait for the next package before asking for the missing ones (and again after asking). */
  timeoutMs: number;
  /** 0x8003 requests per message before it is dropped. */
  maxResendRequests: number;
}

export const DEFAULT_REASSEMBLY: ReassemblyLimits = {
  maxMessages: 4,
  maxPackages: 256,
  maxBytes: 256 * 1024,
  timeoutMs: 30_000,
  maxResendRequests: 2,
};

interface Partial {
  key: string;
  messageId: number;
  firstSerial: number;
  total: number;
  parts: (Buffer | undefined)[];
  received: number;
  bytes: number;
  header: Header;
  deadline: number;
  resendRequests: number;
}

export interface Complete {
  kind: 'complete';
  /** The header of the first package, with the packet items cleared and the whole body's length. */
  header: Header;
  body: Buffer;
  firstSerial: number;
}
export interface ResendRequest {
  kind: 'resend';
  header: Header;
  firstSerial: number;
  missing: number[];
}
export interface Dropped {
  kind: 'dropped';
  reason: 'reassembly_timeout' | 'reassembly_overflow' | 'reassembly_invalid';
  detail: string;
}
export type AddResult = Complete | ResendRequest | Dropped | { kind: 'pending' };

export class Reassembler {
  private readonly partials = new Map<string, Partial>();
  private heldBytes = 0;

  constructor(private readonly limits: ReassemblyLimits = DEFAULT_REASSEMBLY) {}

  get pendingMessages(): number {
    return this.partials.size;
  }

  get bytes(): number {
    return this.heldBytes;
  }

  /** Takes one package; returns the whole message once complete, or a re-send request for the gaps. */
  add(frame: Frame, now: number): AddResult[] {
    const { header, body } = frame;
    const packet = header.packet;
    if (!packet) throw new Error('not a sub-package');
    const { total, index } = packet;
    if (total === 0 || index === 0 || index > total) {
      return [{ kind: 'dropped', reason: 'reassembly_invalid', detail: `package ${index} of ${total} is out of range` }];
    }
    if (total > this.limits.maxPackages) {
      return [
        { kind: 'dropped', reason: 'reassembly_invalid', detail: `${total} packages; at most ${this.limits.maxPackages} are reassembled` },
      ];
    }
    const out: AddResult[] = [];
    const firstSerial = (header.serial - (index - 1)) & 0xffff;
    let key = `${header.messageId}:${firstSerial}:${total}`;
    let partial = this.partials.get(key);
    if (!partial) {
      // A package sent again after 0x8003 may carry a new serial: match it to the message missing that package.
      for (const p of this.partials.values()) {
        if (p.messageId === header.messageId && p.total === total && p.parts[index - 1] === undefined && p.resendRequests > 0) {
          partial = p;
          key = p.key;
          break;
        }
      }
    }
    if (!partial) {
      while (this.partials.size >= this.limits.maxMessages) {
        const oldest = this.partials.values().next().value as Partial;
        this.remove(oldest);
        out.push({
          kind: 'dropped',
          reason: 'reassembly_overflow',
          detail: `message ${oldest.messageId} (serial ${oldest.firstSerial}) evicted: more than ${this.limits.maxMessages} messages in reassembly`,
        });
      }
      partial = {
        key,
        messageId: header.messageId,
        firstSerial,
        total,
        parts: new Array(total),
        received: 0,
        bytes: 0,
        header,
        deadline: now + this.limits.timeoutMs,
        resendRequests: 0,
      };
      this.partials.set(key, partial);
    }
    if (partial.parts[index - 1] === undefined) {
      if (this.heldBytes + body.length > this.limits.maxBytes) {
        this.remove(partial);
        out.push({
          kind: 'dropped',
          reason: 'reassembly_overflow',
          detail: `more than ${this.limits.maxBytes} bytes held in reassembly on this connection`,
        });
        return out;
      }
      partial.parts[index - 1] = Buffer.from(body);
      partial.received++;
      partial.bytes += body.length;
      this.heldBytes += body.length;
      if (index === 1) partial.header = header;
    }
    partial.deadline = now + this.limits.timeoutMs;
    if (partial.received === total) {
      this.remove(partial);
      const whole = Buffer.concat(partial.parts as Buffer[]);
      out.push({
        kind: 'complete',
        header: { ...partial.header, packet: null, bodyLength: whole.length, serial: partial.firstSerial },
        body: whole,
        firstSerial: partial.firstSerial,
      });
      return out;
    }
    // The last package is in and some are not: ask now rather than wait.
    if (index === total && partial.resendRequests < this.limits.maxResendRequests) {
      partial.resendRequests++;
      out.push({ kind: 'resend', header: partial.header, firstSerial: partial.firstSerial, missing: missing(partial) });
      return out;
    }
    if (out.length === 0) out.push({ kind: 'pending' });
    return out;
  }

  /** Messages whose packages stopped coming: ask again for the gaps, or give up. */
  due(now: number): (ResendRequest | Dropped)[] {
    const out: (ResendRequest | Dropped)[] = [];
    for (const p of [...this.partials.values()]) {
      if (p.deadline > now) continue;
      if (p.resendRequests < this.limits.maxResendRequests) {
        p.resendRequests++;
        p.deadline = now + this.limits.timeoutMs;
        out.push({ kind: 'resend', header: p.header, firstSerial: p.firstSerial, missing: missing(p) });
      } else {
        this.remove(p);
        out.push({
          kind: 'dropped',
          reason: 'reassembly_timeout',
          detail: `message ${p.messageId} (serial ${p.firstSerial}) still misses packages ${missing(p).join(', ')} after ${p.resendRequests} re-send requests`,
        });
      }
    }
    return out;
  }

  private remove(p: Partial): void {
    this.partials.delete(p.key);
    this.heldBytes -= p.bytes;
  }
}

function missing(p: Partial): number[] {
  const out: number[] = [];
  for (let i = 0; i < p.total; i++) if (p.parts[i] === undefined) out.push(i + 1);
  return out;
}
