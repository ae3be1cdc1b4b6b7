import { describe, expect, it } from 'vitest';
import { encodeFrame, parseFrame } from '../jt808/frame.js';
import { decodeLocation, encodeLocation, item } from '../jt808/location.js';
import type { Report } from './motion.js';
import { locationFrame, terminalBcd } from './wire.js';

const report: Report = {
  time: Date.UTC(2026, 11, 7, 1, 2, 3),
  latE6: 30_281_234,
  lngE6: 120_151_234,
  altitude: 12,
  speed: 634,
  direction: 271,
  alarm: 0x0000_0003,
  status: 0x000c_0003,
  mileage: 2_889_270,
};

const viaCodec = (terminal: string, serial: number, r: Report) =>
  encodeFrame(
    { messageId: 0x0200, edition: '2013', terminal, serial },
    Buffer.concat([
      encodeLocation(r),
      item(0x01, Buffer.from([(r.mileage >>> 24) & 0xff, (r.mileage >>> 16) & 0xff, (r.mileage >>> 8) & 0xff, r.mileage & 0xff])),
      item(0x30, Buffer.from([25])),
      item(0x31, Buffer.from([14])),
    ]),
  );

describe('the simulator’s location frames', () => {
  it('are byte for byte what the codec encodes, and decode back to the report', () => {
    const frame = locationFrame(terminalBcd('14400012345'), 77, report);
    expect(frame.toString('hex')).toBe(viaCodec('14400012345', 77, report).toString('hex'));
    const parsed = parseFrame(frame.subarray(1, -1));
    if ('reason' in parsed) throw new Error(parsed.detail);
    expect(parsed.header).toMatchObject({ messageId: 0x0200, terminal: '014400012345', serial: 77, edition: '2013' });
    expect(decodeLocation(parsed.body)).toMatchObject({
      alarm: 3,
      status: 0x000c0003,
      latE6: report.latE6,
      lngE6: report.lngE6,
      speed: 634,
      direction: 271,
      time: report.time,
      mileage: 2_889_270,
    });
  });

  it('escape 0x7e and 0x7d wherever they occur', () => {
    // A serial of 0x7e7d and a speed of 0x7d7e put both flag bytes into the header and the body.
    const tricky = { ...report, speed: 0x7d7e };
    const frame = locationFrame(terminalBcd('13800000001'), 0x7e7d, tricky);
    expect(frame.toString('hex')).toBe(viaCodec('13800000001', 0x7e7d, tricky).toString('hex'));
    expect(frame.subarray(1, -1).includes(0x7e)).toBe(false);
  });
});
