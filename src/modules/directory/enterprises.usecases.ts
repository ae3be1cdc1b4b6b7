import type { Kysely } from 'kysely';
import { csvDocument } from '../../platform/csv/index.js';
import type { InvalidField } from '../../platform/http/index.js';
import { type AccessModule, type Actor, auditActorOf, type PermissionRegistry, type RequestContext } from '../access/index.js';
import type { AuditModule } from '../audit/index.js';
import { normaliseCreditCode, validateCreditCode } from './credit-code.js';
import { directoryErrors } from './directory.errors.js';
import * as repo from './directory.repository.js';
import { locate } from './directory.rules.js';
import type { DirectoryTables, Trade } from './directory.tables.js';
import { applyEnterprisePatch, changedFields, type EnterprisePatch, storedIndustryCode } from './enterprise.rules.js';
import * as enterprises from './enterprises.repository.js';

type Access = Pick<AccessModule, 'scope'>;

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

export interface EnterpriseFilters {
  q?: string | undefined;
  trade?: Trade | undefined;
  areaId?: string | undefined;
}

const EDIT = 'directory.enterprise.edit';

const bodyField = (field: string, detail: string): InvalidField => ({
  in: 'body',
  field,
  pointer: `/${field.replaceAll('.', '/')}`,
  detail,
});

const listView = (o: Awaited<ReturnType<typeof repo.listEnterprises>>['items'][number], edit: boolean) => ({
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
  abilities: { edit },
});

const detailView = (row: enterprises.EnterpriseDetailRow, edit: boolean) => ({
  ...listView(row, edit),
  industryCode: row.industry_code,
  supervisionClass: row.supervision_class,
  licences: row.licences,
  principalName: row.principal_name,
  safetyManagerName: row.safety_manager_name,
});

/**
 * The enterprise register: listing and exporting what the caller governs, registering one enterprise by hand,
 * changing its register record afterwards, and reading one organisation's record. Each answer carries what the
 * caller may do with the enterprise (`abilities`), decided here from the mandate.
 */
