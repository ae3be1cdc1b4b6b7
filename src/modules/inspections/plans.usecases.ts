/**
 * Plans and schedules: targets chosen by criteria (or named), one inspection
 * per target per period, assigned only to people whose mandate covers them.
 */
import type { InvalidField } from '../../platform/http/index.js';
import type { Actor, PersonActor, RequestContext } from '../access/index.js';
import type { AuditRecord } from '../audit/index.js';
import type { ChecklistsUseCases } from './checklists.usecases.js';
import { bodyField, inspectionsErrors } from './inspections.errors.js';
import type { Kernel } from './inspections.kernel.js';
import type { Coverage, Enterprise } from './inspections.mandate.js';
import { CONDUCT, PLAN } from './inspections.permissions.js';
import * as repo from './inspections.repository.js';
import {
  combinationProblem,
  cstDate,
  endOfDayCst,
  isOverdue,
  type Kind,
  type Manner,
  type Mode,
  occurrences,
  type Recurrence,
} from './inspections.rules.js';
import type { PlanTargets } from './inspections.tables.js';
import * as plans from './plans.repository.js';

/** At most this many inspections from one plan. */
export const PLAN_LIMIT = 5000;
/** At most this many periods in one plan (five years of months). */
const OCCURRENCE_LIMIT = 60;

export interface CreatePlan {
  title: string;
  kind: Kind;
  mode: Mode;
  manner: Manner;
  checklistId: string;
  targets: PlanTargets;
  periodStart: string;
  periodEnd: string;
  recurrence: Recurrence;
  inspectorIds: string[];
}

function first<T>(items: T[]): T {
  const [one] = items;
  if (one === undefined) throw inspectionsErrors.notFound('plan');
  return one;
}

/** Stored targets as the API shows them. */
function targetsView(t: PlanTargets) {
  if (t.kind === 'enterprises') return { kind: 'enterprises' as const, enterpriseIds: t.enterpriseIds ?? [] };
  return {
    kind: 'criteria' as const,
    ...(t.areaId ? { areaId: t.areaId } : {}),
    ...(t.trade ? { trade: t.trade as NonNullable<Trade> } : {}),
    ...(t.usesHazardousChemicals !== undefined ? { usesHazardousChemicals: t.usesHazardousChemicals } : {}),
  };
}

type Trade = Parameters<Kernel['deps']['directory']['listEnterprises']>[2]['trade'];

