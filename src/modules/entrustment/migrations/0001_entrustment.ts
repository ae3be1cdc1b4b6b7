import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/index.js';

export const m0001: Migration = {
  id: '0001_entrustment',
  async up(db) {
    await sql`create schema entrustment`.execute(db);
    await sql`
      create table entrustment.entrustment (
        id uuid primary key default gen_random_uuid(),
        code text not null unique check (code ~ '^[0-9A-HJKMNP-TV-Z]{10}$'),
        title text not null check (length(title) between 1 and 200),
        regulator_id uuid not null,
        provider_id uuid not null,
        services text[] not null check (cardinality(services) > 0),
        target_kind text not null check (target_kind in ('enterprises', 'area')),
        area_id uuid,
        valid_from timestamptz not null,
        valid_until timestamptz not null,
        contract_value numeric(14, 2) not null check (contract_value >= 0),
        deliverables jsonb not null default '[]',
        status text not null default 'active' check (status in ('active', 'suspended', 'ended')),
        status_reason text,
        status_changed_at timestamptz,
        created_by uuid not null,
        created_at timestamptz not null default now(),
        check (valid_until > valid_from),
        check ((target_kind = 'area') = (area_id is not null))
      )`.execute(db);
    await sql`create index entrustment_provider on entrustment.entrustment (provider_id, valid_until)`.execute(db);
    await sql`create index entrustment_regulator on entrustment.entrustment (regulator_id, created_at)`.execute(db);
    await sql`
      create table entrustment.target (
        entrustment_id uuid not null references entrustment.entrustment (id),
        enterprise_id uuid not null,
        primary key (entrustment_id, enterprise_id)
      )`.execute(db);
    await sql`create index target_enterprise on entrustment.target (enterprise_id)`.execute(db);
  },
};
