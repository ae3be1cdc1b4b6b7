import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/index.js';

export const m0001: Migration = {
  id: '0001_access',
  async up(db) {
    await sql`create schema access`.execute(db);
    await sql`
      create table access.account (
        id uuid primary key default gen_random_uuid(),
        person_id uuid not null unique,
        username text not null unique check (username = lower(username) and username ~ '^[a-z0-9][a-z0-9._@-]{1,63}$'),
        password_hash text not null,
        locale text not null default 'zh-CN' check (locale in ('zh-CN', 'en')),
        disabled_at timestamptz,
        created_at timestamptz not null default now()
      )`.execute(db);
    await sql`
      create table access.grant (
        id uuid primary key default gen_random_uuid(),
        person_id uuid not null,
        role text not null,
        organisation_id uuid not null,
        area_id uuid,
        valid_from timestamptz not null default now(),
        valid_until timestamptz,
        created_at timestamptz not null default now(),
        check (valid_until is null or valid_until > valid_from)
      )`.execute(db);
    await sql`create index grant_person on access.grant (person_id)`.execute(db);
    await sql`
      create table access.session (
        id text primary key,
        account_id uuid not null references access.account (id) on delete cascade,
        csrf_token text not null,
        created_at timestamptz not null default now(),
        last_seen_at timestamptz not null,
        expires_at timestamptz not null,
        address text,
        user_agent text
      )`.execute(db);
    await sql`create index session_account on access.session (account_id)`.execute(db);
    await sql`create index session_expires on access.session (expires_at)`.execute(db);
    await sql`
      create table access.sign_in_throttle (
        key text primary key,
        failures integer not null check (failures > 0),
        window_started_at timestamptz not null,
        blocked_until timestamptz
      )`.execute(db);
  },
};
