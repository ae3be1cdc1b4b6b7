import type { Kysely } from 'kysely';
import { type AccessModule, type Actor, auditActorOf, type PermissionRegistry, type RequestContext } from '../access/index.js';
import type { AuditModule } from '../audit/index.js';
import { directoryErrors } from './directory.errors.js';
import * as repo from './directory.repository.js';
import { cumulativeCounts, locate } from './directory.rules.js';
import type { DirectoryTables, Geometry, Trade } from './directory.tables.js';
import * as enterprisesRepo from './enterprises.repository.js';
import { createEnterpriseUseCases } from './enterprises.usecases.js';
import * as groupsRepo from './groups.repository.js';
import { createGroupUseCases } from './groups.usecases.js';

const TRADES: readonly Trade[] = ['hazardous_chemicals', 'warehouse', 'workshop', 'restaurant', 'construction', 'transport'];

type OrganisationRow = Awaited<ReturnType<typeof repo.organisationsByIds>>[number];

const toOrganisation = (o: OrganisationRow) => ({
  id: o.id,
  kind: o.kind,
  name: o.name,
  nameEn: o.name_en,
  creditCode: o.credit_code,
  trade: o.trade,
  size: o.size,
  areaId: o.area_id,
  areaName: o.area_name,
  address: o.address,
  lng: o.lng,
  lat: o.lat,
  usesHazardousChemicals: o.uses_hazardous_chemicals,
});

