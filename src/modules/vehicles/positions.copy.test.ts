import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/db.js';
import { PositionCopyEncoder } from './positions.copy.js';
import { copyLine, POSITION_COLUMNS, type PositionRecord } from './vehicles.rules.js';

let database: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  database = await createTestDatabase();
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query("set timezone = 'UTC'");
  await client.query('create temporary table text_rows (like vehicles.position)');
  await client.query('create temporary table binary_rows (like vehicles.position)');
});

afterAll(async () => {
  await client?.end();
  await database?.drop();
});

async function copy(sql: string, chunks: (Buffer | string)[]): Promise<void> {
  const stream = client.query(copyFrom(sql));
  await new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
    for (const c of chunks) stream.write(c);
    stream.end();
  });
}

describe('binary COPY of positions', () => {
  it('stores exactly what the text format stores, nulls, negatives, back-fill and items included', async () => {
    const vehicle = randomUUID();
    const records: PositionRecord[] = [
      {
        vehicleId: vehicle,
        time: Date.UTC(2026, 11, 7, 12, 0, 0, 123),
        receivedAt: Date.UTC(2026, 11, 7, 12, 0, 1, 5),
        latE6: 31_234_567,
        lngE6: 121_765_432,
        altitude: 65535,
        speed: 1234,
        direction: 359,
        // Bit 31 set: stored as a negative integer of the same bits.
        alarm: 0x80000001,
        status: 0xfffffffe,
        mileage: 7_654_321,
        backfill: true,
        itemsHex: '0104000123453001143101ff',
      },
      {
        vehicleId: vehicle,
        // Before PostgreSQL's epoch (a terminal clock far off), and southern/western coordinates.
        time: Date.UTC(1999, 0, 1, 0, 0, 0, 1),
        receivedAt: Date.UTC(2026, 11, 7, 12, 0, 1, 5),
        latE6: -33_868_820,
        lngE6: -151_209_296,
        altitude: 0,
        speed: 0,
        direction: 0,
        alarm: 0,
        status: 0,
        mileage: null,
        backfill: false,
        itemsHex: null,
      },
    ];
    const encoder = new PositionCopyEncoder();
    for (const r of records) encoder.add(r);
    expect(encoder.rows).toBe(2);
    const columns = POSITION_COLUMNS.join(', ');
    await copy(`copy binary_rows (${columns}) from stdin with (format binary)`, encoder.finish());
    await copy(`copy text_rows (${columns}) from stdin`, records.map(copyLine));
    const read = async (table: string) =>
      (await client.query(`select ${columns}, time::text as time_text from ${table} order by time`)).rows as Record<string, unknown>[];
    const [binary, text] = [await read('binary_rows'), await read('text_rows')];
    expect(binary).toHaveLength(2);
    expect(binary).toEqual(text);
    expect(binary[0]?.time_text).toBe('1999-01-01 00:00:00.001+00');
    expect(binary[1]?.alarm).toBe(-2147483647);
    const items = binary[1]?.items;
    expect(items).toBeInstanceOf(Buffer);
    expect((items as Buffer).toString('hex')).toBe('0104000123453001143101ff');
  });
});
