/**
 * Service packages (安全服务包): questionnaire, phone follow-up, on-site visit
 * and expert review for one enterprise, as linked inspections tracked together.
 */
import type { Actor, PersonActor, RequestContext } from '../access/index.js';
import type { AuditRecord } from '../audit/index.js';
import type { ChecklistsUseCases } from './checklists.usecases.js';
import { inspectionsErrors } from './inspections.errors.js';
import type { Kernel } from './inspections.kernel.js';
import type { Coverage } from './inspections.mandate.js';
import { PACKAGE } from './inspections.permissions.js';
import * as repo from './inspections.repository.js';
import {
  cstDate,
  expertReviewReady,
  PACKAGE_STEPS,
  type PackageStep,
  packageStatus,
  STEP_MODE,
  type StepStatus,
  stepStatus,
} from './inspections.rules.js';
import * as plans from './plans.repository.js';

const STEP_LABEL: Record<PackageStep, string> = {
  questionnaire: '线上问卷',
  phone: '电话回访',
  on_site: '现场指导',
  expert_review: '专家评审',
};

export interface CreatePackage {
  title: string;
  enterpriseId: string;
  checklistId: string;
  steps: PackageStep[];
  dueAt?: string | undefined;
  inspectorIds?: string[] | undefined;
}

export function createPackageUseCases(
  kernel: Kernel,
  checklists: ChecklistsUseCases,
  targetEnterprise: (id: string) => Promise<import('./inspections.mandate.js').Enterprise>,
) {
  const { db, clock, audit, directory } = kernel.deps;
  const { person, checks } = kernel;

  const mayManage = (actor: PersonActor, pkg: plans.PackageRow) => kernel.organisationsWith(actor, PACKAGE).includes(pkg.organisation_id);

  async function visible(actor: PersonActor, id: string) {
    const pkg = await plans.findPackage(db, id);
    if (!pkg) throw inspectionsErrors.notFound('service package');
    if (actor.grants.some((g) => g.organisationId === pkg.organisation_id || g.organisationId === pkg.enterprise_id)) return pkg;
    const enterprise = await checks.enterprise(pkg.enterprise_id);
    const roots = actor.grants.filter((g) => g.role.startsWith('regulator_') && g.areaId).map((g) => g.areaId as string);
    if (enterprise && (await checks.areaPath(enterprise.areaId)).some((a) => roots.includes(a))) return pkg;
    throw inspectionsErrors.notFound('service package');
  }

  async function view(actor: PersonActor, pkg: plans.PackageRow) {
    const linked = await repo.inspectionIdsOfPackage(db, pkg.id);
    const rows = (await Promise.all(linked.map((l) => repo.findInspection(db, l.id)))).filter(
      (r): r is repo.InspectionRow => r !== undefined,
    );
    const summaries = await kernel.summaries(actor, rows);
    const names = await directory.organisationsByIds([pkg.enterprise_id, pkg.organisation_id]);
    const reviewerName = pkg.expert_review ? ((await directory.personsByIds([pkg.expert_review.reviewedBy]))[0]?.name ?? '') : '';
    const ordered = PACKAGE_STEPS.filter((s) => pkg.steps.includes(s));
    const steps = ordered.map((step, position) => {
      const inspection = summaries.find((s) => s.packageStep === step) ?? null;
      const status: StepStatus =
        step === 'expert_review'
          ? pkg.cancelled_at && !pkg.expert_review
            ? 'cancelled'
            : stepStatus(null, pkg.expert_review !== null)
          : stepStatus(inspection?.status ?? null, false);
      return {
        step,
        position,
        status,
        inspectionId: inspection?.id ?? null,
        inspection,
        expertReview:
          step === 'expert_review' && pkg.expert_review
            ? {
                expertName: pkg.expert_review.expertName,
                conclusion: pkg.expert_review.conclusion,
                recommendations: pkg.expert_review.recommendations,
                reviewedAt: pkg.expert_review.reviewedAt,
                reviewedBy: { id: pkg.expert_review.reviewedBy, name: reviewerName },
              }
            : null,
      };
    });
    const status = packageStatus(
      steps.map((s) => s.status),
      pkg.cancelled_at,
    );
    const others = steps.filter((s) => s.step !== 'expert_review').map((s) => s.status);
    const manage = mayManage(actor, pkg);
    return {
      id: pkg.id,
      title: pkg.title,
      enterprise: { id: pkg.enterprise_id, name: names.find((o) => o.id === pkg.enterprise_id)?.name ?? '' },
      owner: { id: pkg.organisation_id, name: names.find((o) => o.id === pkg.organisation_id)?.name ?? '' },
      entrustmentId: pkg.entrustment_id,
      kind: pkg.kind,
      status,
      createdAt: pkg.created_at.toISOString(),
      steps,
      abilities: {
        recordExpertReview:
          manage && status === 'open' && pkg.steps.includes('expert_review') && pkg.expert_review === null && expertReviewReady(others),
        cancel: manage && status === 'open',
      },
    };
  }

  return {
    async create(ctx: RequestContext, input: CreatePackage) {
      const actor = person(ctx.actor);
      if (!actor.permissions.has(PACKAGE)) throw inspectionsErrors.forbidden(`Your mandate does not include ${PACKAGE}.`);
      const enterprise = await targetEnterprise(input.enterpriseId);
      const m = kernel.mandate(actor);
      let kind: 'third_party' | 'enforcement' = 'third_party';
      let coverage: Coverage | null = await checks.coverage(m, 'third_party', enterprise);
      if (!coverage) {
        kind = 'enforcement';
        coverage = await checks.coverage(m, 'enforcement', enterprise);
      }
      if (!coverage)
        throw inspectionsErrors.notInMandate(
          'This enterprise is outside your mandate (for a provider: no entrustment in force covers it).',
        );
      const version = await checklists.usableVersion(actor, input.checklistId);
      const { people, problems } = await kernel.checkAssignees(kind, 'announced', [enterprise], input.inspectorIds ?? [actor.personId]);
      if (problems.length) throw inspectionsErrors.assigneeOutsideMandate(problems);
      const steps = PACKAGE_STEPS.filter((s) => input.steps.includes(s));
      const now = clock.now();
      const found = coverage;
      const id = await db.transaction().execute(async (trx) => {
        const packageId = await plans.insertPackage(trx, {
          title: input.title,
          enterpriseId: enterprise.id,
          organisationId: found.organisationId,
          entrustmentId: found.entrustmentId,
          kind,
          steps,
          createdBy: actor.personId,
          at: now,
        });
        const inspectionSteps = steps.filter((s): s is Exclude<PackageStep, 'expert_review'> => s !== 'expert_review');
        const ids = await repo.insertInspections(
          trx,
          inspectionSteps.map((step) => ({
            kind,
            mode: STEP_MODE[step],
            manner: 'announced' as const,
            enterpriseId: enterprise.id,
            areaId: enterprise.areaId,
            checklistVersionId: version.id,
            title: `${input.title} · ${STEP_LABEL[step]}`.slice(0, 200),
            dueAt: input.dueAt ? new Date(input.dueAt) : null,
            organisationId: found.organisationId,
            planId: null,
            packageId,
            packageStep: step,
            entrustmentId: found.entrustmentId,
            groupId: null,
            createdBy: actor.personId,
            inspectors: people,
          })),
          now,
          cstDate(now),
        );
        const auditActor = kernel.auditActor(actor, PACKAGE, { kind, entrustment_id: found.entrustmentId });
        const records: AuditRecord[] = [
          {
            actor: auditActor,
            action: 'inspections.package.create',
            target: { type: 'service_package', id: packageId },
            after: { ...input, steps, kind, ...found, checklistVersionId: version.id, inspections: ids },
            requestId: ctx.requestId,
            address: ctx.address,
          },
          ...ids.map((inspectionId, i) => ({
            actor: auditActor,
            action: 'inspections.inspection.create',
            target: { type: 'inspection', id: inspectionId },
            after: { packageId, step: inspectionSteps[i], enterpriseId: enterprise.id, inspectors: people },
            requestId: ctx.requestId,
            address: ctx.address,
          })),
        ];
        await audit.record(trx, ...records);
        return packageId;
      });
      return view(actor, (await plans.findPackage(db, id)) as plans.PackageRow);
    },

    async list(actor: Actor, enterpriseId?: string) {
      const p = person(actor);
      const orgs = [...new Set(p.grants.map((g) => g.organisationId))];
      const rows = await plans.packagesVisible(db, orgs, orgs, enterpriseId);
      return { items: await Promise.all(rows.map((r) => view(p, r))) };
    },

    get: async (actor: Actor, id: string) => view(person(actor), await visible(person(actor), id)),

    async expertReview(
      ctx: RequestContext,
      id: string,
      input: { expertName: string; conclusion: string; recommendations?: string | undefined },
    ) {
      const actor = person(ctx.actor);
      const seen = await visible(actor, id);
      if (!mayManage(actor, seen))
        throw inspectionsErrors.forbidden('Only the organisation that runs the package records its expert review.');
      const current = await view(actor, seen);
      if (!seen.steps.includes('expert_review') || seen.expert_review || current.status !== 'open')
        throw inspectionsErrors.transitionNotAllowed('expert_review', current.status, 'service package');
      if (!expertReviewReady(current.steps.filter((s) => s.step !== 'expert_review').map((s) => s.status)))
        throw inspectionsErrors.packageStepNotReady();
      const review = {
        expertName: input.expertName,
        conclusion: input.conclusion,
        recommendations: input.recommendations ?? null,
        reviewedAt: clock.now().toISOString(),
        reviewedBy: actor.personId,
      };
      await db.transaction().execute(async (trx) => {
        const row = await plans.findPackage(trx, id, true);
        if (!row || row.expert_review) throw inspectionsErrors.transitionNotAllowed('expert_review', 'completed', 'service package');
        await plans.setExpertReview(trx, id, review);
        await audit.record(trx, {
          actor: kernel.auditActor(actor, PACKAGE, { kind: row.kind, entrustment_id: row.entrustment_id }),
          action: 'inspections.package.expert_review',
          target: { type: 'service_package', id },
          after: review,
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
      return view(actor, (await plans.findPackage(db, id)) as plans.PackageRow);
    },

    async cancel(ctx: RequestContext, id: string, reason: string) {
      const actor = person(ctx.actor);
      const seen = await visible(actor, id);
      if (!mayManage(actor, seen)) throw inspectionsErrors.forbidden('Only the organisation that runs the package may cancel it.');
      await db.transaction().execute(async (trx) => {
        const row = await plans.findPackage(trx, id, true);
        if (!row || row.cancelled_at) throw inspectionsErrors.transitionNotAllowed('cancel', 'cancelled', 'service package');
        const open = await repo.openInspectionsOf(trx, 'package_id', id, ['planned', 'in_progress', 'awaiting_review']);
        const now = clock.now();
        await plans.cancelPackage(trx, id, now, reason);
        for (const i of open) await repo.update(trx, i.id, { status: 'cancelled', cancelled_at: now, cancel_reason: reason });
        const auditActor = kernel.auditActor(actor, PACKAGE, { kind: row.kind, entrustment_id: row.entrustment_id });
        await audit.record(
          trx,
          {
            actor: auditActor,
            action: 'inspections.package.cancel',
            target: { type: 'service_package', id },
            after: { reason, inspectionsCancelled: open.map((i) => i.id) },
            requestId: ctx.requestId,
            address: ctx.address,
          },
          ...open.map((i) => ({
            actor: auditActor,
            action: 'inspections.inspection.cancel',
            target: { type: 'inspection', id: i.id },
            before: { status: i.status },
            after: { status: 'cancelled', reason, packageId: id },
            requestId: ctx.requestId,
            address: ctx.address,
          })),
        );
      });
      return view(actor, (await plans.findPackage(db, id)) as plans.PackageRow);
    },
  };
}
