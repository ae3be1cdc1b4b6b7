/**
 * An enterprise's risk register: its risk points with their hazard sources,
 * their assessments and control measures. Each use case authorises against the
 * mandate first, then writes, refreshes the read model and records the audit
 * entry in one transaction.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/index.js';
import type { Actor, RequestContext } from '../access/index.js';
import type { AuditModule } from '../audit/index.js';
import * as controls from './controls.repository.js';
import * as readModel from './readmodel.repository.js';
import { bodyFields, risksErrors } from './risks.errors.js';
import type { Enterprise, Guard, Scheme } from './risks.guard.js';
import type { RiskPointKind } from './risks.reference.js';
import * as repo from './risks.repository.js';
import { type AssessmentInput, grade } from './risks.rules.js';
import type { PolygonGeometry, RisksTables } from './risks.tables.js';
import { assessmentView, checkView, enterpriseView, measureView, pointView } from './risks.views.js';

export interface PointInput {
  kind: RiskPointKind;
  name: string;
  description: string;
  location: { lng: number; lat: number } | null;
  outline: PolygonGeometry | null;
  hazardSources: repo.NewHazardSource[];
}

export type PointChanges = Partial<PointInput>;

export function createPointUseCases(deps: { db: Kysely<RisksTables>; clock: Clock; audit: Pick<AuditModule, 'record'>; guard: Guard }) {
  const { db, clock, audit, guard } = deps;

  /** Full views of risk points, with everything the register and the notice card show. */
  async function pointViews(points: repo.PointRow[], scheme: Scheme) {
    const pointIds = points.map((p) => p.id);
    const [sources, assessments, measures] = await Promise.all([
      repo.sourcesOf(db, pointIds),
      repo.assessmentsByIds(
        db,
        points.map((p) => p.assessment_id).filter((a): a is string => a !== null),
      ),
      controls.measuresOfPoints(db, pointIds),
    ]);
    const names = await guard.names([...assessments.map((a) => a.assessed_by), ...measures.map((m) => m.owner_person_id)]);
    const byId = new Map(assessments.map((a) => [a.id, assessmentView(a, names)]));
    const now = clock.now();
    return points.map((p) =>
      pointView(p, {
        sources: sources.get(p.id) ?? [],
        assessment: p.assessment_id ? (byId.get(p.assessment_id) ?? null) : null,
        measures: measures.filter((m) => m.risk_point_id === p.id).map((m) => measureView(m, names, now)),
        scheme,
      }),
    );
  }

  /** A risk point the caller may read, with its enterprise; 404 otherwise (and for a retired one when asked). */
  async function visiblePoint(actor: Actor, id: string, permission: Parameters<Guard['authorise']>[1] = 'risks.risk_point.read') {
    const point = await repo.pointById(db, id);
    if (!point) throw risksErrors.notFound('risk_point');
    const enterprise = await guard.authorise(actor, permission, point.enterprise_id).catch((error: unknown) => {
      throw error instanceof Error && 'status' in error && error.status === 404 ? risksErrors.notFound('risk_point') : error;
    });
    return { point, enterprise };
  }

  async function write<T>(
    ctx: RequestContext,
    enterprise: Enterprise,
    action: string,
    target: { type: string; id: string },
    change: (trx: Kysely<RisksTables>, at: Date) => Promise<{ before?: unknown; after?: unknown; result: T }>,
  ): Promise<T> {
    return db.transaction().execute(async (trx) => {
      const at = clock.now();
      const { before, after, result } = await change(trx, at);
      await readModel.refreshEnterprise(trx, enterprise.id, at);
      await audit.record(trx, {
        actor: guard.auditActor(ctx.actor, 'risks.risk_point.edit', enterprise),
        action,
        target,
        before,
        after: { enterpriseId: enterprise.id, ...(after as object) },
        requestId: ctx.requestId,
        address: ctx.address,
      });
      return result;
    });
  }

  return {
    pointViews,
    visiblePoint,

    /** The enterprise's register: risk points in force with their latest assessment and measures. */
    async register(actor: Actor, enterpriseId: string) {
      const enterprise = await guard.authorise(actor, 'risks.risk_point.read', enterpriseId);
      const [points, scheme, summary] = await Promise.all([
        repo.pointsOfEnterprise(db, enterprise.id),
        guard.schemeFor(enterprise.path),
        readModel.enterpriseRisks(db, [enterprise.id]),
      ]);
      const row = summary.get(enterprise.id);
      const areaName = await guard.areaName(scheme.areaId);
      return {
        enterprise: enterpriseView(enterprise),
        level: row?.level ?? null,
        counts: {
          major: row?.major ?? 0,
          high: row?.high ?? 0,
          moderate: row?.moderate ?? 0,
          low: row?.low ?? 0,
          unassessed: row?.unassessed ?? 0,
        },
        scheme: { id: scheme.id, version: scheme.version, areaId: scheme.areaId, areaName },
        riskPoints: await pointViews(points, scheme),
        abilities: guard.abilities(actor, enterprise),
      };
    },

    /** One risk point with its assessment history and recent checks (also what the notice card prints). */
    async detail(actor: Actor, id: string) {
      const { point, enterprise } = await visiblePoint(actor, id);
      const scheme = await guard.schemeFor(enterprise.path);
      const [[view], history, checks] = await Promise.all([
        pointViews([point], scheme),
        repo.assessmentsOfPoint(db, point.id),
        controls.checksOfPoint(db, point.id),
      ]);
      const names = await guard.names([...history.map((a) => a.assessed_by), ...checks.map((c) => c.checked_by)]);
      const areaName = await guard.areaName(scheme.areaId);
      return {
        ...(view as NonNullable<typeof view>),
        enterprise: enterpriseView(enterprise),
        scheme: { id: scheme.id, version: scheme.version, areaId: scheme.areaId, areaName },
        assessments: history.map((a) => assessmentView(a, names)),
        checks: checks.map((c) => checkView(c, names)),
        abilities: point.retired_at ? { edit: false, recordCheck: false } : guard.abilities(actor, enterprise),
      };
    },

    async create(ctx: RequestContext, enterpriseId: string, input: PointInput) {
      const enterprise = await guard.authorise(ctx.actor, 'risks.risk_point.edit', enterpriseId);
      const id = randomUUID();
      await write(ctx, enterprise, 'risks.risk_point.create', { type: 'risk_point', id }, async (trx, at) => {
        await repo.insertPoint(
          trx,
          {
            id,
            enterpriseId: enterprise.id,
            kind: input.kind,
            name: input.name,
            description: input.description,
            location: input.location,
            outline: input.outline,
            createdBy: ctx.actor.kind === 'person' ? ctx.actor.personId : null,
            at,
          },
          input.hazardSources,
        );
        return { after: input, result: undefined };
      });
      return this.detail(ctx.actor, id);
    },

    async update(ctx: RequestContext, id: string, changes: PointChanges) {
      const { point, enterprise } = await visiblePoint(ctx.actor, id, 'risks.risk_point.edit');
      if (point.retired_at) throw risksErrors.retired('risk_point');
      await write(ctx, enterprise, 'risks.risk_point.update', { type: 'risk_point', id }, async (trx, at) => {
        const locked = await repo.pointById(trx, id, true);
        if (!locked || locked.retired_at) throw risksErrors.retired('risk_point');
        const sources = changes.hazardSources ? ((await repo.sourcesOf(trx, [id])).get(id) ?? []) : undefined;
        await repo.updatePoint(trx, id, changes, at);
        if (changes.hazardSources) await repo.replaceSources(trx, id, changes.hazardSources);
        const before = Object.fromEntries(
          Object.keys(changes).map((k) => {
            switch (k) {
              case 'location':
                return [k, locked.lng !== null ? { lng: locked.lng, lat: locked.lat } : null];
              case 'hazardSources':
                return [k, sources];
              default:
                return [k, locked[k as 'kind' | 'name' | 'description' | 'outline']];
            }
          }),
        );
        return { before, after: changes, result: undefined };
      });
      return this.detail(ctx.actor, id);
    },

    /** Takes a risk point out of the register (the place is gone, the activity stopped); its measures end with it. */
    async retire(ctx: RequestContext, id: string, reason: string) {
      const { point, enterprise } = await visiblePoint(ctx.actor, id, 'risks.risk_point.edit');
      if (point.retired_at) throw risksErrors.retired('risk_point');
      await write(ctx, enterprise, 'risks.risk_point.retire', { type: 'risk_point', id }, async (trx, at) => {
        const locked = await repo.pointById(trx, id, true);
        if (!locked || locked.retired_at) throw risksErrors.retired('risk_point');
        await repo.retirePoint(trx, id, reason, at);
        await controls.retireMeasuresOfPoint(trx, id, at);
        return { before: { retiredAt: null }, after: { retiredAt: at, reason }, result: undefined };
      });
      return this.detail(ctx.actor, id);
    },

    /** Grades by the methods given against the scheme in force; the stricter level becomes the point's level. */
    async assess(ctx: RequestContext, id: string, input: AssessmentInput & { note?: string | undefined }) {
      const { point, enterprise } = await visiblePoint(ctx.actor, id, 'risks.risk_point.edit');
      if (point.retired_at) throw risksErrors.retired('risk_point');
      const scheme = await guard.schemeFor(enterprise.path);
      const result = grade(scheme, input);
      if (!result.ok) throw risksErrors.invalid(bodyFields(result.problems));
      const assessmentId = randomUUID();
      const audited = guard.auditActor(ctx.actor, 'risks.risk_point.edit', enterprise);
      await write(ctx, enterprise, 'risks.risk_point.assess', { type: 'risk_point', id }, async (trx, at) => {
        const locked = await repo.pointById(trx, id, true);
        if (!locked || locked.retired_at) throw risksErrors.retired('risk_point');
        await repo.insertAssessment(trx, {
          id: assessmentId,
          riskPointId: id,
          enterpriseId: enterprise.id,
          schemeId: scheme.id,
          graded: result.graded,
          note: input.note ?? null,
          assessedBy: ctx.actor.kind === 'person' ? ctx.actor.personId : null,
          entrustmentId: audited.kind === 'person' ? audited.entrustmentId : null,
          at,
        });
        return {
          before: { level: locked.level, assessmentId: locked.assessment_id },
          after: { assessmentId, schemeId: scheme.id, schemeVersion: scheme.version, ...result.graded },
          result: undefined,
        };
      });
      return this.detail(ctx.actor, id);
    },

    /** Grades without recording anything: what an assessment form shows while it is filled in. */
    async preview(schemeId: string, input: AssessmentInput) {
      const scheme = await guard.schemeById(schemeId);
      const result = grade(scheme, input);
      if (!result.ok) throw risksErrors.invalid(bodyFields(result.problems));
      const { lec, ls, direct, level, decidedBy } = result.graded;
      return { lec, ls, direct, level, decidedBy };
    },
  };
}

export type PointUseCases = ReturnType<typeof createPointUseCases>;