export function createEnterpriseUseCases(deps: {
  db: Kysely<DirectoryTables>;
  audit: Pick<AuditModule, 'record'>;
  registry: PermissionRegistry;
}) {
  const { db, audit, registry } = deps;

  /** Of these enterprises (with their areas), the ids the actor may change. */
  async function editable(access: Access, actor: Actor, ids: readonly string[]): Promise<Set<string>> {
    if (!actor.permissions.has(EDIT) || ids.length === 0) return new Set();
    const scope = access.scope(actor, EDIT);
    const within = await repo.enterprisesWithin(db, ids, scope.areaIds);
    return new Set([...within, ...ids.filter((id) => scope.organisationIds.includes(id))]);
  }

  return {
    /** Enterprises the actor may list: below the areas their grants govern. */
    async listEnterprises(access: Access, actor: Actor, filters: EnterpriseFilters & { limit: number; offset: number }) {
      const page = await repo.listEnterprises(db, { ...filters, scope: access.scope(actor, 'directory.enterprise.list') });
      const mayEdit = await editable(
        access,
        actor,
        page.items.map((o) => o.id),
      );
      return { total: page.total, items: page.items.map((o) => listView(o, mayEdit.has(o.id))) };
    },

    /**
     * The enterprise register the caller may list, as CSV (UTF-8 with BOM, so
     * Excel opens it in Chinese), with the same filters as the list.
     */
    async exportEnterprises(access: Access, actor: Actor, filters: EnterpriseFilters): Promise<string> {
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
     * Registers one enterprise in the caller's area: the credit code is checked
     * (GB 32100), the grid is found from the location, and the registration is audited.
     */
    async createEnterprise(ctx: RequestContext, access: Access, input: CreateEnterprise) {
      const errors: InvalidField[] = [];
      const problem = (field: string, detail: string) => errors.push(bodyField(field, detail));
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
      if (errors.length) throw directoryErrors.enterpriseInvalid(errors);

      const id = await db.transaction().execute(async (trx) => {
        const existing = await repo.enterpriseByCreditCode(trx, creditCode);
        if (existing) throw directoryErrors.enterpriseExists(creditCode, existing);
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
            industryCode: storedIndustryCode(input.industryCode ?? null),
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
      const row = await enterprises.enterpriseDetail(db, id);
      if (!row) throw directoryErrors.notVisible('enterprise');
      return detailView(row, (await editable(access, ctx.actor, [id])).has(id));
    },

    /**
     * Changes an enterprise's register record, for those whose mandate covers it
     * (`directory.enterprise.edit` over its area). A new location re-places it in the
     * grid that holds it, which must lie in the caller's area too. The changed fields
     * are audited with their values before and after; a patch that changes nothing
     * writes nothing.
     */
    async editEnterprise(ctx: RequestContext, access: Access, id: string, patch: EnterprisePatch) {
      if (!ctx.actor.permissions.has(EDIT)) throw directoryErrors.notVisible('enterprise');
      const scope = access.scope(ctx.actor, EDIT);
      const areas = await repo.listAreas(db);
      const byId = new Map(areas.map((a) => [a.id, a]));
      const governed = new Set<string>();
      // An area is the caller's when it or one of its ancestors is a root of their scope.
      const mayHold = (areaId: string) => {
        if (governed.has(areaId)) return true;
        for (let a = byId.get(areaId); a; a = a.parent_id ? byId.get(a.parent_id) : undefined) {
          if (scope.areaIds.includes(a.id)) {
            governed.add(areaId);
            return true;
          }
        }
        return false;
      };
      await db.transaction().execute(async (trx) => {
        const current = await enterprises.lockEnterprise(trx, id);
        const covered = current && (scope.organisationIds.includes(id) || (current.areaId !== null && mayHold(current.areaId)));
        if (!current || !covered) throw directoryErrors.notVisible('enterprise');
        const outcome = applyEnterprisePatch(
          current,
          patch,
          areas.map((a) => ({ id: a.id, level: a.level, boundary: a.boundary })),
          mayHold,
        );
        if (!outcome.ok) throw directoryErrors.enterpriseInvalid(outcome.problems.map((p) => bodyField(p.field, p.detail)));
        if (outcome.changed.length === 0) return;
        await enterprises.updateEnterprise(trx, id, outcome.next);
        const { before, after } = changedFields(current, outcome.next, outcome.changed);
        await audit.record(trx, {
          actor: auditActorOf(ctx.actor, EDIT, registry),
          action: 'directory.enterprise.edit',
          target: { type: 'organisation', id },
          before,
          after: outcome.relocated ? { ...after, relocatedBy: patch.areaId !== undefined ? 'hand' : 'location' } : after,
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
      const row = await enterprises.enterpriseDetail(db, id);
      if (!row) throw directoryErrors.notVisible('enterprise');
      return detailView(row, true);
    },

    /**
     * One organisation's register record, for those who govern it (area scope or
     * an entrustment in force over it) and for its own people.
     */
    async organisation(access: Access, actor: Actor, id: string) {
      const [o] = await repo.organisationsByIds(db, [id]);
      if (!o || actor.kind !== 'person') throw directoryErrors.notVisible('organisation');
      const own = actor.grants.some((g) => g.organisationId === id);
      const scope = access.scope(actor, 'directory.enterprise.list');
      const governed =
        scope.organisationIds.includes(id) ||
        (o.area_id !== null && (await repo.areaPath(db, o.area_id)).some((a) => scope.areaIds.includes(a.id)));
      if (!own && !governed) throw directoryErrors.notVisible('organisation');
      const detail = o.kind === 'enterprise' ? await enterprises.enterpriseDetail(db, id) : undefined;
      const edit = detail !== undefined && (await editable(access, actor, [id])).has(id);
      return {
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
        industryCode: detail?.industry_code ?? null,
        supervisionClass: detail?.supervision_class ?? null,
        licences: detail?.licences ?? [],
        principalName: detail?.principal_name ?? null,
        safetyManagerName: detail?.safety_manager_name ?? null,
        abilities: { readHistory: actor.permissions.has('audit.history.read'), edit },
      };
    },
  };
}
