/**
 * Control measures and their periodic checks: each measure has an owner and a
 * frequency from which its next check falls due; a failed check is handed to the
 * hazards module as a finding (source `control_check`) in the same transaction.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/index.js';
import type { AccessModule, Actor, RequestContext } from '../access/index.js';
import type { AuditModule } from '../audit/index.js';
import type { HazardsModule } from '../hazards/index.js';
import * as controls from './controls.repository.js';
import { bodyFields, risksErrors } from './risks.errors.js';
import type { Guard, RisksDirectory } from './risks.guard.js';
import type { FrequencyUnit, MeasureType } from './risks.reference.js';
import * as repo from './risks.repository.js';
import { type Frequency, nextDue } from './risks.rules.js';
import type { RisksTables } from './risks.tables.js';
import { checkView, DUE_HORIZON_DAYS, measureView } from './risks.views.js';

export type Owner = { kind: 'person'; personId: string } | { kind: 'post'; post: string };

export interface MeasureInput {
  type: MeasureType;
  description: string;
  owner: Owner;
  frequency: Frequency;
}

export interface CheckInput {
  result: 'passed' | 'failed';
  note?: string | undefined;
  checkedAt?: string | undefined;
  major: boolean;
}

/** How far a check's stated time may run ahead of the server clock (device clocks drift). */
const CLOCK_SKEW_MS = 5 * 60_000;

