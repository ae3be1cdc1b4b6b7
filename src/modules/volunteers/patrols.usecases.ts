/**
 * What volunteers and grid workers do: patrols (times, route, findings), reports filed as a volunteer, hours served,
 * points by the published rule, and the ranking per community.
 */
import { auditActorOf, type PersonActor, type RequestContext } from '../access/index.js';
import { maskName } from '../directory/index.js';
import { areaOf, authorise, LOG, RANKING, READ, reaches, type VolunteersDeps } from './volunteers.deps.js';
import { volunteersErrors } from './volunteers.errors.js';
import * as repo from './volunteers.repository.js';
import {
  cstDay,
  cstDayStart,
  FIELD_ROLES,
  type FieldRole,
  hoursOf,
  type Interval,
  PATROL_MAX_HOURS,
  POINTS_RULE,
  POINTS_RULE_TEXT,
  patrolMinutes,
  patrolProblems,
  pointsOf,
  rank,
  reportPoints,
} from './volunteers.rules.js';
import type { PatrolFinding } from './volunteers.tables.js';

const DAY = 86_400_000;

/** A period of CST days, both ends included (YYYY-MM-DD); by default this year up to today. */
export interface PeriodQuery {
  from?: string | undefined;
  to?: string | undefined;
}

export interface NewPatrol {
  startedAt: string;
  endedAt: string;
  route?: { type: 'LineString'; coordinates: [number, number][] } | null | undefined;
  note?: string | null | undefined;
  findings?: PatrolFinding[] | undefined;
}

type ReportInput = Parameters<VolunteersDeps['reports']['submit']>[1];

