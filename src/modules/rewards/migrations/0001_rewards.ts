import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/index.js';
import { RULE_2018 } from '../rewards.rules.js';

export const m0001: Migration = {
  id: '0001_rewards',
  async up(db) {
    await sql`create schema rewards`.execute(db);
    await sql`create sequence rewards.code_serial`.execute(db);
    await sql
      .raw(`
      create table rewards.rule (
        version integer primary key check (version > 0),
        effective_from text not null check (effective_from ~ '^\\d{4}-\\d{2}-\\d{2}$' and effective_from::date is not null),
        rate_bp integer not null check (rate_bp between 1 and 10000),
        min_fen bigint not null check (min_fen >= 0),
        max_fen bigint not null check (max_fen >= min_fen),
        major_only boolean not null,
        citation_zh text not null check (length(citation_zh) between 1 and 2000),
        citation_en text not null check (length(citation_en) between 1 and 2000),
        published_at timestamptz not null,
        published_by uuid
      );
      -- A published version is part of the record: a change is a new version, never an edit.
      create function rewards.rule_is_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'rewards.rule is append-only: publish a new version instead';
      end $$;
      create trigger rule_append_only before update or delete on rewards.rule
        for each row execute function rewards.rule_is_append_only();
      create table rewards.reward_case (
        id uuid primary key default gen_random_uuid(),
        code text not null unique,
        hazard_id uuid not null,
        filed_report_id uuid not null,
        report_id uuid not null,
        area_id uuid not null,
        area_path uuid[] not null default '{}',
        decision_number text not null check (length(decision_number) between 1 and 100),
        decided_at timestamptz not null,
        fine_fen bigint not null check (fine_fen > 0),
        major_hazard boolean not null,
        note text check (length(note) <= 2000),
        rule_version integer not null references rewards.rule (version),
        computed_fen bigint not null check (computed_fen >= 0),
        basis text not null check (basis in ('rate', 'minimum', 'maximum', 'no_fine')),
        status text not null check (status in ('proposed', 'approved', 'rejected', 'paid')),
        proposed_by uuid not null,
        proposed_at timestamptz not null,
        reviewed_by uuid,
        reviewed_at timestamptz,
        review_note text check (length(review_note) <= 2000),
        approved_fen bigint,
        paid_by uuid,
        paid_at timestamptz,
        paid_recorded_at timestamptz,
        pay_method text check (pay_method in ('bank_transfer', 'cash', 'other')),
        pay_reference text check (length(pay_reference) <= 200),
        paid_fen bigint,
        updated_at timestamptz not null,
        check (status = 'proposed' or reviewed_by is not null),
        check (status not in ('approved', 'paid') or approved_fen is not null),
        check (status <> 'paid' or (paid_at is not null and pay_method is not null and paid_fen = approved_fen)),
        check (reviewed_by is null or reviewed_by <> proposed_by),
        check (paid_by is null or paid_by <> reviewed_by)
      );
      -- First valid reporter wins: one live case per hazard (a rejected one does not block a corrected filing).
      create unique index case_one_per_hazard on rewards.reward_case (hazard_id) where status <> 'rejected';
      create index case_area_path on rewards.reward_case using gin (area_path);
      create index case_report on rewards.reward_case (report_id);
      create index case_decided on rewards.reward_case (decided_at);
    `)
      .execute(db);
    const r = RULE_2018;
    await sql`
      insert into rewards.rule (version, effective_from, rate_bp, min_fen, max_fen, major_only, citation_zh, citation_en, published_at)
      values (${r.version}, ${r.effectiveFrom}, ${r.rateBasisPoints}, ${r.minFen}, ${r.maxFen}, ${r.majorOnly},
              ${r.citation['zh-CN']}, ${r.citation.en}, now())`.execute(db);
  },
};