export function createDirectoryModule(deps: {
  db: Kysely<DirectoryTables>;
  audit: Pick<AuditModule, 'record'>;
  registry: PermissionRegistry;
}) {
  const { db, audit, registry } = deps;
  const enterprises = createEnterpriseUseCases(deps);
  const groups = createGroupUseCases(deps);
  return {
    ...enterprises,
    ...groups,

    /** The jurisdiction tree with administrative codes and the enterprises registered in and below each area. */
    async areaTree() {
      const [areas, direct] = await Promise.all([repo.listAreas(db), enterprisesRepo.enterpriseCountsByArea(db)]);
      const totals = cumulativeCounts(
        areas.map((a) => ({ id: a.id, parentId: a.parent_id })),
        direct,
      );
      return {
        items: areas.map((a) => ({
          id: a.id,
          parentId: a.parent_id,
          level: a.level,
          code: a.code,
          name: a.name,
          nameEn: a.name_en,
          enterprises: totals.get(a.id) ?? 0,
          hasBoundary: a.boundary !== null,
        })),
      };
    },

    /**
     * Redraws an area's boundary and re-places every located enterprise under the
     * area's parent in the grid that now holds it, all in one audited transaction.
     */
    async setBoundary(ctx: RequestContext, access: Pick<AccessModule, 'scope'>, areaId: string, boundary: Geometry) {
      const scope = access.scope(ctx.actor, 'directory.area.edit');
      const path = await repo.areaPath(db, areaId);
      if (path.length === 0 || !path.some((a) => scope.areaIds.includes(a.id))) throw directoryErrors.notVisible('area');
      const parentId = path[1]?.id ?? areaId;
      return db.transaction().execute(async (trx) => {
        const before = (await repo.listAreas(trx)).find((a) => a.id === areaId);
        await repo.setBoundary(trx, areaId, boundary);
        const areas = (await repo.listAreas(trx)).map((a) => ({ id: a.id, level: a.level, boundary: a.boundary }));
        const candidates = await repo.locatedEnterprisesBelow(trx, [parentId]);
        const moves: { id: string; areaId: string; from: string | null }[] = [];
        for (const e of candidates) {
          if (e.lng === null || e.lat === null) continue;
          const found = locate({ lng: e.lng, lat: e.lat }, areas);
          if (found && found !== e.area_id) moves.push({ id: e.id, areaId: found, from: e.area_id });
        }
        await repo.setAreas(trx, moves);
        const actor = auditActorOf(ctx.actor, 'directory.area.edit', registry);
        await audit.record(
          trx,
          {
            actor,
            action: 'directory.area.set_boundary',
            target: { type: 'area', id: areaId },
            before: { boundary: before?.boundary ?? null },
            after: { boundary, enterprisesMoved: moves.length },
            requestId: ctx.requestId,
            address: ctx.address,
          },
          ...moves.map((m) => ({
            actor,
            action: 'directory.enterprise.relocate',
            target: { type: 'organisation', id: m.id },
            before: { areaId: m.from },
            after: { areaId: m.areaId, becauseOfArea: areaId },
            requestId: ctx.requestId,
            address: ctx.address,
          })),
        );
        return { areaId, enterprisesMoved: moves.length };
      });
    },

    searchOrganisations: (filters: Parameters<typeof repo.searchOrganisations>[1]) => repo.searchOrganisations(db, filters),

    async areasGeoJson() {
      const areas = await repo.listAreas(db);
      return {
        type: 'FeatureCollection' as const,
        features: areas.map((a) => ({
          type: 'Feature' as const,
          id: a.id,
          geometry: a.boundary,
          properties: { id: a.id, parentId: a.parent_id, level: a.level, code: a.code, name: a.name, nameEn: a.name_en },
        })),
      };
    },

    async summary() {
      const [areas, organisations] = await Promise.all([repo.countAreasByLevel(db), repo.countOrganisations(db)]);
      const byTrade = Object.fromEntries(TRADES.map((t) => [t, 0])) as Record<Trade, number>;
      const kinds: Record<string, number> = { regulator: 0, provider: 0, mutual_aid_group: 0, rescue_team: 0 };
      let total = 0;
      for (const row of organisations) {
        if (row.kind === 'enterprise') {
          total += row.n;
          if (row.trade) byTrade[row.trade] += row.n;
        } else {
          kinds[row.kind] = (kinds[row.kind] ?? 0) + row.n;
        }
      }
      return { areas, enterprises: { total, byTrade }, organisations: kinds };
    },

    /** The organisations in which the actor holds a grant in force. */
    async myOrganisations(actor: Actor) {
      if (actor.kind !== 'person') return [];
      const rows = await repo.organisationsByIds(db, [...new Set(actor.grants.map((g) => g.organisationId))]);
      return rows.map(toOrganisation);
    },

    personsByIds: (ids: readonly string[]) => repo.personsByIds(db, ids),
    /** Of these ids, the enterprises below these area roots. */
    enterprisesWithin: (ids: readonly string[], areaRootIds: readonly string[]) => repo.enterprisesWithin(db, ids, areaRootIds),
    /** The area and its ancestors, nearest first (empty when unknown). */
    areaPath: (areaId: string) => repo.areaPath(db, areaId),
    countEnterprisesBelow: (areaId: string) => repo.countEnterprisesBelow(db, areaId),
    /** Enterprises in a scope (area subtrees ∪ single organisations), optionally only below one area, with their places. */
    enterprisePlaces: (scope: { areaIds: readonly string[]; organisationIds: readonly string[] }, belowAreaId?: string) =>
      enterprisesRepo.enterprisePlaces(db, scope, belowAreaId),
    enterpriseByCreditCode: (creditCode: string) => repo.enterpriseByCreditCode(db, creditCode),
    /** Enterprises by credit code or exact name, for imports that name them either way (a name may match several). */
    enterprisesByCodeOrName: (codes: readonly string[], names: readonly string[]) => repo.enterprisesByCodeOrName(db, codes, names),
    providers: () => repo.organisationsOfKind(db, 'provider'),
    /** Every regulator with the area it governs and its department (hazard reporting and escalation). */
    regulators: () => repo.regulators(db),
    organisationsByIds: (ids: readonly string[]) => repo.organisationsByIds(db, ids),
    hasAnyData: (tx: Kysely<DirectoryTables> = db) => repo.hasAnyData(tx),

    /** Bulk writes for loading a jurisdiction (demo, imports); the caller owns the transaction. */
    seed: {
      insertArea: (tx: Kysely<DirectoryTables>, area: repo.NewArea) => repo.insertArea(tx, area),
      insertOrganisations: (tx: Kysely<DirectoryTables>, rows: readonly repo.NewOrganisation[]) => repo.insertOrganisations(tx, rows),
      insertPersons: (tx: Kysely<DirectoryTables>, names: readonly string[]) => repo.insertPersons(tx, names),
      insertGroupMembers: (tx: Kysely<DirectoryTables>, rows: Parameters<typeof groupsRepo.insertGroupMembers>[1]) =>
        groupsRepo.insertGroupMembers(tx, rows),
    },
  };
}

export type DirectoryModule = ReturnType<typeof createDirectoryModule>;