export function createServiceUseCases(deps: VolunteersDeps) {
  const { db, clock, registry, audit, access, directory, reports } = deps;

  function periodOf(q: PeriodQuery) {
    const today = cstDay(clock.now());
    const fromDay = q.from ?? `${today.slice(0, 4)}-01-01`;
    const lastDay = q.to ?? today;
    if (lastDay < fromDay) throw volunteersErrors.invalid([volunteersErrors.field('to', 'must not be before from', 'querystring')]);
    const from = cstDayStart(fromDay);
    const to = new Date(cstDayStart(lastDay).getTime() + DAY);
    return { from, to, fromDay, toDay: cstDay(to), lastDay };
  }

  /** Points, hours and counts of these people over the period (patrols by the day they started). */
  async function statsOf(personIds: readonly string[], period: ReturnType<typeof periodOf>) {
    const [patrols, activities, credits] = await Promise.all([
      repo.patrolsOf(db, personIds, period),
      repo.activitiesOf(db, personIds, period),
      repo.creditsOf(db, personIds, period),
    ]);
    const statuses = await reports.statusesOf(credits.map((c) => c.report_id));
    const out = new Map<string, ReturnType<typeof figures>>();
    function figures(personId: string) {
      const own = <T extends { person_id: string }>(rows: readonly T[]) => rows.filter((r) => r.person_id === personId);
      const intervals: Interval[] = own(patrols).map((p) => ({ startedAt: p.started_at, endedAt: p.ended_at }));
      const acts = own(activities).map((a) => ({ date: a.date, hours: a.hours, kind: a.kind }));
      const linked = own(credits).flatMap((c) => {
        const s = statuses.get(c.report_id);
        return s ? [{ status: s.status as string, verifiedAt: s.verifiedAt, becameHazard: s.hazardId !== null }] : [];
      });
      return {
        points: pointsOf({ reports: linked, patrols: intervals, activities: acts }),
        hours: hoursOf(intervals, acts),
        patrols: intervals.length,
        reportsFiled: linked.length,
        verifiedReports: linked.filter((r) => reportPoints(r) > 0).length,
      };
    }
    for (const id of personIds) out.set(id, figures(id));
    return out;
  }

  const patrolView = (p: repo.PatrolRow) => ({
    id: p.id,
    personId: p.person_id,
    areaId: p.area_id,
    startedAt: p.started_at.toISOString(),
    endedAt: p.ended_at.toISOString(),
    minutes: patrolMinutes({ startedAt: p.started_at, endedAt: p.ended_at }),
    route: p.route,
    note: p.note,
    findings: p.findings,
  });

  /** Where the actor serves: their profile, else the area of their volunteer or grid-worker grant. */
  async function placeOf(actor: PersonActor) {
    const profile = await repo.findVolunteer(db, actor.personId);
    if (profile?.status === 'suspended') throw volunteersErrors.suspended();
    if (profile) return { id: profile.area_id, path: profile.area_path };
    const grant = actor.grants.find((g) => (FIELD_ROLES as readonly string[]).includes(g.role) && g.areaId !== null);
    if (!grant?.areaId) throw volunteersErrors.forbidden(LOG);
    const area = await areaOf(directory, grant.areaId);
    return { id: area.id, path: area.path };
  }

  async function profile(actor: PersonActor, personId: string) {
    const row = await repo.findVolunteer(db, personId);
    if (!row || !(personId === actor.personId || reaches(access, actor, READ, row.area_path))) throw volunteersErrors.notFound('volunteer');
    const [[person], area, stats] = await Promise.all([
      directory.personsByIds([personId]),
      areaOf(directory, row.area_id),
      statsOf([personId], periodOf({})),
    ]);
    return {
      personId,
      name: person?.name ?? '',
      role: row.role,
      areaId: row.area_id,
      areaName: area.name,
      skills: row.skills,
      status: row.status,
      registeredAt: row.registered_at.toISOString(),
      figures: stats.get(personId) as NonNullable<ReturnType<typeof stats.get>>,
      abilities: {
        manage:
          actor.permissions.has('volunteers.volunteer.manage') && reaches(access, actor, 'volunteers.volunteer.manage', row.area_path),
      },
    };
  }

  return {
    profile,

    /** The published points rule, with its wording in both languages. */
    rule: () => ({
      rule: POINTS_RULE,
      text: POINTS_RULE_TEXT,
    }),

    /** The caller's own page: where they serve, this year's hours and points, and their latest patrols. */
    async me(actor0: RequestContext['actor'], query: PeriodQuery) {
      const actor = authorise(actor0, LOG);
      const period = periodOf(query);
      const row = await repo.findVolunteer(db, actor.personId);
      const [stats, patrols, [person]] = await Promise.all([
        statsOf([actor.personId], period),
        repo.patrolsOf(db, [actor.personId]),
        directory.personsByIds([actor.personId]),
      ]);
      const grant = actor.grants.find((g) => (FIELD_ROLES as readonly string[]).includes(g.role));
      return {
        personId: actor.personId,
        name: person?.name ?? '',
        role: (row?.role ?? grant?.role ?? 'volunteer') as FieldRole,
        areaId: row?.area_id ?? grant?.areaId ?? null,
        status: row?.status ?? 'active',
        registered: row !== undefined,
        skills: row?.skills ?? [],
        period: { from: period.fromDay, to: period.lastDay },
        figures: stats.get(actor.personId) as NonNullable<ReturnType<typeof stats.get>>,
        patrols: patrols.slice(0, 50).map(patrolView),
      };
    },

    /** Logs one of the caller's own patrols: ends after it starts, lasts at most 12 hours, not in the future, no overlap. */
    async logPatrol(ctx: RequestContext, input: NewPatrol) {
      const actor = authorise(ctx.actor, LOG);
      const place = await placeOf(actor);
      const patrol = { startedAt: new Date(input.startedAt), endedAt: new Date(input.endedAt) };
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        await repo.lockPerson(trx, actor.personId);
        // Any patrol that overlaps this one started less than the longest patrol before it began.
        const window = { from: new Date(patrol.startedAt.getTime() - (PATROL_MAX_HOURS + 1) * 3_600_000), to: patrol.endedAt };
        const others = (await repo.patrolsOf(trx, [actor.personId], window)).map((p) => ({ startedAt: p.started_at, endedAt: p.ended_at }));
        const problems = patrolProblems(patrol, now, others);
        if (problems.length) throw volunteersErrors.invalid(problems.map((p) => volunteersErrors.field(p.field, p.detail)));
        const findings = input.findings ?? [];
        const id = await repo.insertPatrol(trx, {
          personId: actor.personId,
          areaId: place.id,
          areaPath: place.path,
          ...patrol,
          route: input.route ?? null,
          note: input.note?.trim() || null,
          findings,
        });
        await audit.record(trx, {
          actor: auditActorOf(actor, LOG, registry),
          action: 'volunteers.patrol.log',
          target: { type: 'person', id: actor.personId },
          after: {
            patrolId: id,
            startedAt: patrol.startedAt,
            endedAt: patrol.endedAt,
            routePoints: input.route?.coordinates.length ?? 0,
            findings: findings.length,
          },
          requestId: ctx.requestId,
          address: ctx.address,
        });
        return patrolView((await repo.findPatrol(trx, id)) as repo.PatrolRow);
      });
    },

    /** The patrols in the caller's area (or below one area of it) that started in the period, newest first. */
    async areaPatrols(actor0: RequestContext['actor'], query: PeriodQuery & { areaId?: string | undefined }) {
      const actor = authorise(actor0, READ);
      const period = periodOf(query);
      let roots = access.scope(actor, READ).areaIds;
      if (query.areaId) {
        const area = await areaOf(directory, query.areaId);
        if (!roots.some((r) => area.path.includes(r))) throw volunteersErrors.notFound('volunteer');
        roots = [area.id];
      }
      if (roots.length === 0) return { items: [] };
      const rows = await repo.patrolsBelow(db, roots, period, 500);
      const names = new Map((await directory.personsByIds([...new Set(rows.map((r) => r.person_id))])).map((p) => [p.id, p.name]));
      return { items: rows.map((r) => ({ ...patrolView(r), name: names.get(r.person_id) ?? '' })) };
    },

    /** The volunteers and grid workers registered in the caller's area, with this period's figures. */
    async list(
      actor0: RequestContext['actor'],
      query: PeriodQuery & { status?: 'active' | 'suspended' | undefined; role?: FieldRole | undefined },
    ) {
      const actor = authorise(actor0, READ);
      const roots = access.scope(actor, READ).areaIds;
      if (roots.length === 0) return { items: [] };
      const rows = await repo.listVolunteers(db, roots, query);
      const ids = rows.map((r) => r.person_id);
      const [people, stats] = await Promise.all([directory.personsByIds(ids), statsOf(ids, periodOf(query))]);
      const names = new Map(people.map((p) => [p.id, p.name]));
      const manage = actor.permissions.has('volunteers.volunteer.manage');
      return {
        items: rows.map((r) => ({
          personId: r.person_id,
          name: names.get(r.person_id) ?? '',
          role: r.role,
          areaId: r.area_id,
          skills: r.skills,
          status: r.status,
          registeredAt: r.registered_at.toISOString(),
          figures: stats.get(r.person_id) as NonNullable<ReturnType<typeof stats.get>>,
          abilities: { manage: manage && reaches(access, actor, 'volunteers.volunteer.manage', r.area_path) },
        })),
      };
    },

    /** Files a report through the reports module's intake as the signed-in volunteer, and links it for points. */
    async fileReport(ctx: RequestContext, input: Omit<ReportInput, 'reporter'>) {
      const actor = authorise(ctx.actor, LOG);
      const place = await placeOf(actor);
      const [person] = await directory.personsByIds([actor.personId]);
      // Filed as a named report (the identity stays sealed, for the handling office only), throttled like any other.
      const filed = await reports.submit(
        ctx,
        { ...input, reporter: { name: person?.name ?? '', contact: null } },
        { address: ctx.address, device: `volunteer-${actor.personId}` },
      );
      const now = clock.now();
      await db.transaction().execute(async (trx) => {
        await repo.insertCredit(trx, {
          reportId: filed.id,
          reportCode: filed.code,
          personId: actor.personId,
          areaPath: place.path,
          at: now,
        });
        await audit.record(trx, {
          actor: auditActorOf(actor, LOG, registry),
          action: 'volunteers.report.file',
          target: { type: 'person', id: actor.personId },
          after: { reportId: filed.id, code: filed.code },
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
      return {
        code: filed.code,
        token: filed.token,
        trackingUrl: `/report/track/${filed.token}`,
        dueAt: filed.dueAt.toISOString(),
        serviceName: filed.serviceName,
      };
    },

    /** The caller's own filed reports with where they stand and the points each earns now. */
    async myReports(actor0: RequestContext['actor']) {
      const actor = authorise(actor0, LOG);
      const credits = await repo.creditsOf(db, [actor.personId]);
      const statuses = await reports.statusesOf(credits.map((c) => c.report_id));
      return {
        items: credits.map((c) => {
          const s = statuses.get(c.report_id);
          return {
            code: c.report_code,
            filedAt: c.filed_at.toISOString(),
            status: s?.status ?? 'submitted',
            points: s ? reportPoints({ status: s.status, verifiedAt: s.verifiedAt, becameHazard: s.hazardId !== null }) : 0,
          };
        }),
      };
    },

    /** A community's ranking over the period; names masked for anyone but the office governing it. */
    async ranking(actor0: RequestContext['actor'], query: PeriodQuery & { areaId: string }) {
      const actor = authorise(actor0, RANKING);
      const period = periodOf(query);
      const area = await areaOf(directory, query.areaId);
      const ids = await repo.peopleActiveBelow(db, area.id, period);
      const [people, stats] = await Promise.all([directory.personsByIds(ids), statsOf(ids, period)]);
      const names = new Map(people.map((p) => [p.id, p.name]));
      const office = actor.permissions.has(READ) && reaches(access, actor, READ, area.path);
      const rows = ids.map((id) => {
        const f = stats.get(id) as NonNullable<ReturnType<typeof stats.get>>;
        return {
          personId: id,
          name: names.get(id) ?? '',
          points: f.points.total,
          hours: f.hours.totalHours,
          verifiedReports: f.verifiedReports,
          patrols: f.patrols,
        };
      });
      return {
        areaId: area.id,
        areaName: area.name,
        period: { from: period.fromDay, to: period.lastDay },
        items: rank(rows).map((r) => ({
          ...r,
          name: office || r.personId === actor.personId ? r.name : maskName(r.name),
          me: r.personId === actor.personId,
        })),
      };
    },
  };
}
