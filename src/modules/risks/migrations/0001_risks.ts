import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/index.js';
import { DEFAULT_SCHEME } from '../risks.defaults.js';

const LEVEL = `check (level in ('major', 'high', 'moderate', 'low'))`;

export const m0001: Migration = {
  id: '0001_risks',
  async up(db) {
    await sql`create schema risks`.execute(db);
    await sql`
      create table risks.scheme (
        id uuid primary key default gen_random_uuid(),
        area_id uuid,
        version integer not null check (version > 0),
        lec jsonb not null,
        ls jsonb not null,
        tiers jsonb not null,
        note text,
        published_by uuid,
        published_at timestamptz not null default now()
      )`.execute(db);
    await sql`create unique index scheme_area_version on risks.scheme (coalesce(area_id, '00000000-0000-0000-0000-000000000000'::uuid), version)`.execute(
      db,
    );
    // The national default, version 1: every assessment can name the scheme it used.
    await sql`
      insert into risks.scheme (area_id, version, lec, ls, tiers, note)
      values (null, 1, ${JSON.stringify(DEFAULT_SCHEME.lec)}, ${JSON.stringify(DEFAULT_SCHEME.ls)}, ${JSON.stringify(DEFAULT_SCHEME.tiers)},
        'National default: LEC per the classic Graham–Kinney tables, LS per DB37/T 2882-style bands')`.execute(db);

    await sql`
      create table risks.risk_point (
        id uuid primary key,
        enterprise_id uuid not null,
        kind text not null check (kind in ('place', 'activity')),
        name text not null check (length(name) between 1 and 100),
        description text not null default '',
        lng double precision check (lng between -180 and 180),
        lat double precision check (lat between -90 and 90),
        outline jsonb,
        level text ${sql.raw(LEVEL)},
        assessment_id uuid,
        created_by uuid,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        retired_at timestamptz,
        retired_reason text,
        check ((lng is null) = (lat is null))
      )`.execute(db);
    await sql`create index risk_point_enterprise on risks.risk_point (enterprise_id) where retired_at is null`.execute(db);

    await sql`
      create table risks.hazard_source (
        risk_point_id uuid not null references risks.risk_point (id),
        position integer not null,
        accident_type text not null,
        factor text check (factor in ('human', 'object', 'environment', 'management')),
        description text not null,
        primary key (risk_point_id, position)
      )`.execute(db);

    await sql`
      create table risks.assessment (
        id uuid primary key,
        risk_point_id uuid not null references risks.risk_point (id),
        enterprise_id uuid not null,
        scheme_id uuid not null references risks.scheme (id),
        lec jsonb,
        ls jsonb,
        direct jsonb,
        level text not null ${sql.raw(LEVEL)},
        note text,
        assessed_by uuid,
        entrustment_id uuid,
        assessed_at timestamptz not null,
        -- Orders assessments made at the same instant (a clock that stands still in tests, a batch).
        seq bigint generated always as identity,
        check (lec is not null or ls is not null or direct is not null)
      )`.execute(db);
    await sql`create index assessment_point on risks.assessment (risk_point_id, assessed_at desc, seq desc)`.execute(db);

    await sql`
      create table risks.control_measure (
        id uuid primary key,
        risk_point_id uuid not null references risks.risk_point (id),
        enterprise_id uuid not null,
        type text not null check (type in ('engineering', 'management', 'training', 'protective_equipment', 'emergency')),
        description text not null check (length(description) between 1 and 500),
        owner_person_id uuid,
        owner_post text,
        every integer not null check (every between 1 and 366),
        unit text not null check (unit in ('day', 'week', 'month', 'year')),
        next_due_at timestamptz not null,
        last_checked_at timestamptz,
        last_result text check (last_result in ('passed', 'failed')),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        retired_at timestamptz,
        check (owner_person_id is not null or owner_post is not null)
      )`.execute(db);
    await sql`create index measure_point on risks.control_measure (risk_point_id)`.execute(db);
    await sql`create index measure_due on risks.control_measure (enterprise_id, next_due_at) where retired_at is null`.execute(db);
    await sql`create index measure_due_all on risks.control_measure (next_due_at) where retired_at is null`.execute(db);

    await sql`
      create table risks.control_check (
        id uuid primary key,
        measure_id uuid not null references risks.control_measure (id),
        risk_point_id uuid not null,
        enterprise_id uuid not null,
        result text not null check (result in ('passed', 'failed')),
        note text,
        checked_at timestamptz not null,
        checked_by uuid,
        hazard_id uuid,
        hazard_code text,
        seq bigint generated always as identity,
        check ((result = 'failed') = (hazard_id is not null))
      )`.execute(db);
    await sql`create index check_point on risks.control_check (risk_point_id, checked_at desc, seq desc)`.execute(db);

    await sql`
      create table risks.enterprise_risk (
        enterprise_id uuid primary key,
        level text ${sql.raw(LEVEL)},
        major integer not null default 0,
        high integer not null default 0,
        moderate integer not null default 0,
        low integer not null default 0,
        unassessed integer not null default 0,
        updated_at timestamptz not null default now()
      )`.execute(db);
  },
};
