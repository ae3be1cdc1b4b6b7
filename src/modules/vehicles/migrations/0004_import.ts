import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/index.js';

/** Imports of the vehicle register from CSV or XLSX: one row per uploaded file, its progress and its report. */
export const m0004: Migration = {
  id: '0004_import',
  async up(db) {
    await sql`
      create table vehicles.import_job (
        id uuid primary key default gen_random_uuid(),
        file_name text not null,
        format text not null check (format in ('csv', 'xlsx')),
        status text not null default 'running' check (status in ('running', 'succeeded', 'failed')),
        total_bytes bigint,
        bytes_read bigint not null default 0,
        rows_read integer not null default 0,
        created integer not null default 0,
        updated integer not null default 0,
        unchanged integer not null default 0,
        refused integer not null default 0,
        drivers_created integer not null default 0,
        refusals jsonb not null default '[]',
        error jsonb,
        organisation_id uuid,
        person_id uuid,
        started_at timestamptz not null default now(),
        heartbeat_at timestamptz not null default now(),
        finished_at timestamptz
      )`.execute(db);
  },
};
