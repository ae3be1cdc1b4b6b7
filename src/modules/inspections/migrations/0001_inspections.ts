import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/index.js';

export const m0001: Migration = {
  id: '0001_inspections',
  async up(db) {
    await sql`create schema inspections`.execute(db);
    await sql`
      create table inspections.checklist (
        id uuid primary key default gen_random_uuid(),
        key text not null unique check (key ~ '^[a-z0-9][a-z0-9-]{1,63}$'),
        scope text not null check (scope in ('library', 'regulator', 'provider', 'enterprise')),
        owner_organisation_id uuid,
        area_id uuid,
        current_version int not null check (current_version >= 1),
        archived_at timestamptz,
        created_by uuid,
        created_at timestamptz not null default now(),
        check ((scope = 'library') = (owner_organisation_id is null))
      )`.execute(db);
    await sql`create index checklist_owner on inspections.checklist (owner_organisation_id)`.execute(db);
    await sql`
      create table inspections.checklist_version (
        id uuid primary key default gen_random_uuid(),
        checklist_id uuid not null references inspections.checklist (id),
        version int not null check (version >= 1),
        content jsonb not null,
        content_hash text not null,
        published_by uuid,
        published_at timestamptz not null default now(),
        unique (checklist_id, version)
      )`.execute(db);
    await sql`create sequence inspections.inspection_code`.execute(db);
    await sql`
      create table inspections.plan (
        id uuid primary key default gen_random_uuid(),
        title text not null check (length(title) between 1 and 200),
        kind text not null,
        mode text not null,
        manner text not null,
        checklist_id uuid not null references inspections.checklist (id),
        checklist_version_id uuid not null references inspections.checklist_version (id),
        targets jsonb not null,
        period_start text not null check (period_start ~ '^\\d{4}-\\d{2}-\\d{2}$'),
        period_end text not null check (period_end ~ '^\\d{4}-\\d{2}-\\d{2}$' and period_end >= period_start),
        recurrence text not null check (recurrence in ('once', 'monthly', 'quarterly')),
        inspector_ids uuid[] not null default '{}',
        organisation_id uuid not null,
        entrustment_id uuid,
        status text not null default 'active' check (status in ('active', 'cancelled')),
        cancel_reason text,
        created_by uuid not null,
        created_at timestamptz not null default now()
      )`.execute(db);
    await sql`create index plan_organisation on inspections.plan (organisation_id, created_at)`.execute(db);
    await sql`
      create table inspections.package (
        id uuid primary key default gen_random_uuid(),
        title text not null check (length(title) between 1 and 200),
        enterprise_id uuid not null,
        organisation_id uuid not null,
        entrustment_id uuid,
        kind text not null check (kind in ('third_party', 'enforcement')),
        steps text[] not null check (cardinality(steps) between 1 and 4),
        expert_review jsonb,
        created_by uuid not null,
        created_at timestamptz not null default now(),
        cancelled_at timestamptz,
        cancel_reason text
      )`.execute(db);
    await sql`create index package_organisation on inspections.package (organisation_id, created_at)`.execute(db);
    await sql`create index package_enterprise on inspections.package (enterprise_id)`.execute(db);
    await sql`
      create table inspections.inspection (
        id uuid primary key default gen_random_uuid(),
        code text not null unique,
        kind text not null check (kind in ('self_check', 'third_party', 'enforcement', 'peer_check', 'patrol')),
        mode text not null check (mode in ('on_site', 'phone', 'questionnaire')),
        manner text not null check (manner in ('announced', 'unannounced', 'cross_area')),
        status text not null check (status in ('planned', 'in_progress', 'awaiting_review', 'completed', 'cancelled')),
        enterprise_id uuid not null,
        area_id uuid,
        checklist_version_id uuid not null references inspections.checklist_version (id),
        title text not null check (length(title) between 1 and 200),
        due_at timestamptz,
        organisation_id uuid not null,
        plan_id uuid references inspections.plan (id),
        package_id uuid references inspections.package (id),
        package_step text check (package_step in ('questionnaire', 'phone', 'on_site')),
        entrustment_id uuid,
        group_id uuid,
        created_by uuid not null,
        created_at timestamptz not null default now(),
        started_at timestamptz,
        completed_at timestamptz,
        completed_by uuid,
        cancelled_at timestamptz,
        cancel_reason text,
        summary text,
        location_lng double precision check (location_lng between -180 and 180),
        location_lat double precision check (location_lat between -90 and 90),
        location_accuracy double precision,
        location_address text,
        located_at timestamptz,
        report_sha256 text,
        report_size int,
        report_generated_at timestamptz,
        q_token_hash text unique,
        q_sent_at timestamptz,
        q_expires_at timestamptz,
        q_submitted_at timestamptz,
        q_respondent_name text,
        q_respondent_title text,
        check ((package_id is null) = (package_step is null)),
        check (kind <> 'third_party' or entrustment_id is not null),
        check (kind <> 'peer_check' or group_id is not null)
      )`.execute(db);
    await sql`create index inspection_enterprise on inspections.inspection (enterprise_id, due_at)`.execute(db);
    await sql`create index inspection_area on inspections.inspection (area_id, due_at)`.execute(db);
    await sql`create index inspection_organisation on inspections.inspection (organisation_id, due_at)`.execute(db);
    await sql`create index inspection_plan on inspections.inspection (plan_id) where plan_id is not null`.execute(db);
    await sql`create index inspection_package on inspections.inspection (package_id) where package_id is not null`.execute(db);
    await sql`
      create table inspections.inspector (
        inspection_id uuid not null references inspections.inspection (id),
        person_id uuid not null,
        organisation_id uuid not null,
        lead boolean not null default false,
        assigned_by uuid not null,
        assigned_at timestamptz not null default now(),
        primary key (inspection_id, person_id)
      )`.execute(db);
    await sql`create index inspector_person on inspections.inspector (person_id)`.execute(db);
    await sql`
      create table inspections.answer (
        inspection_id uuid not null references inspections.inspection (id),
        item_key text not null,
        verdict text check (verdict in ('compliant', 'non_compliant', 'not_applicable')),
        number double precision,
        choice text,
        text text,
        note text,
        fixed_on_spot boolean not null default false,
        source text not null check (source in ('inspector', 'questionnaire')),
        answered_by uuid,
        answered_at timestamptz not null,
        review_decision text check (review_decision in ('accepted', 'overridden')),
        reviewed_by uuid,
        reviewed_at timestamptz,
        questionnaire jsonb,
        primary key (inspection_id, item_key)
      )`.execute(db);
    await sql`
      create table inspections.photo (
        id uuid primary key default gen_random_uuid(),
        inspection_id uuid not null references inspections.inspection (id),
        item_key text,
        sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
        media_type text not null,
        size int not null,
        name text not null,
        uploaded_by uuid,
        uploaded_at timestamptz not null default now()
      )`.execute(db);
    await sql`create index photo_inspection on inspections.photo (inspection_id)`.execute(db);
    await sql`
      create table inspections.signature (
        inspection_id uuid not null references inspections.inspection (id),
        party text not null check (party in ('inspector', 'enterprise')),
        sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
        signer_name text not null,
        recorded_by uuid not null,
        signed_at timestamptz not null,
        primary key (inspection_id, party)
      )`.execute(db);
    await sql`
      create table inspections.finding (
        inspection_id uuid not null references inspections.inspection (id),
        item_key text not null,
        hazard_id uuid not null,
        hazard_code text not null,
        major boolean not null,
        primary key (inspection_id, item_key)
      )`.execute(db);
  },
};
