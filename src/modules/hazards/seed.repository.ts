/**
 * Bulk demo hazards, generated inside PostgreSQL from the enterprises handed in: deterministic for a seed and an
 * instant (every random choice is a hash of the row number and the seed), spread over the two years before that
 * instant, over all sources, grades and states; no per-row audit; the read model is rebuilt at the end.
 *
 * Each hazard gets a whole timeline (reported, registered, graded, ordered, submitted, accepted, closed) from
 * its discovery; its state is the last step whose time has come. A few never get submitted (they become overdue)
 * or wait long for acceptance; a few are dismissed, a fifth of the general ones are fixed on the spot.
 */
import { type Kysely, sql } from 'kysely';
import type { HazardsTables } from './hazards.tables.js';
import * as tally from './tally.repository.js';

export interface DemoEnterprise {
  id: string;
  areaId: string;
  /** Root first. */
  areaPath: readonly string[];
  trade: string | null;
  lng: number | null;
  lat: number | null;
}

export interface DemoHazardsInput {
  enterprises: readonly DemoEnterprise[];
  count: number;
  seed: number;
  now: Date;
  /** The regulator that supervises majors and receives reports (the street office). */
  supervisor: string | null;
  titles: readonly string[];
  measures: readonly string[];
  responsible: readonly string[];
}

const BATCH = 100_000;

