import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/index.js';

const STATUSES = `('submitted', 'verified', 'hazard', 'duplicate', 'not_a_hazard', 'not_our_responsibility', 'no_further_action')`;

export const m0001: Migration = {
  id: '0001_reports',
  async up(db) {
    await sql`create schema reports`.execute(db);
    await sql`create sequence reports.code_serial`.execute(db);
    await sql
      .raw(`
      create table reports.open311_client (
        id uuid primary key default gen_random_uuid(),
        name text not null check (length(name) between 1 and 200),
        key_hash text not null unique,
        created_at timestamptz not null default now(),
        created_by uuid,
        revoked_at timestamptz
      );
      create table reports.report (
        id uuid primary key default gen_random_uuid(),
        code text not null unique,
        token text not null unique,
        service_code text not null,
        description text not null check (length(description) <= 4000),
        lng double precision,
        lat double precision,
        address text,
        area_id uuid not null,
        area_path uuid[] not null default '{}',
        responsible_organisation_id uuid,
        status text not null check (status in ${STATUSES}),
        channel text not null check (channel in ('web', 'open311')),
        open311_client_id uuid references reports.open311_client (id),
        attributes jsonb not null default '{}',
        media_url text,
        reporter_name_enc text,
        reporter_contact_enc text,
        received_at timestamptz not null,
        due_at timestamptz not null,
        updated_at timestamptz not null,
        verified_at timestamptz,
        closed_at timestamptz,
        duplicate_of uuid references reports.report (id),
        referred_to text,
        hazard_id uuid,
        enterprise_id uuid,
        check ((lng is null) = (lat is null)),
        check (status <> 'duplicate' or duplicate_of is not null),
        check (status <> 'not_our_responsibility' or referred_to is not null),
        check (status <> 'hazard' or hazard_id is not null)
      );
      create index report_area_path on reports.report using gin (area_path);
      create index report_received on reports.report (received_at desc, id);
      create index report_updated on reports.report (updated_at);
      create index report_open_place on reports.report (service_code, lat, lng) where status in ('submitted', 'verified', 'hazard');
      create index report_hazard on reports.report (hazard_id) where hazard_id is not null;
      create table reports.report_event (
        id uuid primary key default gen_random_uuid(),
        -- The order events were written in: events of one instant (one transaction) keep it.
        seq bigint generated always as identity,
        report_id uuid not null references reports.report (id),
        at timestamptz not null,
        kind text not null,
        from_status text check (from_status in ${STATUSES}),
        to_status text not null check (to_status in ${STATUSES}),
        actor jsonb not null,
        public_note text
      );
      create index report_event_report on reports.report_event (report_id, at);
      create table reports.intake_hit (
        key text not null,
        at timestamptz not null
      );
      create index intake_hit_key on reports.intake_hit (key, at);
    `)
      .execute(db);
  },
};
