/**
 * The hazard closed loop (隐患治理): the module's public use cases, composed from the parts in this folder.
 * `createHazardsModule({ db, clock, registry, audit, access, directory, notifications, files })`.
 */
import type { Actor } from '../access/index.js';
import type { InTransaction } from '../audit/index.js';
import * as board from './board.repository.js';
import { createDeadlines } from './deadlines.usecases.js';
import { createEvidence } from './evidence.usecases.js';
import { createCore, type HazardsDeps } from './hazards.core.js';
import { CRITERIA } from './hazards.criteria.js';
import * as repo from './hazards.repository.js';
import { OPEN_STATUSES, STATUSES, type Status } from './hazards.rules.js';
import { detail, summaries } from './hazards.views.js';
import { createIntake } from './intake.usecases.js';
import { createMajor } from './major.usecases.js';
import { createReferrals } from './referrals.usecases.js';
import { type DemoHazardsInput, generateDemoHazards } from './seed.repository.js';
import { createStatistics } from './statistics.usecases.js';
import * as tally from './tally.repository.js';
import { createTransitions } from './transitions.usecases.js';

export type { Finding } from './intake.usecases.js';

export interface ListQuery extends board.BoardFilters {
  statuses?: Status[] | undefined;
  sort?: board.Sort | undefined;
  limit: number;
  cursor?: string | undefined;
}

const encodeCursor = (c: board.Cursor) => Buffer.from(JSON.stringify([c.key, c.id])).toString('base64url');
function decodeCursor(s: string | undefined): board.Cursor | null {
  if (!s) return null;
  try {
    const [key, id] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as [unknown, unknown];
    if (
      typeof key === 'string' &&
      typeof id === 'string' &&
      /^[0-9a-f-]{36}$/.test(id) &&
      (key === 'infinity' || !Number.isNaN(Date.parse(key)))
    )
      return { key, id };
  } catch {
    // an unreadable cursor starts from the top
  }
  return null;
}

