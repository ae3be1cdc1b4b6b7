import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bcdTime } from '../../src/ingest/jt808/bytes.js';
import { encodeFrame } from '../../src/ingest/jt808/frame.js';
import { encodeLocation, item } from '../../src/ingest/jt808/location.js';

const root = path.resolve(import.meta.dirname, '../..');

/** `gongzhi jt808 decode …` as an integrator runs it: no configuration, no database. */
function decode(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'jt808', ...args], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
}

const time = bcdTime(Buffer.from('260501083000', 'hex'), 0) as number;
const location2019 = encodeFrame(
  { messageId: 0x0200, edition: '2019', terminal: '13812345678', serial: 42 },
  Buffer.concat([
    encodeLocation({ alarm: (1 << 0) | (1 << 16), status: 0x00400003, latE6: 31230416, lngE6: 121473701, speed: 805, direction: 90, time }),
    item(0x01, Buffer.from('0000303a', 'hex')),
    item(0xe1, Buffer.from('abcd', 'hex')),
  ]),
).toString('hex');

describe('gongzhi jt808 decode', { timeout: 120_000 }, () => {
  it('prints a 2019 location as JSON with alarm and status bits by name and the additional items', async () => {
    const r = await decode('decode', location2019);
    expect(r.code).toBe(0);
    const frame = JSON.parse(r.out);
    expect(frame.header).toMatchObject({
      messageId: '0x0200',
      edition: '2019',
      protocolVersion: 1,
      terminal: '00000000013812345678',
      serial: 42,
    });
    expect(frame.body.alarm.set).toEqual(['emergency', 'tyre_pressure_warning']);
    expect(frame.body.status.set).toEqual(['acc_on', 'positioned', 'driving']);
    expect(frame.body).toMatchObject({ latitude: 31.230416, longitude: 121.473701, speedKmh: 80.5, time: '2026-05-01T08:30:00+08:00' });
    expect(frame.body.additionalItems).toEqual([
      { id: '0x01', name: 'mileage', length: 4, value: { km: 1234.6 } },
      { id: '0xe1', name: 'custom', length: 2, raw: 'abcd' },
    ]);
  });

  it('accepts the hex split by spaces, as people paste it', async () => {
    const spaced = location2019.match(/.{2}/g)?.join(' ') ?? '';
    const r = await decode('decode', ...spaced.split(' '));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).header.serial).toBe(42);
  });

  it('says precisely why a frame cannot be decoded, with exit code 2', async () => {
    const badCheck = `${location2019.slice(0, -4)}00${location2019.slice(-2)}`;
    const r = await decode('decode', badCheck);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trim()).toMatch(/^cannot decode: bad_check_code: the check code is 0x00 but header and body XOR to 0x[0-9a-f]{2}$/);
    const truncated = await decode('decode', location2019.slice(0, 40));
    expect(truncated.code).toBe(2);
    expect(truncated.err).toContain('truncated: the frame opens with 0x7e but does not close with one');
    const notHex = await decode('decode', '7e02zz');
    expect(notHex.code).toBe(2);
    expect(notHex.err).toContain("bad_hex: 'z' at position 4 is not a hex digit");
  });

  it('explains its usage when the subcommand is wrong', async () => {
    const r = await decode('encode', 'aa');
    expect(r.code).toBe(2);
    expect(r.err).toContain("unknown subcommand 'encode'");
    expect(r.err).toContain('usage: gongzhi jt808 decode <hex>');
  });
});
