import type { Kysely } from 'kysely';
import { csvDocument } from '../../platform/csv/index.js';
import { AppError } from '../../platform/http/index.js';
import { type AccessModule, type Actor, auditActorOf, type PermissionRegistry, type RequestContext } from '../access/index.js';
import type { AuditModule } from '../audit/index.js';
import { normaliseCreditCode, validateCreditCode } from './credit-code.js';
import * as repo from './directory.repository.js';
import { locate } from './directory.rules.js';
import type { DirectoryTables, Geometry, Trade } from './directory.tables.js';

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

export interface CreateEnterprise {
  creditCode: string;
  name: string;
  nameEn?: string | undefined;
  address?: string | undefined;
  lng?: number | undefined;
  lat?: number | undefined;
  areaId?: string | undefined;
  industryCode?: string | undefined;
  trade?: Trade | undefined;
  size?: 'large' | 'medium' | 'small' | 'micro' | undefined;
  usesHazardousChemicals: boolean;
  supervisionClass?: 'A' | 'B' | 'C' | 'D' | undefined;
  licences: { kind: string; number: string; validUntil?: string | undefined }[];
  principalName?: string | undefined;
  safetyManagerName?: string | undefined;
}

const notVisible = (what: string) =>
  new AppError({ code: 'not_found', status: 404, title: 'Not found', detail: `No such ${what} that you may see.` });

