import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/index.js';

export const m0001: Migration = {
  id: '0001_directory',
  async up(db) {
    await sql`create schema directory`.execute(db);
    await sql`
      create table directory.area (
        id uuid primary key default gen_random_uuid(),
        parent_id uuid references directory.area (id),
        level text not null check (level in ('city', 'district', 'street', 'community', 'grid')),
        code text not null unique check (code ~ '^[0-9]{6,15}$'),
        name text not null check (length(name) between 1 and 100),
        name_en text check (length(name_en) <= 200),
        boundary jsonb check (boundary is null or boundary ->> 'type' in ('Polygon', 'MultiPolygon')),
        created_at timestamptz not null default now()
      )`.execute(db);
    await sql`create index area_parent on directory.area (parent_id)`.execute(db);
    await sql`
      create table directory.organisation (
        id uuid primary key default gen_random_uuid(),
        kind text not null check (kind in ('regulator', 'enterprise', 'provider', 'mutual_aid_group', 'rescue_team')),
        name text not null check (length(name) between 1 and 200),
        name_en text check (length(name_en) <= 300),
        credit_code text unique check (credit_code ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
        department text check (department in ('emergency', 'transport', 'fire', 'market', 'housing', 'ecology')),
        area_id uuid references directory.area (id),
        address text check (length(address) <= 300),
        lng double precision check (lng between -180 and 180),
        lat double precision check (lat between -90 and 90),
        industry_code text check (industry_code ~ '^[A-T]?[0-9]{2,4}$'),
        trade text check (trade in ('hazardous_chemicals', 'warehouse', 'workshop', 'restaurant', 'construction', 'transport')),
        size text check (size in ('large', 'medium', 'small', 'micro')),
        uses_hazardous_chemicals boolean not null default false,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        check ((department is null) or kind = 'regulator'),
        check ((lng is null) = (lat is null))
      )`.execute(db);
    await sql`create index organisation_kind_area on directory.organisation (kind, area_id)`.execute(db);
    await sql`create index organisation_trade on directory.organisation (trade) where kind = 'enterprise'`.execute(db);
    await sql`
      create table directory.person (
        id uuid primary key default gen_random_uuid(),
        name text not null check (length(name) between 1 and 100),
        created_at timestamptz not null default now()
      )`.execute(db);
    await sql`
      create table directory.group_member (
        group_id uuid not null references directory.organisation (id),
        enterprise_id uuid not null references directory.organisation (id),
        is_lead boolean not null default false,
        joined_at timestamptz not null default now(),
        primary key (group_id, enterprise_id)
      )`.execute(db);
    await sql`create unique index group_one_lead on directory.group_member (group_id) where is_lead`.execute(db);
  },
};
