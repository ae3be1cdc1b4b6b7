import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/index.js';

/**
 * The daily roll-up of each vehicle's track figures, so the ranking over a month
 * of a whole city reads one row per vehicle and day instead of every position.
 */
export const m0003: Migration = {
  id: '0003_vehicle_days',
  async up(db) {
    await sql`
      create table vehicles.vehicle_day (
        day date not null,
        vehicle_id uuid not null,
        positions integer not null,
        distinct_times integer not null,
        expected integer not null,
        valid integer not null,
        drift integer not null,
        primary key (day, vehicle_id)
      )`.execute(db);
    // One row per CST day rolled up, with the reporting interval its expected counts assume.
    await sql`
      create table vehicles.rolled_day (
        day date primary key,
        interval_seconds integer not null check (interval_seconds > 0),
        vehicles integer not null,
        rolled_at timestamptz not null default now()
      )`.execute(db);
  },
};
