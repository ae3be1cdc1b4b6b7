import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/index.js';

const STATUSES = `('discovered', 'registered', 'assessed', 'treating', 'awaiting_acceptance', 'accepted', 'closed', 'dismissed')`;
const SOURCES = `('self_check', 'third_party', 'enforcement', 'peer_check', 'patrol', 'public_report', 'control_check')`;

export const m0001: Migration = {
  id: '0001_hazards',
  async up(db) {
    await sql`create schema hazards`.execute(db);
    await sql`create sequence hazards.code_serial`.execute(db);
    await sql
      .raw(`
      create table hazards.hazard (
        id uuid primary key default gen_random_uuid(),
        code text not null unique,
        enterprise_id uuid not null,
        area_id uuid,
        area_path uuid[] not null default '{}',
        trade text,
        industry_code text,
        source text not null check (source in ${SOURCES}),
        title text not null check (length(title) between 1 and 200),
        description text not null default '',
        legal_basis text,
        proposed_grade text check (proposed_grade in ('general', 'major')),
        grade text check (grade in ('general', 'major')),
        criterion jsonb,
        status text not null check (status in ${STATUSES}),
        lng double precision,
        lat double precision,
        inspection_id uuid,
        checklist_item_key text,
        risk_point_id uuid,
        control_measure_id uuid,
        entrustment_id uuid,
        fixed_on_spot boolean not null default false,
        reported_by uuid,
        reported_by_organisation uuid,
        discovered_at timestamptz not null,
        registered_at timestamptz,
        assessed_at timestamptz,
        treating_at timestamptz,
        submitted_at timestamptz,
        submitted_by uuid,
        accepted_at timestamptz,
        accepted_by uuid,
        acceptance_basis text check (acceptance_basis in ('inspection', 'assessment')),
        closed_at timestamptz,
        dismissed_at timestamptz,
        deadline timestamptz,
        order_measures text,
        order_responsible_name text,
        order_responsible_person_id uuid,
        order_funding jsonb,
        five_implementations jsonb not null default '{}',
        treatment_plan jsonb not null default '{}',
        major_report jsonb,
        reported_at timestamptz,
        reported_to uuid,
        supervised_by uuid,
        supervised_at timestamptz,
        production_status text not null default 'none' check (production_status in ('none', 'stopped', 'resumption_applied', 'resumed')),
        production jsonb,
        notice_offset integer,
        on_time boolean,
        reopen_count integer not null default 0,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        check (grade is not null or status in ('discovered', 'registered', 'dismissed', 'closed')),
        check (status <> 'treating' or deadline is not null)
      )`)
      .execute(db);
    // The board: newest first, by state, by deadline (overdue), by place (area_path), by enterprise, one's own reports.
    await sql`create index hazard_newest on hazards.hazard (discovered_at desc, id desc)`.execute(db);
    await sql`create index hazard_status_newest on hazards.hazard (status, discovered_at desc, id desc)`.execute(db);
    await sql`create index hazard_treating_deadline on hazards.hazard (deadline, id) include (area_path, notice_offset) where status = 'treating'`.execute(
      db,
    );
    await sql`create index hazard_area_path on hazards.hazard using gin (area_path)`.execute(db);
    await sql`create index hazard_open_major on hazards.hazard (discovered_at desc, id desc) where grade = 'major' and status not in ('closed', 'dismissed')`.execute(
      db,
    );
    await sql`create index hazard_enterprise on hazards.hazard (enterprise_id, discovered_at desc)`.execute(db);
    await sql`create index hazard_reported_by on hazards.hazard (reported_by, discovered_at desc) where reported_by is not null`.execute(
      db,
    );
    await sql`create index hazard_inspection on hazards.hazard (inspection_id) where inspection_id is not null`.execute(db);
    await sql`create index hazard_production on hazards.hazard (production_status) where production_status in ('stopped', 'resumption_applied')`.execute(
      db,
    );

    await sql
      .raw(`
      create table hazards.event (
        id uuid primary key default gen_random_uuid(),
        seq bigint generated always as identity,
        hazard_id uuid not null references hazards.hazard (id),
        kind text not null,
        from_status text,
        to_status text,
        at timestamptz not null,
        actor jsonb not null,
        note text,
        data jsonb
      )`)
      .execute(db);
    await sql`create index event_hazard on hazards.event (hazard_id, seq)`.execute(db);

    await sql
      .raw(`
      create table hazards.evidence (
        id uuid primary key default gen_random_uuid(),
        hazard_id uuid not null references hazards.hazard (id),
        event_id uuid references hazards.event (id),
        kind text not null check (kind in ('before', 'after', 'document', 'contingency_plan', 'treatment_plan', 'assessment', 'stop_order', 'resumption')),
        sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
        media_type text not null,
        name text not null,
        size integer not null check (size > 0),
        note text,
        uploaded_by uuid,
        uploaded_at timestamptz not null
      )`)
      .execute(db);
    await sql`create index evidence_hazard on hazards.evidence (hazard_id, uploaded_at)`.execute(db);

    await sql
      .raw(`
      create table hazards.referral (
        id uuid primary key default gen_random_uuid(),
        hazard_id uuid not null references hazards.hazard (id),
        from_organisation_id uuid not null,
        to_organisation_id uuid not null,
        reason text not null,
        referred_by uuid not null,
        referred_at timestamptz not null,
        status text not null check (status in ('pending', 'acknowledged', 'completed')),
        acknowledged_at timestamptz,
        acknowledged_by uuid,
        acknowledge_note text,
        result text,
        outcome_note text,
        outcome_at timestamptz,
        outcome_by uuid
      )`)
      .execute(db);
    await sql`create index referral_hazard on hazards.referral (hazard_id)`.execute(db);
    await sql`create index referral_to on hazards.referral (to_organisation_id, referred_at desc)`.execute(db);
    await sql`create index referral_from on hazards.referral (from_organisation_id, referred_at desc)`.execute(db);

    await sql
      .raw(`
      create table hazards.tally (
        area_id uuid not null,
        parent_area_id uuid,
        status text not null,
        grade text not null,
        source text not null,
        trade text not null,
        n integer not null,
        primary key (area_id, status, grade, source, trade)
      )`)
      .execute(db);
    await sql`create index tally_parent on hazards.tally (parent_area_id)`.execute(db);
    // The same counts by area, state and grade only: a few dozen rows per area, for the dashboard's breakdown by child area.
    await sql
      .raw(`
      create table hazards.area_tally (
        area_id uuid not null,
        parent_area_id uuid,
        status text not null,
        grade text not null,
        n integer not null,
        primary key (area_id, status, grade)
      )`)
      .execute(db);
    await sql`create index area_tally_parent on hazards.area_tally (parent_area_id)`.execute(db);
    await sql
      .raw(`
      create table hazards.closure_tally (
        area_id uuid not null,
        month date not null,
        grade text not null,
        source text not null,
        closed integer not null,
        with_deadline integer not null,
        on_time integer not null,
        close_seconds bigint not null,
        primary key (area_id, month, grade, source)
      )`)
      .execute(db);
  },
};
