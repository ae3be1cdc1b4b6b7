import { type Kysely, type Selectable, sql } from 'kysely';
import type { AlarmStatus } from './alarms.rules.js';
import type { AlarmsTables, AlarmTable, EvidencePoint, StepActor, ZoneTable } from './alarms.tables.js';

export type Db = Kysely<AlarmsTables>;
export type AlarmRow = Selectable<AlarmTable>;
export type ZoneRow = Selectable<ZoneTable>;

export function findById(db: Db, id: string, forUpdate = false): Promise<AlarmRow | undefined> {
  let q = db.selectFrom('alarms.alarm').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export interface ListFilter {
  status?: AlarmStatus | undefined;
  rule?: string | undefined;
  enterpriseId?: string | undefined;
  vehicleId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

/** Alarms in a scope (area subtrees ∪ single enterprises), newest first, after the keyset cursor. */
export async function list(
  db: Db,
  scope: { areaIds: readonly string[]; enterpriseIds: readonly string[] },
  filter: ListFilter,
  page: { limit: number; after: { startedAt: Date; id: string } | null },
): Promise<{ rows: AlarmRow[]; total: number }> {
  if (scope.areaIds.length === 0 && scope.enterpriseIds.length === 0) return { rows: [], total: 0 };
  let q = db.selectFrom('alarms.alarm').where((eb) => {
    const any = [];
    if (scope.enterpriseIds.length) any.push(eb('enterprise_id', 'in', scope.enterpriseIds as string[]));
    if (scope.areaIds.length) any.push(sql<boolean>`area_path && ${sql.val(scope.areaIds)}::uuid[]`);
    return eb.or(any);
  });
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.rule) q = q.where('rule', '=', filter.rule);
  if (filter.enterpriseId) q = q.where('enterprise_id', '=', filter.enterpriseId);
  if (filter.vehicleId) q = q.where('vehicle_id', '=', filter.vehicleId);
  if (filter.from) q = q.where('started_at', '>=', filter.from);
  if (filter.to) q = q.where('started_at', '<', filter.to);
  const totalRow = await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst();
  let rowsQ = q.selectAll();
  const after = page.after;
  if (after) {
    rowsQ = rowsQ.where((eb) =>
      eb.or([eb('started_at', '<', after.startedAt), eb.and([eb('started_at', '=', after.startedAt), eb('id', '<', after.id)])]),
    );
  }
  const rows = await rowsQ.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
  return { rows, total: Number(totalRow?.n ?? 0) };
}

export async function steps(db: Db, alarmId: string) {
  return db.selectFrom('alarms.alarm_step').selectAll().where('alarm_id', '=', alarmId).orderBy('at').orderBy('seq').execute();
}

export async function insertSteps(
  db: Db,
  rows: readonly { alarmId: string; step: string; actor: StepActor; note: string | null; data: Record<string, unknown>; at: Date }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('alarms.alarm_step')
    .values(
      rows.map((r) => ({
        alarm_id: r.alarmId,
        step: r.step,
        actor: JSON.stringify(r.actor),
        note: r.note,
        data: JSON.stringify(r.data),
        at: r.at,
      })),
    )
    .execute();
}

export interface AlarmUpsert {
  vehicleId: string;
  enterpriseId: string;
  areaId: string | null;
  areaPath: string[];
  rule: string;
  severity: 'high' | 'medium' | 'low';
  episodeKey: string;
  startedAt: Date;
  endedAt: Date | null;
  peak: number;
  unit: string;
  limit: number | null;
  zoneId: string | null;
  detail: Record<string, string | number | boolean>;
  evidence: EvidencePoint[];
}

/**
 * One statement for a batch of engine events (at most one per episode): a new episode is
 * inserted; a known one keeps its highest peak, its newest evidence, and its end once it has one.
 * Returns each episode's alarm id and whether this statement created it.
 */
export async function upsertEpisodes(
  db: Db,
  rows: readonly AlarmUpsert[],
): Promise<{ id: string; episode_key: string; inserted: boolean }[]> {
  if (rows.length === 0) return [];
  const out = await db
    .insertInto('alarms.alarm')
    .values(
      rows.map((r) => ({
        vehicle_id: r.vehicleId,
        enterprise_id: r.enterpriseId,
        area_id: r.areaId,
        area_path: r.areaPath,
        rule: r.rule,
        severity: r.severity,
        status: 'open' as const,
        episode_key: r.episodeKey,
        started_at: r.startedAt,
        ended_at: r.endedAt,
        peak: r.peak,
        unit: r.unit,
        limit_value: r.limit,
        zone_id: r.zoneId,
        detail: JSON.stringify(r.detail),
        evidence: JSON.stringify(r.evidence),
      })),
    )
    .onConflict((oc) =>
      oc.column('episode_key').doUpdateSet({
        peak: sql`greatest(alarms.alarm.peak, excluded.peak)`,
        severity: sql`excluded.severity`,
        limit_value: sql`coalesce(excluded.limit_value, alarms.alarm.limit_value)`,
        ended_at: sql`coalesce(alarms.alarm.ended_at, excluded.ended_at)`,
        detail: sql`alarms.alarm.detail || excluded.detail`,
        evidence: sql`case when jsonb_array_length(excluded.evidence) > 0 then excluded.evidence else alarms.alarm.evidence end`,
        updated_at: sql`now()`,
      }),
    )
    .returning(['id', 'episode_key', sql<boolean>`(xmax = 0)`.as('inserted')])
    .execute();
  return out;
}

/** Episodes among these already stored, with their end. */
export function episodes(db: Db, keys: readonly string[]) {
  if (keys.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('alarms.alarm')
    .select(['id', 'episode_key', 'ended_at'])
    .where('episode_key', 'in', keys as string[])
    .execute();
}

/**
 * Episodes left without an end by a previous run: the engine starts afresh and will open a new
 * episode if the condition still holds, so these end at the vehicle's latest position (or, without
 * one, their last evidence).
 */
export async function endOrphanedEpisodes(db: Db, latest: readonly { vehicleId: string; time: Date }[]): Promise<number> {
  const result = await sql`
    update alarms.alarm a set
      ended_at = greatest(a.started_at, coalesce(
        (select l.t from unnest(${sql.val(latest.map((l) => l.vehicleId))}::uuid[], ${sql.val(latest.map((l) => l.time.toISOString()))}::timestamptz[]) as l(v, t)
          where l.v = a.vehicle_id),
        (select to_timestamp(max((e->>'time')::double precision) / 1000) from jsonb_array_elements(a.evidence) e),
        a.started_at)),
      detail = a.detail || '{"endedBy":"restart"}'::jsonb,
      updated_at = now()
    where a.ended_at is null`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Overdue alarms not escalated yet, oldest deadline first. */
export function overdue(db: Db, now: Date, limit: number) {
  return db
    .selectFrom('alarms.alarm')
    .selectAll()
    .where('status', 'in', ['notified', 'handling'])
    .where('escalated_at', 'is', null)
    .where('deadline', '<', now)
    .orderBy('deadline')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** Every zone, retired ones too unless `applied`. */
export function zones(db: Db, o: { applied?: boolean } = {}): Promise<ZoneRow[]> {
  let q = db.selectFrom('alarms.zone').selectAll();
  if (o.applied) q = q.where('retired_at', 'is', null);
  return q.orderBy('created_at').orderBy('id').execute();
}

export function findZone(db: Db, id: string, forUpdate = false): Promise<ZoneRow | undefined> {
  let q = db.selectFrom('alarms.zone').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/**
 * Changes whenever a zone is added, changed or retired: the count, the newest stamp, and the sum
 * of all stamps (a change committed late with an older stamp still moves the sum).
 */
export async function zonesVersion(db: Db): Promise<string> {
  const { rows } = await sql<{ n: string; newest: string | null; total: string | null }>`
    select count(*) as n, max(updated_at)::text as newest, sum(extract(epoch from updated_at))::text as total
      from alarms.zone`.execute(db);
  const r = rows[0];
  return `${r?.n ?? 0}|${r?.newest ?? ''}|${r?.total ?? ''}`;
}

/** Per enterprise, the alarm figures over alarms started in [from, to). */
export async function alarmFigures(db: Db, enterpriseIds: readonly string[], from: Date, to: Date, now: Date) {
  if (enterpriseIds.length === 0) return [];
  const ids = sql.join(enterpriseIds.map((id) => sql`${id}::uuid`));
  const { rows } = await sql<{
    enterprise_id: string;
    alarms: string;
    confirmed: string;
    handled: string;
    closed: string;
    closed_in_time: string;
    overspeed: string;
    fatigue_minutes: number | null;
    night_ban: string;
  }>`
    select enterprise_id,
           count(*) filter (where status <> 'false_positive') as alarms,
           count(*) filter (where status in ('confirmed', 'notified', 'handling', 'closed')) as confirmed,
           count(*) filter (where status in ('handling', 'closed')) as handled,
           count(*) filter (where status = 'closed') as closed,
           count(*) filter (where status = 'closed' and closed_at <= deadline) as closed_in_time,
           count(*) filter (where rule = 'overspeed' and status <> 'false_positive') as overspeed,
           sum(extract(epoch from least(coalesce(ended_at, ${now}), ${to}) - started_at) / 60.0)
             filter (where rule in ('fatigue_continuous', 'fatigue_daily') and status <> 'false_positive') as fatigue_minutes,
           count(*) filter (where rule = 'night_ban' and status <> 'false_positive') as night_ban
      from alarms.alarm
     where enterprise_id in (${ids}) and started_at >= ${from} and started_at < ${to}
     group by enterprise_id`.execute(db);
  return rows.map((r) => ({
    enterpriseId: r.enterprise_id,
    alarms: Number(r.alarms),
    confirmed: Number(r.confirmed),
    handled: Number(r.handled),
    closed: Number(r.closed),
    closedInTime: Number(r.closed_in_time),
    overspeed: Number(r.overspeed),
    fatigueMinutes: Math.max(0, Number(r.fatigue_minutes ?? 0)),
    nightBan: Number(r.night_ban),
  }));
}
