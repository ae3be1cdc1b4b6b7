import { describe, expect, it } from 'vitest';
import { checkCode, type DropReason, encodeFrame, type Frame } from './frame.js';
import { FrameSplitter } from './splitter.js';

const heartbeat = (serial: number) => encodeFrame({ messageId: 0x0002, edition: '2013', terminal: '13812345678', serial });
const location2019 = (serial: number) =>
  encodeFrame({ messageId: 0x0200, edition: '2019', terminal: '13812345678', serial }, Buffer.alloc(28, 0x7e));

function collect(maxFrameBytes?: number) {
  const frames: Frame[] = [];
  const drops: { reason: DropReason; detail: string }[] = [];
  const splitter = new FrameSplitter(
    { frame: (f) => frames.push(f), drop: (reason, detail) => drops.push({ reason, detail }) },
    maxFrameBytes,
  );
  return { splitter, frames, drops, serials: () => frames.map((f) => f.header.serial), reasons: () => drops.map((d) => d.reason) };
}

/** A frame whose check code is wrong. */
function badCheck(serial: number): Buffer {
  const f = Buffer.from(heartbeat(serial));
  f[f.length - 2] = (f[f.length - 2] as number) ^ 0xff;
  return f;
}

describe('splitting a stream into frames', () => {
  it('finds back-to-back frames in one chunk', () => {
    const c = collect();
    c.splitter.push(Buffer.concat([heartbeat(1), heartbeat(2), location2019(3)]));
    expect(c.serials()).toEqual([1, 2, 3]);
    expect(c.drops).toEqual([]);
  });

  it('reassembles frames fed one byte at a time', () => {
    const c = collect();
    const stream = Buffer.concat([heartbeat(1), location2019(2), heartbeat(3)]);
    for (const b of stream) c.splitter.push(Buffer.from([b]));
    expect(c.serials()).toEqual([1, 2, 3]);
    expect(c.drops).toEqual([]);
    expect(c.splitter.pendingBytes).toBe(0);
  });

  it('reassembles frames cut at every possible point', () => {
    const stream = Buffer.concat([heartbeat(1), location2019(2), heartbeat(3)]);
    for (let cut = 1; cut < stream.length; cut++) {
      const c = collect();
      c.splitter.push(stream.subarray(0, cut));
      c.splitter.push(stream.subarray(cut));
      expect(c.serials(), `cut at ${cut}`).toEqual([1, 2, 3]);
    }
  });

  it('accepts repeated flags between frames', () => {
    const c = collect();
    c.splitter.push(Buffer.concat([Buffer.from([0x7e, 0x7e]), heartbeat(1), Buffer.from([0x7e]), heartbeat(2)]));
    expect(c.serials()).toEqual([1, 2]);
    expect(c.drops).toEqual([]);
  });

  it('accepts frames that share one flag between them', () => {
    const c = collect();
    const a = heartbeat(1);
    const b = heartbeat(2);
    c.splitter.push(Buffer.concat([a, b.subarray(1)]));
    expect(c.serials()).toEqual([1, 2]);
  });
});

describe('resynchronising after bad input', () => {
  it('drops garbage before the first frame and between frames, counting it, and keeps the good frames', () => {
    const c = collect();
    c.splitter.push(Buffer.concat([Buffer.from('GET / HTTP/1.1\r\n'), heartbeat(1), Buffer.from('noise'), heartbeat(2)]));
    expect(c.serials()).toEqual([1, 2]);
    expect(c.reasons()).toEqual(['garbage', 'garbage']);
  });

  it('drops a frame with a bad check code and decodes the next one', () => {
    const c = collect();
    c.splitter.push(Buffer.concat([badCheck(1), heartbeat(2)]));
    expect(c.serials()).toEqual([2]);
    expect(c.reasons()).toEqual(['bad_check_code']);
  });

  it('drops a frame with a bad escape and decodes the next one', () => {
    const c = collect();
    c.splitter.push(Buffer.concat([Buffer.from('7e00027d05aa7e', 'hex'), heartbeat(2)]));
    expect(c.serials()).toEqual([2]);
    expect(c.reasons()).toEqual(['bad_escape']);
  });

  it('drops a frame whose length disagrees with its header and decodes the next one', () => {
    const raw = Buffer.from('0002000101381234567800010000', 'hex');
    const frame = Buffer.concat([Buffer.from([0x7e]), raw, Buffer.from([checkCode(raw), 0x7e])]);
    const c = collect();
    c.splitter.push(Buffer.concat([frame, heartbeat(2)]));
    expect(c.serials()).toEqual([2]);
    expect(c.reasons()).toEqual(['length_mismatch']);
  });

  it('recovers the frame that follows a truncated one, even when the truncated one lost its closing flag', () => {
    const cut = location2019(1).subarray(0, 20);
    const c = collect();
    c.splitter.push(Buffer.concat([cut, heartbeat(2), heartbeat(3)]));
    expect(c.serials()).toEqual([2, 3]);
    expect(c.reasons()).toEqual(['truncated']);
  });

  it('drops an oversized run without holding it, then decodes the next frame', () => {
    const c = collect(100);
    c.splitter.push(Buffer.from([0x7e]));
    for (let i = 0; i < 50; i++) c.splitter.push(Buffer.alloc(10, 0x31));
    expect(c.splitter.pendingBytes).toBe(0);
    c.splitter.push(heartbeat(2));
    expect(c.serials()).toEqual([2]);
    expect(c.reasons()).toEqual(['oversized']);
  });

  it('drops an oversized frame that arrives whole in one chunk', () => {
    const c = collect(100);
    c.splitter.push(Buffer.concat([Buffer.from([0x7e]), Buffer.alloc(300, 0x31), heartbeat(2)]));
    expect(c.serials()).toEqual([2]);
    expect(c.reasons()).toEqual(['oversized']);
  });

  it('never holds more than the limit of garbage that has no flag', () => {
    const c = collect(100);
    for (let i = 0; i < 100; i++) c.splitter.push(Buffer.alloc(64, 0x41));
    expect(c.splitter.pendingBytes).toBeLessThanOrEqual(100);
    expect(c.reasons()).toEqual(['garbage']);
    c.splitter.push(heartbeat(9));
    expect(c.serials()).toEqual([9]);
  });

  it('reports a frame cut off by the end of the stream as truncated', () => {
    const c = collect();
    c.splitter.push(location2019(1).subarray(0, 10));
    c.splitter.end();
    expect(c.reasons()).toEqual(['truncated']);
    expect(c.splitter.pendingBytes).toBe(0);
  });

  it('survives random bytes and still decodes a good frame afterwards', () => {
    const c = collect();
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed & 0xff;
    };
    for (let i = 0; i < 200; i++) c.splitter.push(Buffer.from(Array.from({ length: 97 }, random)));
    c.splitter.push(heartbeat(77));
    c.splitter.push(heartbeat(78));
    expect(c.serials().slice(-2)).toEqual([77, 78]);
  });
});