export function createControlUseCases(deps: {
  db: Kysely<RisksTables>;
  clock: Clock;
  audit: Pick<AuditModule, 'record'>;
  guard: Guard;
  directory: Pick<RisksDirectory, 'personsByIds' | 'enterprisePlaces'>;
  access: Pick<AccessModule, 'scope'>;
  hazards: Pick<HazardsModule, 'registerFindings'>;
}) {
  const { db, clock, audit, guard, directory, hazards } = deps;

  async function ownerProblems(owner: Owner | undefined) {
    if (owner?.kind !== 'person') return [];
    const found = await directory.personsByIds([owner.personId]);
    return found.length ? [] : bodyFields([{ field: 'owner.personId', detail: 'no such person' }]);
  }

  /** A measure the caller may act on with the permission, with its risk point and enterprise. */
  async function visibleMeasure(actor: Actor, id: string, permission: 'risks.risk_point.edit' | 'risks.control_check.record') {
    const measure = await controls.measureById(db, id);
    if (!measure) throw risksErrors.notFound('measure');
    const point = await repo.pointById(db, measure.risk_point_id);
    if (!point) throw risksErrors.notFound('measure');
    const enterprise = await guard.authorise(actor, permission, measure.enterprise_id).catch((error: unknown) => {
      throw error instanceof Error && 'status' in error && error.status === 404 ? risksErrors.notFound('measure') : error;
    });
    if (measure.retired_at || point.retired_at) throw risksErrors.retired('measure');
    return { measure, point, enterprise };
  }

  async function view(id: string) {
    const m = await controls.measureById(db, id);
    if (!m) throw risksErrors.notFound('measure');
    const names = await guard.names([m.owner_person_id]);
    return measureView(m, names, clock.now());
  }

  const ownerColumns = (owner: Owner) =>
    owner.kind === 'person' ? { ownerPersonId: owner.personId, ownerPost: null } : { ownerPersonId: null, ownerPost: owner.post };

  return {
    /** A control measure on a risk point; its first check falls due one period from now. */
    async add(ctx: RequestContext, pointId: string, input: MeasureInput) {
      const point = await repo.pointById(db, pointId);
      if (!point) throw risksErrors.notFound('risk_point');
      const enterprise = await guard.authorise(ctx.actor, 'risks.risk_point.edit', point.enterprise_id).catch((error: unknown) => {
        throw error instanceof Error && 'status' in error && error.status === 404 ? risksErrors.notFound('risk_point') : error;
      });
      if (point.retired_at) throw risksErrors.retired('risk_point');
      const problems = await ownerProblems(input.owner);
      if (problems.length) throw risksErrors.invalid(problems);
      const id = randomUUID();
      await db.transaction().execute(async (trx) => {
        const at = clock.now();
        const locked = await repo.pointById(trx, pointId, true);
        if (!locked || locked.retired_at) throw risksErrors.retired('risk_point');
        await controls.insertMeasure(trx, {
          id,
          riskPointId: pointId,
          enterpriseId: enterprise.id,
          type: input.type,
          description: input.description,
          ...ownerColumns(input.owner),
          every: input.frequency.every,
          unit: input.frequency.unit,
          nextDueAt: nextDue(at, input.frequency),
          at,
        });
        await audit.record(trx, {
          actor: guard.auditActor(ctx.actor, 'risks.risk_point.edit', enterprise),
          action: 'risks.control_measure.create',
          target: { type: 'control_measure', id },
          after: { enterpriseId: enterprise.id, riskPointId: pointId, ...input },
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
      return view(id);
    },

    async update(ctx: RequestContext, id: string, changes: Partial<MeasureInput>) {
      const { enterprise } = await visibleMeasure(ctx.actor, id, 'risks.risk_point.edit');
      const problems = await ownerProblems(changes.owner);
      if (problems.length) throw risksErrors.invalid(problems);
      await db.transaction().execute(async (trx) => {
        const at = clock.now();
        const m = await controls.measureById(trx, id, true);
        if (!m || m.retired_at) throw risksErrors.retired('measure');
        const frequency = changes.frequency;
        await controls.updateMeasure(
          trx,
          id,
          {
            ...(changes.type ? { type: changes.type } : {}),
            ...(changes.description ? { description: changes.description } : {}),
            ...(changes.owner ? ownerColumns(changes.owner) : {}),
            ...(frequency ? { every: frequency.every, unit: frequency.unit, nextDueAt: nextDue(m.last_checked_at ?? at, frequency) } : {}),
          },
          at,
        );
        await audit.record(trx, {
          actor: guard.auditActor(ctx.actor, 'risks.risk_point.edit', enterprise),
          action: 'risks.control_measure.update',
          target: { type: 'control_measure', id },
          before: {
            type: m.type,
            description: m.description,
            owner: m.owner_person_id ? { kind: 'person', personId: m.owner_person_id } : { kind: 'post', post: m.owner_post },
            frequency: { every: m.every, unit: m.unit as FrequencyUnit },
          },
          after: { enterpriseId: enterprise.id, ...changes },
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
      return view(id);
    },

    async retire(ctx: RequestContext, id: string, reason: string) {
      const { enterprise } = await visibleMeasure(ctx.actor, id, 'risks.risk_point.edit');
      await db.transaction().execute(async (trx) => {
        const at = clock.now();
        const m = await controls.measureById(trx, id, true);
        if (!m || m.retired_at) throw risksErrors.retired('measure');
        await controls.updateMeasure(trx, id, { retiredAt: at }, at);
        await audit.record(trx, {
          actor: guard.auditActor(ctx.actor, 'risks.risk_point.edit', enterprise),
          action: 'risks.control_measure.retire',
          target: { type: 'control_measure', id },
          before: { retiredAt: null },
          after: { enterpriseId: enterprise.id, retiredAt: at, reason },
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
      return { ...(await view(id)), retired: true };
    },

    /**
     * Records a check of a measure and moves its next due date on. A failed check is
     * registered as a hazard (source `control_check`) in the same transaction.
     */
    async recordCheck(ctx: RequestContext, id: string, input: CheckInput) {
      const { point, enterprise } = await visibleMeasure(ctx.actor, id, 'risks.control_check.record');
      const now = clock.now();
      const checkedAt = input.checkedAt ? new Date(input.checkedAt) : now;
      const problems = [];
      if (input.result === 'failed' && !input.note) problems.push({ field: 'note', detail: 'say what was found when a check fails' });
      if (checkedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) problems.push({ field: 'checkedAt', detail: 'must not be in the future' });
      if (input.result === 'passed' && input.major) problems.push({ field: 'major', detail: 'only a failed check can be a major hazard' });
      if (problems.length) throw risksErrors.invalid(bodyFields(problems));
      const checkId = randomUUID();
      await db.transaction().execute(async (trx) => {
        const m = await controls.measureById(trx, id, true);
        if (!m || m.retired_at) throw risksErrors.retired('measure');
        let hazard: { id: string; code: string } | null = null;
        if (input.result === 'failed') {
          const [registered] = await hazards.registerFindings(trx, ctx, [
            {
              enterpriseId: enterprise.id,
              source: 'control_check',
              title: `${point.name}：${m.description}`.slice(0, 200),
              description: input.note ?? '',
              major: input.major,
              criterion: null,
              legalBasis: null,
              riskPointId: point.id,
              controlMeasureId: m.id,
              location: point.lng !== null && point.lat !== null ? { lng: point.lng, lat: point.lat } : null,
              photos: [],
              fixedOnSpot: false,
              entrustmentId: null,
            },
          ]);
          hazard = registered ?? null;
          if (!hazard) throw new Error('the hazards module registered no hazard for a failed control check');
        }
        await controls.insertCheck(trx, {
          id: checkId,
          measureId: m.id,
          riskPointId: point.id,
          enterpriseId: enterprise.id,
          result: input.result,
          note: input.note ?? null,
          checkedAt,
          checkedBy: ctx.actor.kind === 'person' ? ctx.actor.personId : null,
          hazard,
        });
        // A check recorded late (before the last one) does not move the schedule back.
        const latest = !m.last_checked_at || checkedAt.getTime() >= m.last_checked_at.getTime();
        if (latest)
          await controls.updateMeasure(
            trx,
            m.id,
            {
              lastCheckedAt: checkedAt,
              lastResult: input.result,
              nextDueAt: nextDue(checkedAt, { every: m.every, unit: m.unit }),
            },
            now,
          );
        await audit.record(trx, {
          actor: guard.auditActor(ctx.actor, 'risks.control_check.record', enterprise),
          action: 'risks.control_check.record',
          target: { type: 'control_measure', id: m.id },
          before: { nextDueAt: m.next_due_at, lastCheckedAt: m.last_checked_at, lastResult: m.last_result },
          after: {
            enterpriseId: enterprise.id,
            checkId,
            result: input.result,
            note: input.note ?? null,
            checkedAt,
            hazard,
          },
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
      const names = await guard.names([ctx.actor.kind === 'person' ? ctx.actor.personId : null]);
      return { check: checkView(await controls.checkById(db, checkId), names), measure: await view(id) };
    },

    /**
     * Control checks due within `withinDays` (and all overdue), soonest first: of one
     * enterprise, of the enterprises below an area, or of all the caller may read.
     */
    async due(
      actor: Actor,
      query: { enterpriseId?: string | undefined; areaId?: string | undefined; withinDays: number; limit: number; offset: number },
    ) {
      let enterpriseIds: string[];
      if (query.enterpriseId) {
        enterpriseIds = [(await guard.authorise(actor, 'risks.risk_point.read', query.enterpriseId)).id];
      } else {
        const scope = deps.access.scope(actor, 'risks.risk_point.read');
        enterpriseIds = (await directory.enterprisePlaces(scope, query.areaId)).map((p) => p.id);
      }
      const now = clock.now();
      const until = new Date(now.getTime() + query.withinDays * 86_400_000);
      const page = await controls.dueMeasures(db, enterpriseIds, until, now, query);
      const [names, enterprises] = await Promise.all([
        guard.names(page.rows.map((r) => r.owner_person_id)),
        guard.enterpriseNames([...new Set(page.rows.map((r) => r.enterprise_id))]),
      ]);
      return {
        items: page.rows.map((r) => ({
          measure: measureView(r, names, now),
          riskPoint: { id: r.risk_point_id, name: r.point_name, level: r.point_level },
          enterprise: { id: r.enterprise_id, name: enterprises.get(r.enterprise_id) ?? '' },
        })),
        total: page.total,
        overdue: page.overdue,
      };
    },

    horizonDays: DUE_HORIZON_DAYS,

    async enterpriseOfMeasure(id: string): Promise<string | null> {
      return (await controls.measureById(db, id))?.enterprise_id ?? null;
    },
  };
}

export type ControlUseCases = ReturnType<typeof createControlUseCases>;