export function createDirectoryModule(deps: {
  db: Kysely<DirectoryTables>;
  audit: Pick<AuditModule, 'record'>;
  registry: PermissionRegistry;
}) {
  const { db, audit, registry } = deps;
  return {
    /**
     * The enterprise register the caller may list, as CSV (UTF-8 with BOM, so
     * Excel opens it in Chinese), with the same filters as the list.
     */
    async exportEnterprises(
      access: Pick<AccessModule, 'scope'>,
      actor: Actor,
      filters: { q?: string | undefined; trade?: Trade | undefined; areaId?: string | undefined },
    ): Promise<string> {
      const page = await repo.listEnterprises(db, {
        ...filters,
        scope: access.scope(actor, 'directory.enterprise.list'),
        limit: 200_000,
        offset: 0,
      });
      const header = ['统一社会信用代码', '单位名称', '英文名称', '行业类别', '规模', '网格', '地址', '经度', '纬度', '使用危险化学品'];
      return csvDocument([
        header,
        ...page.items.map((o) => [
          o.credit_code,
          o.name,
          o.name_en,
          o.trade,
          o.size,
          o.area_name,
          o.address,
          o.lng,
          o.lat,
          o.uses_hazardous_chemicals ? '是' : '否',
        ]),
      ]);
    },

    /**
     * Redraws an area's boundary and re-places every located enterprise under the
     * area's parent in the grid that now holds it, all in one audited transaction.
     */
    async setBoundary(ctx: RequestContext, access: Pick<AccessModule, 'scope'>, areaId: string, boundary: Geometry) {
      const scope = access.scope(ctx.actor, 'directory.area.edit');
      const path = await repo.areaPath(db, areaId);
      if (path.length === 0 || !path.some((a) => scope.areaIds.includes(a.id))) throw notVisible('area');
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

    /**
     * Registers one enterprise in the caller's area: the credit code is checked
     * (GB 32100), the grid is found from the location, and the registration is audited.
     */
    async createEnterprise(ctx: RequestContext, access: Pick<AccessModule, 'scope'>, input: CreateEnterprise) {
      const errors: { in: string; field: string; pointer: string; detail: string }[] = [];
      const problem = (field: string, detail: string) => errors.push({ in: 'body', field, pointer: `/${field}`, detail });
      const creditCode = normaliseCreditCode(input.creditCode);
      const check = validateCreditCode(creditCode);
      if (!check.ok) {
        problem(
          'creditCode',
          check.reason === 'check_character'
            ? `check character should be ${check.expected}`
            : check.reason === 'length'
              ? 'must be 18 characters'
              : 'may hold only digits and the letters ABCDEFGHJKLMNPQRTUWXY',
        );
      }
      if ((input.lng === undefined) !== (input.lat === undefined))
        problem(input.lng === undefined ? 'lng' : 'lat', 'give both longitude and latitude, or neither');
      const scope = access.scope(ctx.actor, 'directory.enterprise.create');
      let areaId: string | null = input.areaId ?? scope.areaIds[0] ?? null;
      if (input.lng !== undefined && input.lat !== undefined) {
        const areas = (await repo.listAreas(db)).map((a) => ({ id: a.id, level: a.level, boundary: a.boundary }));
        areaId = locate({ lng: input.lng, lat: input.lat }, areas);
        if (!areaId) problem('lng', 'the location lies outside every area of the jurisdiction');
      }
      if (areaId && !(await repo.areaPath(db, areaId)).some((a) => scope.areaIds.includes(a.id)))
        problem(input.lng !== undefined ? 'lng' : 'areaId', 'lies outside the area you govern');
      if (errors.length)
        throw new AppError({
          code: 'directory.enterprise_invalid',
          status: 422,
          title: 'The enterprise cannot be registered as given',
          detail: errors.map((e) => `${e.field}: ${e.detail}`).join('; '),
          errors,
        });

      const id = await db.transaction().execute(async (trx) => {
        const existing = await repo.enterpriseByCreditCode(trx, creditCode);
        if (existing) {
          throw new AppError({
            code: 'directory.enterprise_exists',
            status: 409,
            title: 'Already registered',
            detail: `An enterprise with credit code ${creditCode} is registered already: ${existing.name}.`,
            extra: { existingId: existing.id },
          });
        }
        const [created] = await repo.insertOrganisations(trx, [
          {
            kind: 'enterprise',
            name: input.name,
            nameEn: input.nameEn ?? null,
            creditCode,
            department: null,
            areaId,
            address: input.address ?? null,
            lng: input.lng ?? null,
            lat: input.lat ?? null,
            industryCode: input.industryCode?.replace(/^[A-T]/, '') ?? null,
            trade: input.trade ?? null,
            size: input.size ?? null,
            usesHazardousChemicals: input.usesHazardousChemicals,
            principalName: input.principalName ?? null,
            safetyManagerName: input.safetyManagerName ?? null,
          },
        ]);
        const newId = created as string;
        await trx
          .updateTable('directory.organisation')
          .set({
            supervision_class: input.supervisionClass ?? null,
            licences: JSON.stringify(input.licences.map((l) => ({ kind: l.kind, number: l.number, validUntil: l.validUntil ?? null }))),
          })
          .where('id', '=', newId)
          .execute();
        await audit.record(trx, {
          actor: auditActorOf(ctx.actor, 'directory.enterprise.create', registry),
          action: 'directory.enterprise.create',
          target: { type: 'organisation', id: newId },
          after: { ...input, creditCode, areaId },
          requestId: ctx.requestId,
          address: ctx.address,
        });
        return newId;
      });
      const row = await repo.enterpriseDetail(db, id);
      if (!row) throw notVisible('enterprise');
      return {
        id: row.id,
        name: row.name,
        nameEn: row.name_en,
        creditCode: row.credit_code,
        trade: row.trade,
        size: row.size,
        areaId: row.area_id,
        areaName: row.area_name,
        address: row.address,
        lng: row.lng,
        lat: row.lat,
        usesHazardousChemicals: row.uses_hazardous_chemicals,
        industryCode: row.industry_code,
        supervisionClass: row.supervision_class,
        licences: row.licences,
        principalName: row.principal_name,
        safetyManagerName: row.safety_manager_name,
      };
    },

    /**
     * One organisation's register record, for those who govern it (area scope or
     * an entrustment in force over it) and for its own people.
     */
    async organisation(access: Pick<AccessModule, 'scope'>, actor: Actor, id: string) {
      const [o] = await repo.organisationsByIds(db, [id]);
      if (!o || actor.kind !== 'person') throw notVisible('organisation');
      const own = actor.grants.some((g) => g.organisationId === id);
      const scope = access.scope(actor, 'directory.enterprise.list');
      const governed =
        scope.organisationIds.includes(id) ||
        (o.area_id !== null && (await repo.areaPath(db, o.area_id)).some((a) => scope.areaIds.includes(a.id)));
      if (!own && !governed) throw notVisible('organisation');
      const detail = o.kind === 'enterprise' ? await repo.enterpriseDetail(db, id) : undefined;
      return {
        ...toOrganisation(o),
        industryCode: detail?.industry_code ?? null,
        supervisionClass: detail?.supervision_class ?? null,
        licences: detail?.licences ?? [],
        principalName: detail?.principal_name ?? null,
        safetyManagerName: detail?.safety_manager_name ?? null,
        abilities: { readHistory: actor.permissions.has('audit.history.read') },
      };
    },

    searchOrganisations: (filters: Parameters<typeof repo.searchOrganisations>[1]) => repo.searchOrganisations(db, filters),

    /** Mutual-aid groups: regulators see those of their area, a group lead their own group. */
    async groups(access: Pick<AccessModule, 'scope'>, actor: Actor) {
      const scope = access.scope(actor, 'directory.group.read');
      const inArea = scope.areaIds.length ? (await repo.areaSubtree(db, scope.areaIds).execute()).map((r) => r.id) : [];
      const all = await repo.groups(db, 'all');
      return all
        .filter((g) => scope.organisationIds.includes(g.id) || (g.area_id !== null && inArea.includes(g.area_id)))
        .map((g) => ({ id: g.id, name: g.name, nameEn: g.name_en, members: Number(g.members), leadName: g.lead_name ?? null }));
    },

    async groupMembers(access: Pick<AccessModule, 'scope'>, actor: Actor, groupId: string) {
      const visible = await this.groups(access, actor);
      if (!visible.some((g) => g.id === groupId)) throw notVisible('mutual-aid group');
      const members = await repo.groupMembers(db, groupId);
      return members.map((m) => ({ id: m.id, name: m.name, creditCode: m.credit_code, trade: m.trade, isLead: m.is_lead }));
    },

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
