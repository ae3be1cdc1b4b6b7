import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/index.js';

const SKILLS = `array['first_aid', 'fire_safety', 'electrical', 'gas', 'construction', 'hazardous_chemicals', 'traffic', 'other']::text[]`;

export const m0001: Migration = {
  id: '0001_volunteers',
  async up(db) {
    await sql`create schema volunteers`.execute(db);
    await sql
      .raw(`
      create table volunteers.volunteer (
        person_id uuid primary key,
        role text not null check (role in ('volunteer', 'grid_worker')),
        area_id uuid not null,
        area_path uuid[] not null,
        skills text[] not null default '{}' check (skills <@ ${SKILLS}),
        status text not null check (status in ('active', 'suspended')),
        registered_at timestamptz not null,
        updated_at timestamptz not null
      );
      create index volunteer_area_path on volunteers.volunteer using gin (area_path);
      create table volunteers.application (
        id uuid primary key default gen_random_uuid(),
        name text not null check (length(name) between 1 and 100),
        phone_enc text not null,
        phone_index text not null,
        area_id uuid not null,
        area_path uuid[] not null,
        skills text[] not null default '{}' check (skills <@ ${SKILLS}),
        note text check (length(note) <= 1000),
        status text not null check (status in ('pending', 'approved', 'declined')),
        address_hash text,
        submitted_at timestamptz not null,
        decided_at timestamptz,
        decided_by uuid,
        decline_reason text,
        person_id uuid,
        check ((status = 'pending') = (decided_at is null)),
        check (status <> 'declined' or decline_reason is not null),
        check (status <> 'approved' or person_id is not null)
      );
      create index application_area_path on volunteers.application using gin (area_path);
      create index application_address on volunteers.application (address_hash, submitted_at);
      create table volunteers.patrol (
        id uuid primary key default gen_random_uuid(),
        person_id uuid not null,
        area_id uuid not null,
        area_path uuid[] not null,
        started_at timestamptz not null,
        ended_at timestamptz not null,
        route jsonb,
        note text check (length(note) <= 2000),
        findings jsonb not null default '[]',
        created_at timestamptz not null default now(),
        check (ended_at > started_at and ended_at - started_at <= interval '12 hours')
      );
      create index patrol_person on volunteers.patrol (person_id, started_at);
      create index patrol_area_path on volunteers.patrol using gin (area_path);
      create table volunteers.activity (
        id uuid primary key default gen_random_uuid(),
        person_id uuid not null,
        area_path uuid[] not null,
        date date not null,
        hours double precision not null check (hours > 0 and hours <= 24),
        activity text not null check (length(activity) between 1 and 200),
        kind text not null check (kind in ('work', 'training')),
        recorded_by uuid not null,
        recorded_at timestamptz not null
      );
      create index activity_person on volunteers.activity (person_id, date);
      create table volunteers.report_credit (
        report_id uuid primary key,
        report_code text not null,
        person_id uuid not null,
        area_path uuid[] not null,
        filed_at timestamptz not null
      );
      create index report_credit_person on volunteers.report_credit (person_id, filed_at);
    `)
      .execute(db);
  },
};
