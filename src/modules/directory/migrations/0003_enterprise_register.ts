import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/index.js';

export const m0003: Migration = {
  id: '0003_enterprise_register',
  async up(db) {
    await sql`alter table directory.organisation
      add column principal_name text check (length(principal_name) <= 100),
      add column safety_manager_name text check (length(safety_manager_name) <= 100)`.execute(db);
    await sql`
      create table directory.import_job (
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