export function createHazardsModule(deps: HazardsDeps) {
  const core = createCore(deps);
  const { db, clock, directory } = deps;
  const transitions = createTransitions(core);
  const intake = createIntake(core);
  const major = createMajor(core);
  const evidence = createEvidence(core);
  const referrals = createReferrals(core);
  const statistics = createStatistics(core);
  const deadlines = createDeadlines(core);

  /** The read model's rows matching the filters, when it can answer them (scope by areas only, no per-row filter). */
  async function tallied(visibility: board.Visibility, f: board.BoardFilters) {
    const areaOnly = visibility.enterpriseIds.length === 0 && !visibility.reportedBy && visibility.areaIds.length > 0;
    if (!areaOnly || f.q || f.enterpriseId || f.overdue || f.areaId) return null;
    const rows = await tally.countsOf(db, visibility.areaIds);
    const open = new Set<string>(OPEN_STATUSES);
    return rows
      .filter((r) => !f.grade || r.grade === f.grade)
      .filter((r) => !f.source || r.source === f.source)
      .filter((r) => !f.trade || (r.trade || 'other') === f.trade)
      .filter((r) => !f.supervised || (r.grade === 'major' && open.has(r.status)));
  }

  /** The exact total of a board list, when the read model can give it, or a count query can do it cheaply. */
  async function total(visibility: board.Visibility, f: ListQuery, now: Date): Promise<number | null> {
    if (f.q) return null;
    const rows = await tallied(visibility, f);
    if (rows) return rows.filter((r) => !f.statuses?.length || f.statuses.includes(r.status)).reduce((n, r) => n + Number(r.n), 0);
    return board.count(db, visibility, f, now);
  }

  /** An area filter inside one's scope replaces the scope: the narrower condition gives the better plan. */
  async function narrow(actor: Actor, query: ListQuery) {
    let visibility = core.visibility(actor);
    const f: ListQuery = { ...query };
    if (f.areaId && visibility.areaIds.length) {
      const path = (await directory.areaPath(f.areaId)).map((a) => a.id);
      if (path.some((a) => visibility.areaIds.includes(a))) {
        visibility = { areaIds: [f.areaId], enterpriseIds: [], reportedBy: null };
        f.areaId = undefined;
      }
    }
    return { visibility, f };
  }

  return {
    ...transitions,
    create: async (...args: Parameters<typeof intake.create>) => intake.create(...args),
    registerFindings: intake.registerFindings,
    savePlan: major.savePlan,
    stopProduction: major.stop,
    applyResumption: major.apply,
    reviewResumption: major.review,
    attachEvidence: evidence.attach,
    evidenceContent: evidence.content,
    refer: referrals.refer,
    referrals: referrals.list,
    acknowledgeReferral: referrals.acknowledge,
    referralOutcome: referrals.outcome,
    statistics: statistics.dashboard,
    quarterly: statistics.quarterly,
    runDeadlines: deadlines.runDeadlines,
    criteria: () => ({ items: [...CRITERIA] }),

    /** The hazard board: scope on the hazard row, filters, keyset pages. */
    async list(actor: Actor, query: ListQuery) {
      const now = clock.now();
      const { visibility, f } = await narrow(actor, query);
      const sort = f.sort ?? (f.overdue ? 'deadline' : 'newest');
      const [rows, n] = await Promise.all([
        board.page(db, visibility, f, sort, f.limit + 1, decodeCursor(f.cursor), now),
        total(visibility, f, now),
      ]);
      const page = rows.slice(0, f.limit) as repo.HazardRow[];
      const last = page[page.length - 1];
      return {
        items: await summaries(core, actor, page, now),
        nextCursor: rows.length > f.limit && last ? encodeCursor({ key: board.cursorKey(last, sort), id: last.id }) : null,
        total: n,
      };
    },

    /** Counts by state (the board's tabs) and overdue, under the list's filters other than state. */
    async counts(actor: Actor, query: Omit<ListQuery, 'statuses' | 'limit' | 'cursor' | 'sort'>) {
      const now = clock.now();
      const { visibility, f } = await narrow(actor, { ...query, limit: 1 });
      const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
      const rows = await tallied(visibility, f);
      if (rows) for (const r of rows) byStatus[r.status] += Number(r.n);
      else for (const [s, n] of await board.countByStatus(db, visibility, f, now)) byStatus[s] = n;
      const overdue = await board.count(db, visibility, { ...f, overdue: true }, now);
      return { byStatus, overdue };
    },

    /** The departments a hazard may be referred to: every regulator but one's own. */
    async referralTargets(actor: Actor) {
      const mine = core.ownOrganisations(actor, 'hazards.referral.create');
      return {
        items: (await directory.regulators())
          .filter((r) => !mine.includes(r.id))
          .map((r) => ({ id: r.id, name: r.name, nameEn: r.name_en, department: r.department })),
      };
    },

    async get(actor: Actor, id: string) {
      return detail(core, actor, await core.visibleRow(actor, id), clock.now());
    },

    /** Whether the actor may read the hazard (the audit history uses the same rule). */
    async canReadById(actor: Actor, id: string): Promise<boolean> {
      const row = await repo.findById(db, id);
      return row !== undefined && (await core.canRead(actor, row));
    },

    /** Counts of open hazards per enterprise (for risk pages, inspection planning). */
    async openCounts(enterpriseIds: readonly string[]): Promise<Map<string, { open: number; major: number; overdue: number }>> {
      const rows = await repo.openCounts(db, enterpriseIds, clock.now());
      return new Map(rows.map((r) => [r.enterprise_id, { open: Number(r.open), major: Number(r.major), overdue: Number(r.overdue) }]));
    },

    /** Rebuilds the read model of counts from the hazards (after a bulk load). */
    rebuildReadModel: (tx = db) => tally.rebuild(tx),

    /** Bulk writes for loading a demo jurisdiction; the caller owns the transaction. */
    seed: {
      demoHazards: (tx: InTransaction, input: DemoHazardsInput) => generateDemoHazards(tx as unknown as typeof db, input),
    },
  };
}

export type HazardsModule = ReturnType<typeof createHazardsModule>;
