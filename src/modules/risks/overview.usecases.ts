/**
 * The street's risk map and risk counts: each enterprise's highest current level
 * (from the read model kept in the transaction of every register change), over
 * the enterprises the caller's mandate reaches, for the map and the dashboard.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/index.js';
import type { AccessModule, Actor } from '../access/index.js';
import * as controls from './controls.repository.js';
import * as readModel from './readmodel.repository.js';
import { risksErrors } from './risks.errors.js';
import type { RisksDirectory } from './risks.guard.js';
import { RISK_LEVELS, type RiskLevel } from './risks.reference.js';
import type { RisksTables } from './risks.tables.js';
import { DUE_HORIZON_DAYS, emptyCounts } from './risks.views.js';

type LevelFilter = RiskLevel | 'none';

interface Counts {
  enterprises: Record<RiskLevel | 'none' | 'total', number>;
  riskPoints: Record<RiskLevel | 'unassessed' | 'total', number>;
}

const zero = (): Counts => ({
  enterprises: { ...emptyCounts(), none: 0, total: 0 },
  riskPoints: { ...emptyCounts(), unassessed: 0, total: 0 },
});

function add(into: Counts, row: readModel.EnterpriseRiskRow | undefined) {
  into.enterprises.total++;
  into.enterprises[row?.level ?? 'none']++;
  if (!row) return;
  for (const level of RISK_LEVELS) into.riskPoints[level] += row[level];
  into.riskPoints.unassessed += row.unassessed;
  into.riskPoints.total += row.major + row.high + row.moderate + row.low + row.unassessed;
}

export function createOverviewUseCases(deps: {
  db: Kysely<RisksTables>;
  clock: Clock;
  access: Pick<AccessModule, 'scope'>;
  directory: Pick<RisksDirectory, 'enterprisePlaces' | 'areaPath' | 'areaTree'>;
}) {
  const { db, clock, access, directory } = deps;

  /** The enterprises the caller may see on the map, below the area when one is named, with their read-model rows. */
  async function places(actor: Actor, areaId: string | undefined) {
    const scope = access.scope(actor, 'risks.map.read');
    let area: { id: string; name: string } | null = null;
    if (areaId) {
      const path = await directory.areaPath(areaId);
      const governed = path.some((a) => scope.areaIds.includes(a.id));
      if (path.length === 0 || (!governed && scope.organisationIds.length === 0)) throw risksErrors.notFound('area');
      area = { id: areaId, name: path[0]?.name ?? '' };
    }
    const list = await directory.enterprisePlaces(scope, areaId);
    const risks = await readModel.enterpriseRisks(
      db,
      list.map((p) => p.id),
    );
    return { scope, area, list, risks };
  }

  return {
    /** Each located enterprise with its highest level and its risk points per level. */
    async map(actor: Actor, query: { areaId?: string | undefined; levels?: string | undefined }) {
      const { list, risks } = await places(actor, query.areaId);
      const wanted = query.levels ? new Set(query.levels.split(',') as LevelFilter[]) : null;
      const items = [];
      let unlocated = 0;
      for (const p of list) {
        const row = risks.get(p.id);
        const level = row?.level ?? null;
        if (wanted && !wanted.has(level ?? 'none')) continue;
        if (p.lng === null || p.lat === null) {
          unlocated++;
          continue;
        }
        items.push({
          id: p.id,
          name: p.name,
          lng: p.lng,
          lat: p.lat,
          level,
          counts: { major: row?.major ?? 0, high: row?.high ?? 0, moderate: row?.moderate ?? 0, low: row?.low ?? 0 },
        });
      }
      return { items, total: items.length, unlocated };
    },

    /**
     * Enterprises by their highest level and risk points by level, in all and for each
     * child area of the one asked about (or of the single area the caller governs), and
     * the control checks overdue or due within a week.
     */
    async overview(actor: Actor, query: { areaId?: string | undefined }) {
      const { scope, area, list, risks } = await places(actor, query.areaId);
      const focusId = area?.id ?? (scope.areaIds.length === 1 ? (scope.areaIds[0] as string) : null);
      const totals = zero();
      const byChild = new Map<string, Counts>();
      const tree = focusId ? (await directory.areaTree()).items : [];
      const nodes = new Map(tree.map((a) => [a.id, a]));
      const children = tree.filter((a) => a.parentId === focusId);
      for (const c of children) byChild.set(c.id, zero());
      // Which child of the focus area each grid lies in; remembered per area.
      const childOf = new Map<string, string | null>();
      const climb = (areaId: string | null): string | null => {
        if (!areaId) return null;
        const known = childOf.get(areaId);
        if (known !== undefined) return known;
        const node = nodes.get(areaId);
        const found = !node ? null : node.parentId === focusId ? node.id : climb(node.parentId);
        childOf.set(areaId, found);
        return found;
      };
      for (const p of list) {
        const row = risks.get(p.id);
        add(totals, row);
        const child = focusId ? climb(p.area_id) : null;
        const bucket = child ? byChild.get(child) : undefined;
        if (bucket) add(bucket, row);
      }
      const now = clock.now();
      const due = await controls.dueCounts(
        db,
        list.map((p) => p.id),
        now,
        new Date(now.getTime() + DUE_HORIZON_DAYS * 86_400_000),
      );
      return {
        area: area ?? (focusId && nodes.get(focusId) ? { id: focusId, name: nodes.get(focusId)?.name ?? '' } : null),
        ...totals,
        checks: { overdue: due.overdue, dueWithin7Days: due.due },
        byArea: children.map((c) => ({
          areaId: c.id,
          name: c.name,
          nameEn: c.nameEn,
          level: c.level,
          ...(byChild.get(c.id) as Counts),
        })),
      };
    },

    /** Highest level and counts per enterprise, for other modules (inspection planning, hazard pages). */
    async levelsOf(enterpriseIds: readonly string[]) {
      const rows = await readModel.enterpriseRisks(db, enterpriseIds);
      return new Map(
        [...rows].map(([id, r]) => [
          id,
          { level: r.level, counts: { major: r.major, high: r.high, moderate: r.moderate, low: r.low, unassessed: r.unassessed } },
        ]),
      );
    },
  };
}

export type OverviewUseCases = ReturnType<typeof createOverviewUseCases>;