export async function generateDemoHazards(db: Kysely<HazardsTables>, input: DemoHazardsInput): Promise<number> {
  const { enterprises, count, seed, now } = input;
  if (count === 0 || enterprises.length === 0) return 0;
  // Sorting and grouping a million rows wants more than the default few megabytes (for this transaction only).
  await sql`set local work_mem = '256MB'`.execute(db);
  await sql`create temp table demo_enterprise (i int primary key, id uuid, area_id uuid, path uuid[], trade text, lng float8, lat float8) on commit drop`.execute(
    db,
  );
  await sql`
    insert into demo_enterprise
    select (n - 1)::int, id, area_id, path::uuid[], trade, lng, lat
    from unnest(${enterprises.map((e) => e.id)}::uuid[], ${enterprises.map((e) => e.areaId)}::uuid[],
                ${enterprises.map((e) => `{${e.areaPath.join(',')}}`)}::text[], ${enterprises.map((e) => e.trade)}::text[],
                ${enterprises.map((e) => e.lng)}::float8[], ${enterprises.map((e) => e.lat)}::float8[])
         with ordinality as t(id, area_id, path, trade, lng, lat, n)`.execute(db);
  await sql`analyze demo_enterprise`.execute(db);

  // Into an empty table, building the secondary indexes once at the end is several times faster than keeping
  // them up to date row by row; their definitions are read back from the catalogue, so they stay the migration's.
  const empty = (await sql<{ any: boolean }>`select exists (select 1 from hazards.hazard) as any`.execute(db)).rows[0]?.any === false;
  const indexes = empty
    ? (
        await sql<{ name: string; definition: string }>`
          select i.indexname as name, i.indexdef as definition from pg_indexes i
          where i.schemaname = 'hazards' and i.tablename = 'hazard'
            and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`.execute(db)
      ).rows
    : [];
  for (const i of indexes) await sql`drop index ${sql.id('hazards', i.name)}`.execute(db);

  // A uniform number in [0, 1) for row g and choice k.
  const u = (k: number) => sql.raw(`((hashint8extended(g, ${seed * 64 + k}) & 2147483647)::float8 / 2147483648.0)`);
  const day = sql.raw(`interval '1 day'`);
  const n = enterprises.length;
  for (let from = 1; from <= count; from += BATCH) {
    const to = Math.min(count, from + BATCH - 1);
    await sql`
      insert into hazards.hazard (code, enterprise_id, area_id, area_path, trade, source, title, description, proposed_grade, grade, criterion,
        status, lng, lat, fixed_on_spot, discovered_at, registered_at, assessed_at, treating_at, submitted_at, accepted_at, acceptance_basis,
        closed_at, dismissed_at, deadline, order_measures, order_responsible_name, five_implementations, treatment_plan, reported_at,
        reported_to, supervised_by, supervised_at, production_status, production, notice_offset, on_time, created_at, updated_at)
      select
        'YH-' || to_char(t_disc at time zone 'Asia/Shanghai', 'YYYY') || '-' || lpad(g::text, greatest(6, length(g::text)), '0'),
        enterprise_id, area_id, path, trade, source, title, '', case when major then 'major' else 'general' end,
        case when status in ('discovered', 'registered', 'dismissed') then null when major then 'major' else 'general' end,
        case when major then jsonb_build_object('library', 'gongmao-2023', 'version', '2023-05-15', 'clause',
          (array['第三条第（一）项', '第三条第（二）项', '第十二条', '第十三条'])[1 + (g % 4)]) end,
        status, lng, lat, fixed and status = 'closed', t_disc,
        case when status <> 'discovered' then t_reg end,
        case when status not in ('discovered', 'registered', 'dismissed') then t_ass end,
        case when status in ('treating', 'awaiting_acceptance', 'accepted') or (status = 'closed' and not fixed) then t_treat end,
        case when status in ('awaiting_acceptance', 'accepted') or (status = 'closed' and not fixed) then t_sub end,
        case when status = 'accepted' or (status = 'closed' and not fixed) then t_acc end,
        case when status = 'accepted' or (status = 'closed' and not fixed) then 'inspection' end,
        case when status = 'closed' then case when fixed then t_ass else t_close end end,
        case when status = 'dismissed' then t_reg end,
        case when status in ('treating', 'awaiting_acceptance', 'accepted') or (status = 'closed' and not fixed) then deadline end,
        case when not major and (status in ('treating', 'awaiting_acceptance', 'accepted') or (status = 'closed' and not fixed)) then measure end,
        case when not major and (status in ('treating', 'awaiting_acceptance', 'accepted') or (status = 'closed' and not fixed)) then responsible end,
        case when major and status not in ('discovered', 'registered', 'dismissed', 'assessed') then jsonb_build_object(
          'measures', measure, 'responsibility', jsonb_build_object('personName', responsible),
          'funding', jsonb_build_object('amount', (10000 + (g % 90) * 1000)::text || '.00', 'source', '企业安全生产费用'),
          'deadline', to_char(deadline at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) else '{}'::jsonb end,
        case when major and status not in ('discovered', 'registered', 'dismissed', 'assessed') then jsonb_build_object(
          'goalsAndTasks', '消除重大事故隐患', 'methodsAndMeasures', measure, 'fundsAndMaterials', '企业安全生产费用列支',
          'organisationAndPeople', responsible || '牵头，安全管理部门配合', 'timeLimitAndRequirements', '按期完成并申请验收',
          'safetyMeasuresAndContingency', '治理期间设置警戒、专人监护，执行专项应急预案') else '{}'::jsonb end,
        case when major and status not in ('discovered', 'registered', 'dismissed') then t_ass end,
        case when major and status not in ('discovered', 'registered', 'dismissed') then ${input.supervisor}::uuid end,
        case when major and status not in ('discovered', 'registered', 'dismissed') then ${input.supervisor}::uuid end,
        case when major and status not in ('discovered', 'registered', 'dismissed') and ${input.supervisor}::uuid is not null then t_ass end,
        case when major and stopped and status in ('treating', 'awaiting_acceptance') then 'stopped' else 'none' end,
        case when major and stopped and status in ('treating', 'awaiting_acceptance') then jsonb_build_object(
          'kind', 'partial', 'reason', '重大事故隐患治理期间局部停产', 'documentNumber', null,
          'stoppedAt', to_char(t_treat at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'stoppedBy', null,
          'appliedAt', null, 'applicationNote', null, 'appliedBy', null, 'decidedAt', null, 'decidedBy', null, 'decision', null, 'decisionNote', null) end,
        -- The deadline notices the default policy would already have sent by now (so the first job run is not a flood).
        case when status = 'treating' then case
          when ${now}::timestamptz >= deadline + 7 * ${day} then 604800
          when ${now}::timestamptz >= deadline then 0
          when ${now}::timestamptz >= deadline - ${day} then -86400
          when ${now}::timestamptz >= deadline - 3 * ${day} then -259200 end end,
        case when status = 'accepted' or (status = 'closed' and not fixed) then t_sub <= deadline end,
        t_disc, least(${now}::timestamptz, greatest(t_disc, coalesce(
          case status when 'closed' then case when fixed then t_ass else t_close end when 'accepted' then t_acc when 'awaiting_acceptance' then t_sub
            when 'treating' then t_treat when 'assessed' then t_ass when 'registered' then t_reg when 'dismissed' then t_reg end, t_disc)))
      from (
        select *,
          case
            when dismissed then case when t_reg <= ${now} then 'dismissed' else 'discovered' end
            when fixed then case when t_ass <= ${now} then 'closed' when t_reg <= ${now} then 'registered' else 'discovered' end
            when t_close <= ${now} then 'closed'
            when t_acc <= ${now} then 'accepted'
            when t_sub <= ${now} then 'awaiting_acceptance'
            when t_treat <= ${now} then 'treating'
            when t_ass <= ${now} then 'assessed'
            when t_reg <= ${now} then 'registered'
            else 'discovered' end as status
        from (
          select *,
            t_treat + rectify_days * ${day} as deadline,
            case when stuck then 'infinity'::timestamptz else t_treat + rectify_days * work * ${day} end as t_sub,
            case when stuck then 'infinity'::timestamptz when slow then t_treat + (rectify_days * work + 60) * ${day}
                 else t_treat + (rectify_days * work + 1 + ${u(15)} * 5) * ${day} end as t_acc,
            case when stuck then 'infinity'::timestamptz when slow then t_treat + (rectify_days * work + 60 + ${u(16)} * 2) * ${day}
                 else t_treat + (rectify_days * work + 1 + ${u(15)} * 5 + ${u(16)} * 2) * ${day} end as t_close
          from (
            select *,
              t_ass + ${u(14)} * 2 * ${day} as t_treat
            from (
              select *, t_reg + ${u(13)} * ${day} as t_ass
              from (
                select *, t_disc + case when source in ('patrol', 'public_report') then ${u(12)} * 2 else ${u(12)} * 0.3 end * ${day} as t_reg
                from (
                  select g, e.id as enterprise_id, e.area_id, e.path, e.trade, e.lng, e.lat,
                    least(${now}::timestamptz, ${now}::timestamptz - (730 * (1 - g::float8 / ${count}) + ${u(1)} * 2) * ${day}) as t_disc,
                    case when ${u(2)} < 0.35 then 'self_check' when ${u(2)} < 0.60 then 'third_party' when ${u(2)} < 0.72 then 'enforcement'
                         when ${u(2)} < 0.80 then 'peer_check' when ${u(2)} < 0.92 then 'patrol' when ${u(2)} < 0.97 then 'public_report'
                         else 'control_check' end as source,
                    ${u(3)} < 0.02 as major,
                    ${u(4)} < 0.03 as dismissed,
                    ${u(3)} >= 0.02 and ${u(5)} < 0.2 as fixed,
                    ${u(6)} < 0.012 as stuck,
                    ${u(6)} >= 0.012 and ${u(6)} < 0.016 as slow,
                    ${u(17)} < 0.3 as stopped,
                    (${input.titles as string[]}::text[])[1 + floor(${u(7)} * ${input.titles.length})::int] as title,
                    (${input.measures as string[]}::text[])[1 + floor(${u(9)} * ${input.measures.length})::int] as measure,
                    (${input.responsible as string[]}::text[])[1 + floor(${u(10)} * ${input.responsible.length})::int] as responsible,
                    case when ${u(3)} < 0.02 then 60 + ${u(8)} * 60 else 7 + ${u(8)} * 23 end as rectify_days,
                    0.3 + ${u(11)} * 0.95 as work
                  from generate_series(${from}::bigint, ${to}::bigint) as g
                  join demo_enterprise e on e.i = ((hashint8extended(g, ${seed * 64 + 20}) & 2147483647) % ${n})
                  offset 0
                ) a
                offset 0
              ) b
              offset 0
            ) c
            offset 0
          ) d
          offset 0
        ) e
        offset 0
      ) f`.execute(db);
  }
  for (const i of indexes) await sql.raw(i.definition).execute(db);
  await sql`select setval('hazards.code_serial', ${count}::bigint)`.execute(db);
  // History for the hazards still open (closed ones keep their timestamps only): one event per step reached.
  await sql`
    insert into hazards.event (hazard_id, kind, from_status, to_status, at, actor, note)
    select h.id, v.kind, v.f, v.t, v.at, '{"kind":"system","name":"demo"}'::jsonb, null
    from hazards.hazard h
    cross join lateral (values
      ('discover', null, 'discovered', h.discovered_at),
      ('register', 'discovered', 'registered', h.registered_at),
      ('assess', 'registered', 'assessed', h.assessed_at),
      ('start_treatment', 'assessed', 'treating', h.treating_at),
      ('submit', 'treating', 'awaiting_acceptance', h.submitted_at),
      ('accept', 'awaiting_acceptance', 'accepted', h.accepted_at)) as v(kind, f, t, at)
    where h.status in ('discovered', 'registered', 'assessed', 'treating', 'awaiting_acceptance', 'accepted') and v.at is not null
    order by h.id, v.at`.execute(db);
  await tally.rebuild(db);
  await sql`analyze hazards.hazard`.execute(db);
  return count;
}
