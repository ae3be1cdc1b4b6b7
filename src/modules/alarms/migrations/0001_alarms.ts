import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/index.js';

const STATUSES = `('open', 'confirmed', 'false_positive', 'notified', 'handling', 'closed')`;

export const m0001: Migration = {
  id: '0001_alarms',
  async up(db) {
    await sql`create schema alarms`.execute(db);
    await sql
      .raw(`
      create table alarms.alarm (
        id uuid primary key default gen_random_uuid(),
        vehicle_id uuid not null,
        enterprise_id uuid not null,
        area_id uuid,
        area_path uuid[] not null default '{}',
        rule text not null,
        severity text not null check (severity in ('high', 'medium', 'low')),
        status text not null default 'open' check (status in ${STATUSES}),
        episode_key text not null unique,
        started_at timestamptz not null,
        ended_at timestamptz,
        peak double precision not null,
        unit text not null,
        limit_value double precision,
        zone_id text,
        detail jsonb not null default '{}',
        evidence jsonb not null default '[]',
        deadline timestamptz,
        verified_by uuid,
        verified_at timestamptz,
        notified_at timestamptz,
        handled_at timestamptz,
        handling_action text check (handling_action in ('message_driver', 'call_driver', 'stop_vehicle', 'other')),
        closed_at timestamptz,
        result text,
        escalated_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        check (status not in ('notified', 'handling', 'closed') or deadline is not null)
      )`)
      .execute(db);
    // The queue: newest first, by state, by vehicle, by enterprise; the escalation job's overdue candidates.
    await sql`create index alarm_newest on alarms.alarm (started_at desc, id desc)`.execute(db);
    await sql`create index alarm_status_newest on alarms.alarm (status, started_at desc, id desc)`.execute(db);
    await sql`create index alarm_vehicle on alarms.alarm (vehicle_id, started_at desc)`.execute(db);
    await sql`create index alarm_enterprise on alarms.alarm (enterprise_id, started_at desc)`.execute(db);
    await sql`create index alarm_area_path on alarms.alarm using gin (area_path)`.execute(db);
    await sql`create index alarm_overdue on alarms.alarm (deadline) where status in ('notified', 'handling') and escalated_at is null`.execute(
      db,
    );
    await sql`
      create table alarms.alarm_step (
        id uuid primary key default gen_random_uuid(),
        -- The order steps were written in: steps of one instant keep it.
        seq bigint generated always as identity,
        alarm_id uuid not null references alarms.alarm (id),
        step text not null,
        actor jsonb not null,
        note text,
        data jsonb not null default '{}',
        at timestamptz not null
      )`.execute(db);
    await sql`create index alarm_step_alarm on alarms.alarm_step (alarm_id, at)`.execute(db);
    await sql`
      create table alarms.zone (
        id uuid primary key default gen_random_uuid(),
        kind text not null check (kind in ('forbidden', 'speed_limit', 'corridor', 'expressway')),
        name text not null check (length(name) between 1 and 100),
        polygon jsonb,
        line jsonb,
        half_width_m double precision,
        classes text[],
        window_from text check (window_from ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        window_to text check (window_to ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
        speed_limit_kmh double precision,
        area_id uuid,
        created_by uuid,
        created_at timestamptz not null default now(),
        check (polygon is not null or line is not null),
        check ((window_from is null) = (window_to is null))
      )`.execute(db);
  },
};
