import type { Kysely } from 'kysely';
import type { AccessModule, Actor } from '../access/index.js';
import * as repo from './directory.repository.js';
import type { DirectoryTables, Trade } from './directory.tables.js';

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

export function createDirectoryModule(deps: { db: Kysely<DirectoryTables> }) {
  const { db } = deps;
  return {
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

    /** Enterprises the actor may list: below the areas their grants govern. */
    async listEnterprises(
      access: Pick<AccessModule, 'scope'>,
      actor: Actor,
      filters: { q?: string | undefined; trade?: Trade | undefined; areaId?: string | undefined; limit: number; offset: number },
    ) {
      const scope = access.scope(actor, 'directory.enterprise.list');
      const page = await repo.listEnterprises(db, { ...filters, scope });
      return {
        total: page.total,
        items: page.items.map((o) => ({
          id: o.id,
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
        })),
      };
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
    enterpriseByCreditCode: (creditCode: string) => repo.enterpriseByCreditCode(db, creditCode),
    providers: () => repo.organisationsOfKind(db, 'provider'),
    organisationsByIds: (ids: readonly string[]) => repo.organisationsByIds(db, ids),
    hasAnyData: (tx: Kysely<DirectoryTables> = db) => repo.hasAnyData(tx),

    /** Bulk writes for loading a jurisdiction (demo, imports); the caller owns the transaction. */
    seed: {
      insertArea: (tx: Kysely<DirectoryTables>, area: repo.NewArea) => repo.insertArea(tx, area),
      insertOrganisations: (tx: Kysely<DirectoryTables>, rows: readonly repo.NewOrganisation[]) => repo.insertOrganisations(tx, rows),
      insertPersons: (tx: Kysely<DirectoryTables>, names: readonly string[]) => repo.insertPersons(tx, names),
      insertGroupMembers: (tx: Kysely<DirectoryTables>, rows: Parameters<typeof repo.insertGroupMembers>[1]) =>
        repo.insertGroupMembers(tx, rows),
    },
  };
}

export type DirectoryModule = ReturnType<typeof createDirectoryModule>;
