import { describe, expect, it } from 'vitest';
import type { Frame } from './frame.js';
import { type AddResult, DEFAULT_REASSEMBLY, Reassembler } from './reassembly.js';

/** Package `index` of `total` of one message whose first package has serial `first`. */
function pkg(first: number, index: number, total: number, body: string, messageId = 0x0704, serial = first + index - 1): Frame {
  return {
    header: {
      messageId,
      attributes: 0x2000 | body.length,
      bodyLength: body.length,
      encryption: 0,
      edition: '2013',
      versionFlag: false,
      protocolVersion: null,
      terminal: '013812345678',
      serial: serial & 0xffff,
      packet: { total, index },
    },
    body: Buffer.from(body),
    checkCode: 0,
    warnings: [],
  };
}

const kinds = (r: AddResult[]) => r.map((x) => x.kind);
const whole = (r: AddResult[]) => {
  const c = r.find((x) => x.kind === 'complete');
  return c && c.kind === 'complete' ? c : undefined;
};

describe('reassembling sub-packages', () => {
  it('joins packages that arrive in order into one message with the first package’s serial', () => {
    const r = new Reassembler();
    expect(kinds(r.add(pkg(10, 1, 3, 'aa'), 0))).toEqual(['pending']);
    expect(kinds(r.add(pkg(10, 2, 3, 'bb'), 0))).toEqual(['pending']);
    const done = whole(r.add(pkg(10, 3, 3, 'cc'), 0));
    expect(done?.body.toString()).toBe('aabbcc');
    expect(done?.firstSerial).toBe(10);
    expect(done?.header).toMatchObject({ messageId: 0x0704, packet: null, bodyLength: 6, serial: 10 });
    expect(r.pendingMessages).toBe(0);
    expect(r.bytes).toBe(0);
  });

  it('joins packages that arrive out of order, and ignores a duplicate', () => {
    const r = new Reassembler();
    r.add(pkg(10, 2, 3, 'bb'), 0);
    r.add(pkg(10, 2, 3, 'XX'), 0);
    r.add(pkg(10, 1, 3, 'aa'), 0);
    expect(whole(r.add(pkg(10, 3, 3, 'cc'), 0))?.body.toString()).toBe('aabbcc');
  });

  it('keeps two messages apart by their first serial, across the serial wrap', () => {
    const r = new Reassembler();
    r.add(pkg(65535, 1, 2, 'a1'), 0);
    r.add(pkg(100, 1, 2, 'b1'), 0);
    expect(whole(r.add(pkg(100, 2, 2, 'b2'), 0))?.body.toString()).toBe('b1b2');
    expect(whole(r.add(pkg(65535, 2, 2, 'a2'), 0))?.body.toString()).toBe('a1a2');
  });

  it('asks at once for the missing packages when the last one arrives with gaps', () => {
    const r = new Reassembler();
    r.add(pkg(10, 1, 4, 'aa'), 0);
    const out = r.add(pkg(10, 4, 4, 'dd'), 0);
    expect(out).toEqual([expect.objectContaining({ kind: 'resend', firstSerial: 10, missing: [2, 3] })]);
  });

  it('completes with packages sent again under new serials after a re-send request', () => {
    const r = new Reassembler();
    r.add(pkg(10, 1, 3, 'aa'), 0);
    r.add(pkg(10, 3, 3, 'cc'), 0);
    const done = whole(r.add(pkg(10, 2, 3, 'bb', 0x0704, 500), 1000));
    expect(done?.body.toString()).toBe('aabbcc');
    expect(done?.firstSerial).toBe(10);
  });

  it('asks again when packages stop coming, and drops the message after the allowed requests', () => {
    const r = new Reassembler({ ...DEFAULT_REASSEMBLY, timeoutMs: 100, maxResendRequests: 2 });
    r.add(pkg(10, 1, 3, 'aa'), 0);
    expect(r.due(99)).toEqual([]);
    expect(r.due(100)).toEqual([expect.objectContaining({ kind: 'resend', missing: [2, 3] })]);
    expect(r.due(150)).toEqual([]);
    expect(r.due(200)).toEqual([expect.objectContaining({ kind: 'resend', missing: [2, 3] })]);
    expect(r.due(300)).toEqual([
      {
        kind: 'dropped',
        reason: 'reassembly_timeout',
        detail: 'message 1796 (serial 10) still misses packages 2, 3 after 2 re-send requests',
      },
    ]);
    expect(r.pendingMessages).toBe(0);
    expect(r.bytes).toBe(0);
  });

  it('holds at most the allowed number of messages, evicting the oldest', () => {
    const r = new Reassembler({ ...DEFAULT_REASSEMBLY, maxMessages: 2 });
    r.add(pkg(10, 1, 2, 'a'), 0);
    r.add(pkg(20, 1, 2, 'b'), 0);
    const out = r.add(pkg(30, 1, 2, 'c'), 0);
    expect(out[0]).toMatchObject({ kind: 'dropped', reason: 'reassembly_overflow' });
    expect(r.pendingMessages).toBe(2);
    expect(whole(r.add(pkg(10, 2, 2, 'x'), 0))).toBeUndefined();
  });

  it('holds at most the allowed bytes', () => {
    const r = new Reassembler({ ...DEFAULT_REASSEMBLY, maxBytes: 5 });
    r.add(pkg(10, 1, 3, 'aaa'), 0);
    expect(r.add(pkg(10, 2, 3, 'bbb'), 0)).toEqual([expect.objectContaining({ kind: 'dropped', reason: 'reassembly_overflow' })]);
    expect(r.bytes).toBe(0);
  });

  it('refuses package numbers out of range and messages with too many packages', () => {
    const r = new Reassembler({ ...DEFAULT_REASSEMBLY, maxPackages: 8 });
    expect(r.add(pkg(10, 0, 3, 'a'), 0)[0]).toMatchObject({ reason: 'reassembly_invalid' });
    expect(r.add(pkg(10, 4, 3, 'a'), 0)[0]).toMatchObject({ reason: 'reassembly_invalid' });
    expect(r.add(pkg(10, 1, 9, 'a'), 0)[0]).toMatchObject({
      reason: 'reassembly_invalid',
      detail: '9 packages; at most 8 are reassembled',
    });
    expect(r.pendingMessages).toBe(0);
  });
});
