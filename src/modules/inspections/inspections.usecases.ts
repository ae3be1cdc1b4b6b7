import type { Actor, RequestContext } from '../access/index.js';
import type { ChecklistsUseCases } from './checklists.usecases.js';
import type { createDetailView } from './inspections.detail.js';
import { bodyField, inspectionsErrors } from './inspections.errors.js';
import type { Kernel } from './inspections.kernel.js';
import type { Enterprise } from './inspections.mandate.js';
import { ASSIGN, CONDUCT, PACKAGE, PLAN } from './inspections.permissions.js';
import * as repo from './inspections.repository.js';
import { combinationProblem, cstDate, KINDS, type Kind, type Manner, type Mode } from './inspections.rules.js';

export interface CreateInspection {
  kind: Kind;
  mode: Mode;
  manner: Manner;
  enterpriseId: string;
  checklistId: string;
  title?: string | undefined;
  dueAt?: string | undefined;
  inspectorIds?: string[] | undefined;
  groupId?: string | undefined;
}

type Detail = ReturnType<typeof createDetailView>;

export function createInspectionUseCases(kernel: Kernel, checklists: ChecklistsUseCases, detail: Detail) {
  const { db, clock, audit, access, directory } = kernel.deps;
  const { person, checks } = kernel;

  /** An enterprise by id, or a 422 naming the field. */
  async function targetEnterprise(id: string, field = 'enterpriseId'): Promise<Enterprise> {
    const e = await checks.enterprise(id);
    if (e?.kind !== 'enterprise') throw inspectionsErrors.invalid([bodyField(field, 'no such enterprise')]);
    return e;
  }

  return {
    targetEnterprise,

    /** What the caller may start: kinds, planning, authoring. */
    abilities(actor: Actor) {
      const p = person(actor);
      return {
        kinds: KINDS.filter((k) => p.permissions.has(CONDUCT[k]) && (k !== 'third_party' || p.entrusted.length > 0)),
        author: checklists.authorScopes(p).length > 0,
        plan: p.permissions.has(PLAN),
        assign: p.permissions.has(ASSIGN),
        packages: p.permissions.has(PACKAGE),
        authorScopes: checklists.authorScopes(p),
      };
    },

    /** Enterprises the caller may inspect with this kind of inspection. */
    async targets(actor: Actor, query: { kind: Kind; q?: string | undefined; limit: number; offset: number }) {
      const p = person(actor);
      const permission = CONDUCT[query.kind];
      if (!p.permissions.has(permission)) return { items: [], total: 0 };
      const scope = kernel.mandate(p).scope(permission);
      const toItem = (o: Awaited<ReturnType<typeof directory.organisationsByIds>>[number]) => ({
        id: o.id,
        name: o.name,
        creditCode: o.credit_code,
        areaName: o.area_name,
        trade: o.trade,
        usesHazardousChemicals: o.uses_hazardous_chemicals,
      });
      if (query.kind === 'peer_check') {
        const ids = new Set<string>();
        for (const g of scope.organisationIds) for (const m of await checks.groupMemberIds(g)) ids.add(m);
        const q = query.q?.toLowerCase();
        const all = (await directory.organisationsByIds([...ids])).filter(
          (o) => !q || o.name.toLowerCase().includes(q) || (o.credit_code ?? '').toLowerCase().includes(q),
        );
        return { items: all.slice(query.offset, query.offset + query.limit).map(toItem), total: all.length };
      }
      const page = await directory.listEnterprises({ scope: () => scope }, p, {
        q: query.q,
        limit: query.limit,
        offset: query.offset,
      });
      return {
        total: page.total,
        items: page.items.map((o) => ({
          id: o.id,
          name: o.name,
          creditCode: o.creditCode,
          areaName: o.areaName,
          trade: o.trade,
          usesHazardousChemicals: o.usesHazardousChemicals,
        })),
      };
    },

    /** People of the caller's organisations who may be assigned an inspection of this kind of this enterprise. */
    async assignable(actor: Actor, query: { kind: Kind; enterpriseId: string }) {
      const p = person(actor);
      const enterprise = await targetEnterprise(query.enterpriseId);
      const orgs = [...new Set([...kernel.organisationsWith(p, ASSIGN), ...kernel.organisationsWith(p, CONDUCT[query.kind])])];
      const personIds = (await access.personIdsInOrganisations(orgs)).slice(0, 200);
      const items = [];
      for (const personId of personIds) {
        const { people } = await kernel.checkAssignees(query.kind, 'announced', [enterprise], [personId]);
        const [one] = people;
        if (!one) continue;
        const m = await access.mandateOf(personId);
        const role = m.grants.find((g) => g.organisationId === one.organisationId)?.role ?? '';
        items.push({ personId, organisationId: one.organisationId, role });
      }
      const [names, orgNames] = await Promise.all([
        directory.personsByIds(items.map((i) => i.personId)),
        directory.organisationsByIds([...new Set(items.map((i) => i.organisationId))]),
      ]);
      return {
        items: items.map((i) => ({
          id: i.personId,
          name: names.find((n) => n.id === i.personId)?.name ?? '',
          organisation: { id: i.organisationId, name: orgNames.find((o) => o.id === i.organisationId)?.name ?? '' },
          role: i.role,
        })),
      };
    },

    /** An ad hoc inspection by the caller (or assigned to others within their mandate). */
    async create(ctx: RequestContext, input: CreateInspection) {
      const actor = person(ctx.actor);
      const permission = CONDUCT[input.kind];
      if (!actor.permissions.has(permission)) throw inspectionsErrors.forbidden(`Your mandate does not include ${permission}.`);
      const combination = combinationProblem(input.kind, input.mode, input.manner);
      if (combination) throw inspectionsErrors.invalid([bodyField(combination.field, combination.detail)]);
      const enterprise = await targetEnterprise(input.enterpriseId);
      const coverage = await checks.coverage(kernel.mandate(actor), input.kind, enterprise, { groupId: input.groupId ?? null });
      if (!coverage)
        throw inspectionsErrors.notInMandate(
          input.kind === 'third_party'
            ? 'Your organisation holds no entrustment in force for risk examination covering this enterprise.'
            : `This enterprise is outside your mandate for a ${input.kind.replaceAll('_', ' ')} inspection.`,
        );
      const version = await checklists.usableVersion(actor, input.checklistId);
      const inspectorIds = input.inspectorIds ?? [actor.personId];
      if (inspectorIds.some((id) => id !== actor.personId) && !actor.permissions.has(ASSIGN))
        throw inspectionsErrors.forbidden('Your mandate does not include assigning inspections to others.');
      const { people, problems } = await kernel.checkAssignees(input.kind, input.manner, [enterprise], inspectorIds);
      if (problems.length) throw inspectionsErrors.assigneeOutsideMandate(problems);
      const now = clock.now();
      const title = (input.title ?? `${enterprise.name} · ${version.content.title}`).slice(0, 200);
      const id = await db.transaction().execute(async (trx) => {
        const [created] = await repo.insertInspections(
          trx,
          [
            {
              kind: input.kind,
              mode: input.mode,
              manner: input.manner,
              enterpriseId: enterprise.id,
              areaId: enterprise.areaId,
              checklistVersionId: version.id,
              title,
              dueAt: input.dueAt ? new Date(input.dueAt) : null,
              organisationId: coverage.organisationId,
              planId: null,
              packageId: null,
              packageStep: null,
              entrustmentId: coverage.entrustmentId,
              groupId: coverage.groupId,
              createdBy: actor.personId,
              inspectors: people,
            },
          ],
          now,
          cstDate(now),
        );
        await audit.record(trx, {
          actor: kernel.auditActor(actor, permission, { kind: input.kind, entrustment_id: coverage.entrustmentId }),
          action: 'inspections.inspection.create',
          target: { type: 'inspection', id: created as string },
          after: { ...input, title, checklistVersionId: version.id, ...coverage, inspectors: people },
          requestId: ctx.requestId,
          address: ctx.address,
        });
        return created as string;
      });
      return detail(actor, id);
    },

    async list(actor: Actor, filters: repo.ListFilters) {
      const p = person(actor);
      const { rows, total } = await repo.listVisible(db, await kernel.visibility(p), filters, clock.now());
      return { items: await kernel.summaries(p, rows), total };
    },

    async get(actor: Actor, id: string) {
      const p = person(actor);
      await kernel.authorisedRow(p, id);
      return detail(p, id);
    },

    async start(
      ctx: RequestContext,
      id: string,
      location?: { lng: number; lat: number; accuracy?: number | null | undefined; address?: string | null | undefined },
    ) {
      const actor = person(ctx.actor);
      await kernel.conducting(actor, id);
      await db.transaction().execute(async (trx) => {
        const row = await repo.findInspection(trx, id, true);
        if (!row) throw inspectionsErrors.notFound();
        const to = kernel.assertEvent(row, 'start');
        const now = clock.now();
        await repo.update(trx, id, {
          status: to,
          started_at: now,
          ...(location
            ? {
                location_lng: location.lng,
                location_lat: location.lat,
                location_accuracy: location.accuracy ?? null,
                location_address: location.address ?? null,
                located_at: now,
              }
            : {}),
        });
        await audit.record(trx, {
          actor: kernel.auditActor(actor, CONDUCT[row.kind], row),
          action: 'inspections.inspection.start',
          target: { type: 'inspection', id },
          before: { status: row.status },
          after: { status: to, location: location ?? null },
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
      return detail(actor, id);
    },

    async cancel(ctx: RequestContext, id: string, reason: string) {
      const actor = person(ctx.actor);
      const { row: seen, inspectorIds } = await kernel.authorisedRow(actor, id);
      if (!(kernel.mayManage(actor, seen) || (await kernel.mayConduct(actor, seen, inspectorIds))))
        throw inspectionsErrors.forbidden('Only its inspectors or those who manage its organisation’s inspections may cancel it.');
      await db.transaction().execute(async (trx) => {
        const row = await repo.findInspection(trx, id, true);
        if (!row) throw inspectionsErrors.notFound();
        const to = kernel.assertEvent(row, 'cancel');
        await repo.update(trx, id, { status: to, cancelled_at: clock.now(), cancel_reason: reason });
        await audit.record(trx, {
          actor: kernel.auditActor(actor, null, row),
          action: 'inspections.inspection.cancel',
          target: { type: 'inspection', id },
          before: { status: row.status },
          after: { status: to, reason },
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
      return detail(actor, id);
    },

    async assign(ctx: RequestContext, id: string, inspectorIds: string[]) {
      const actor = person(ctx.actor);
      const { row: seen } = await kernel.authorisedRow(actor, id);
      if (!kernel.mayManage(actor, seen))
        throw inspectionsErrors.forbidden('Only those who manage the inspecting organisation’s work may assign its inspectors.');
      const enterprise = await targetEnterprise(seen.enterprise_id);
      const { people, problems } = await kernel.checkAssignees(seen.kind, seen.manner, [enterprise], inspectorIds);
      if (problems.length) throw inspectionsErrors.assigneeOutsideMandate(problems);
      await db.transaction().execute(async (trx) => {
        const row = await repo.findInspection(trx, id, true);
        if (!row) throw inspectionsErrors.notFound();
        if (row.status !== 'planned' && row.status !== 'in_progress')
          throw inspectionsErrors.transitionNotAllowed('assign', row.status, row.mode);
        const before = await repo.inspectorsOf(trx, [id]);
        await repo.replaceInspectors(trx, id, people, actor.personId, clock.now());
        await audit.record(trx, {
          actor: kernel.auditActor(actor, ASSIGN, row),
          action: 'inspections.inspection.assign',
          target: { type: 'inspection', id },
          before: { inspectors: before.map((b) => b.person_id) },
          after: { inspectors: people },
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
      return detail(actor, id);
    },
  };
}

export type InspectionUseCases = ReturnType<typeof createInspectionUseCases>;