export function createPlanUseCases(kernel: Kernel, checklists: ChecklistsUseCases) {
  const { db, clock, audit, directory } = kernel.deps;
  const { person, checks } = kernel;

  /** The enterprises a plan targets, each with the coverage that lets the planner inspect it. */
  async function resolveTargets(actor: PersonActor, kind: Kind, targets: PlanTargets) {
    const m = kernel.mandate(actor);
    const problems: InvalidField[] = [];
    const enterprises: Enterprise[] = [];
    if (targets.kind === 'criteria') {
      const scope = m.scope(CONDUCT[kind]);
      for (let offset = 0; ; offset += 1000) {
        const page = await directory.listEnterprises({ scope: () => scope }, actor, {
          areaId: targets.areaId,
          trade: targets.trade as Trade,
          limit: 1000,
          offset,
        });
        for (const o of page.items)
          if (targets.usesHazardousChemicals === undefined || o.usesHazardousChemicals === targets.usesHazardousChemicals)
            enterprises.push({ id: o.id, name: o.name, creditCode: o.creditCode, areaId: o.areaId, kind: 'enterprise' });
        if (page.items.length < 1000 || enterprises.length > PLAN_LIMIT) break;
      }
    } else {
      const ids = [...new Set(targets.enterpriseIds ?? [])];
      const found = new Map((await directory.organisationsByIds(ids)).map((o) => [o.id, o]));
      ids.forEach((id, i) => {
        const o = found.get(id);
        if (o?.kind !== 'enterprise') problems.push(bodyField(`targets.enterpriseIds.${i}`, 'no such enterprise'));
        else enterprises.push({ id: o.id, name: o.name, creditCode: o.credit_code, areaId: o.area_id, kind: o.kind });
      });
    }
    const covered: { enterprise: Enterprise; coverage: Coverage }[] = [];
    const refused: string[] = [];
    for (const e of enterprises.slice(0, PLAN_LIMIT + 1)) {
      const c = await checks.coverage(m, kind, e);
      if (c) covered.push({ enterprise: e, coverage: c });
      else refused.push(e.name);
    }
    if (refused.length)
      problems.push(
        bodyField('targets', `${refused.length} enterprise(s) are outside your mandate for this kind: ${refused.slice(0, 5).join('、')}`),
      );
    if (!problems.length && covered.length === 0) problems.push(bodyField('targets', 'no enterprise you may inspect matches'));
    return { covered, problems };
  }

  async function prepare(actor: PersonActor, input: CreatePlan) {
    if (!actor.permissions.has(PLAN)) throw inspectionsErrors.forbidden(`Your mandate does not include ${PLAN}.`);
    if (!actor.permissions.has(CONDUCT[input.kind]))
      throw inspectionsErrors.forbidden(`Your mandate does not include ${CONDUCT[input.kind]}, so you cannot plan such inspections.`);
    const problems: InvalidField[] = [];
    const combination = combinationProblem(input.kind, input.mode, input.manner);
    if (combination) problems.push(bodyField(combination.field, combination.detail));
    const periods = occurrences(input.periodStart, input.periodEnd, input.recurrence);
    if (input.periodEnd < input.periodStart) problems.push(bodyField('periodEnd', 'must not be before periodStart'));
    if (periods.length > OCCURRENCE_LIMIT) problems.push(bodyField('periodEnd', `at most ${OCCURRENCE_LIMIT} periods in one plan`));
    if (problems.length) throw inspectionsErrors.planInvalid(problems);
    const { covered, problems: targetProblems } = await resolveTargets(actor, input.kind, input.targets);
    if (targetProblems.length) throw inspectionsErrors.planInvalid(targetProblems);
    const count = covered.length * periods.length;
    if (count > PLAN_LIMIT) throw inspectionsErrors.planTooLarge(count, PLAN_LIMIT);
    return { covered, periods, count };
  }

  async function view(actor: PersonActor, rows: plans.PlanRow[]) {
    const now = clock.now();
    const [inspections, versions, owners] = await Promise.all([
      repo.inspectionsOfPlans(
        db,
        rows.map((r) => r.id),
      ),
      kernel.contentOf(rows.map((r) => r.checklist_version_id)),
      directory.organisationsByIds([...new Set(rows.map((r) => r.organisation_id))]),
    ]);
    return rows.map((r) => {
      const mine = inspections.filter((i) => i.plan_id === r.id);
      const count = (s: string) => mine.filter((i) => i.status === s).length;
      const v = versions.get(r.checklist_version_id);
      return {
        id: r.id,
        title: r.title,
        kind: r.kind,
        mode: r.mode,
        manner: r.manner,
        checklist: { id: r.checklist_id, title: v?.content.title ?? '', version: v?.version ?? 0 },
        targets: targetsView(r.targets),
        periodStart: r.period_start,
        periodEnd: r.period_end,
        recurrence: r.recurrence,
        inspectorIds: r.inspector_ids,
        owner: { id: r.organisation_id, name: owners.find((o) => o.id === r.organisation_id)?.name ?? '' },
        entrustmentId: r.entrustment_id,
        status: r.status,
        createdAt: r.created_at.toISOString(),
        progress: {
          total: mine.length,
          planned: count('planned'),
          inProgress: count('in_progress'),
          awaitingReview: count('awaiting_review'),
          completed: count('completed'),
          cancelled: count('cancelled'),
          overdue: mine.filter((i) => isOverdue(i.status, i.due_at, now)).length,
        },
        abilities: { cancel: r.status === 'active' && kernel.organisationsWith(actor, PLAN).includes(r.organisation_id) },
      };
    });
  }

  async function visiblePlan(actor: PersonActor, id: string) {
    const row = await plans.findPlan(db, id);
    if (!row || !actor.grants.some((g) => g.organisationId === row.organisation_id)) throw inspectionsErrors.notFound('plan');
    return row;
  }

  return {
    async preview(actor: Actor, input: CreatePlan) {
      const p = person(actor);
      const { covered, periods, count } = await prepare(p, input);
      return {
        enterprises: covered.length,
        occurrences: periods.length,
        inspections: count,
        sample: covered.slice(0, 10).map((c) => ({ id: c.enterprise.id, name: c.enterprise.name })),
      };
    },

    async create(ctx: RequestContext, input: CreatePlan) {
      const actor = person(ctx.actor);
      const { covered, periods } = await prepare(actor, input);
      const version = await checklists.usableVersion(actor, input.checklistId);
      const { people, problems } = await kernel.checkAssignees(
        input.kind,
        input.manner,
        covered.map((c) => c.enterprise),
        input.inspectorIds,
      );
      if (problems.length) throw inspectionsErrors.assigneeOutsideMandate(problems);
      const owner = covered[0]?.coverage as Coverage;
      const entrustments = [...new Set(covered.map((c) => c.coverage.entrustmentId))];
      const now = clock.now();
      const id = await db.transaction().execute(async (trx) => {
        const planId = await plans.insertPlan(trx, {
          title: input.title,
          kind: input.kind,
          mode: input.mode,
          manner: input.manner,
          checklistId: input.checklistId,
          checklistVersionId: version.id,
          targets: input.targets,
          periodStart: input.periodStart,
          periodEnd: input.periodEnd,
          recurrence: input.recurrence,
          inspectorIds: people.map((p) => p.personId),
          organisationId: owner.organisationId,
          entrustmentId: entrustments.length === 1 ? (entrustments[0] ?? null) : null,
          createdBy: actor.personId,
          at: now,
        });
        const rows = periods.flatMap((period) =>
          covered.map(({ enterprise, coverage }) => ({
            kind: input.kind,
            mode: input.mode,
            manner: input.manner,
            enterpriseId: enterprise.id,
            areaId: enterprise.areaId,
            checklistVersionId: version.id,
            title: (input.recurrence === 'once' ? input.title : `${input.title}（${period.from}～${period.to}）`).slice(0, 200),
            dueAt: endOfDayCst(period.to),
            organisationId: coverage.organisationId,
            planId,
            packageId: null,
            packageStep: null,
            entrustmentId: coverage.entrustmentId,
            groupId: coverage.groupId,
            createdBy: actor.personId,
            inspectors: people,
          })),
        );
        const ids = await repo.insertInspections(trx, rows, now, cstDate(now));
        const auditActor = kernel.auditActor(actor, PLAN);
        const records: AuditRecord[] = [
          {
            actor: auditActor,
            action: 'inspections.plan.create',
            target: { type: 'inspection_plan', id: planId },
            after: { ...input, checklistVersionId: version.id, inspections: ids.length },
            requestId: ctx.requestId,
            address: ctx.address,
          },
          ...ids.map((inspectionId, i) => ({
            actor: auditActor,
            action: 'inspections.inspection.create',
            target: { type: 'inspection', id: inspectionId },
            after: {
              planId,
              enterpriseId: rows[i]?.enterpriseId,
              dueAt: rows[i]?.dueAt,
              entrustmentId: rows[i]?.entrustmentId,
              inspectors: people,
            },
            requestId: ctx.requestId,
            address: ctx.address,
          })),
        ];
        await audit.record(trx, ...records);
        return planId;
      });
      return first(await view(actor, [(await plans.findPlan(db, id)) as plans.PlanRow]));
    },

    async list(actor: Actor) {
      const p = person(actor);
      return { items: await view(p, await plans.plansOf(db, [...new Set(p.grants.map((g) => g.organisationId))])) };
    },

    async get(actor: Actor, id: string) {
      const p = person(actor);
      return first(await view(p, [await visiblePlan(p, id)]));
    },

    /** Cancels the plan and those of its inspections that have not started. */
    async cancel(ctx: RequestContext, id: string, reason: string) {
      const actor = person(ctx.actor);
      const seen = await visiblePlan(actor, id);
      if (!kernel.organisationsWith(actor, PLAN).includes(seen.organisation_id))
        throw inspectionsErrors.forbidden('Only the organisation that made the plan may cancel it.');
      await db.transaction().execute(async (trx) => {
        const row = await plans.findPlan(trx, id, true);
        if (!row) throw inspectionsErrors.notFound('plan');
        if (row.status !== 'active') throw inspectionsErrors.transitionNotAllowed('cancel', row.status, 'plan');
        const open = await repo.openInspectionsOf(trx, 'plan_id', id, ['planned']);
        const now = clock.now();
        await plans.cancelPlan(trx, id, reason);
        for (const i of open) await repo.update(trx, i.id, { status: 'cancelled', cancelled_at: now, cancel_reason: reason });
        const auditActor = kernel.auditActor(actor, PLAN);
        await audit.record(
          trx,
          {
            actor: auditActor,
            action: 'inspections.plan.cancel',
            target: { type: 'inspection_plan', id },
            before: { status: 'active' },
            after: { status: 'cancelled', reason, inspectionsCancelled: open.length },
            requestId: ctx.requestId,
            address: ctx.address,
          },
          ...open.map((i) => ({
            actor: auditActor,
            action: 'inspections.inspection.cancel',
            target: { type: 'inspection', id: i.id },
            before: { status: i.status },
            after: { status: 'cancelled', reason, planId: id },
            requestId: ctx.requestId,
            address: ctx.address,
          })),
        );
      });
      return first(await view(actor, [(await plans.findPlan(db, id)) as plans.PlanRow]));
    },
  };
}
