/**
 * Major hazards beyond the state machine: the five implementations and the treatment plan (filled in before
 * treatment may start), and production stop orders with resumption only after a regulator's review.
 */
import type { RequestContext } from '../access/index.js';
import type { Core } from './hazards.core.js';
import { hazardsErrors } from './hazards.errors.js';
import type { HazardRow } from './hazards.repository.js';
import * as repo from './hazards.repository.js';
import {
  type FiveImplementations,
  PRODUCTION_TRANSITIONS,
  type ProductionAction,
  productionTarget,
  type TreatmentPlan,
} from './hazards.rules.js';
import type { ProductionRecord } from './hazards.tables.js';
import { toDb } from './transitions.usecases.js';

export interface MajorPlanInput {
  fiveImplementations?: FiveImplementations | undefined;
  treatmentPlan?: TreatmentPlan | undefined;
}

/** Keys present in the input replace the stored ones (null clears); absent keys stay. */
function merge<T extends object>(stored: T, input: Partial<T> | undefined): T {
  if (!input) return stored;
  const out = { ...stored } as Record<string, unknown>;
  for (const [k, v] of Object.entries(input)) if (v !== undefined) out[k] = v;
  return out as T;
}

export function createMajor(core: Core) {
  const { db, clock, notifications } = core.deps;

  async function production(
    ctx: RequestContext,
    id: string,
    action: ProductionAction,
    build: (row: HazardRow, now: Date, personId: string) => ProductionRecord,
    note: string,
    evidenceIds: readonly string[],
  ) {
    const { actor } = ctx;
    await core.visibleRow(actor, id);
    await db.transaction().execute(async (trx) => {
      const row = await core.visibleRow(actor, id, trx, true);
      const permission = PRODUCTION_TRANSITIONS[action].permission;
      if (!core.covers(actor, permission, row)) throw hazardsErrors.forbidden(permission);
      const to = productionTarget(action, row.production_status, row.status);
      if (!to) throw hazardsErrors.productionNotAllowed(action, row.production_status);
      const now = clock.now();
      const evidence = await repo.evidenceOf(trx, id);
      const named = [...new Set(evidenceIds)].map((e) => evidence.find((x) => x.id === e));
      if (named.some((e) => !e || e.event_id))
        throw hazardsErrors.invalid([hazardsErrors.field('evidenceIds', 'names evidence this hazard does not have, or already bound')]);
      const record = build(row, now, actor.kind === 'person' ? actor.personId : '');
      await repo.update(trx, id, toDb({ production_status: to, production: record, updated_at: now }));
      const kind = action === 'stop' ? 'stop_order' : action === 'apply' ? 'resumption_apply' : 'resumption_review';
      const eventId = await repo.insertEvent(trx, {
        hazardId: id,
        kind,
        from: null,
        to: null,
        at: now,
        actor: core.eventActor(actor, permission),
        note,
        data: { production: to },
      });
      await repo.bindEvidence(
        trx,
        id,
        named.map((e) => (e as { id: string }).id),
        eventId,
      );
      const tellOrg = action === 'apply' ? row.supervised_by : row.enterprise_id;
      if (tellOrg)
        await core.notify(
          trx,
          [
            {
              recipient: { kind: 'organisation', id: tellOrg },
              kind: `hazard.production_${action}`,
              title: {
                'zh-CN':
                  { stop: '责令停产停业', apply: '恢复生产申请', approve: '同意恢复生产', refuse: '不同意恢复生产' }[action] +
                  `：${row.title}`,
                en: `${{ stop: 'Production stop ordered', apply: 'Application to resume production', approve: 'Resumption approved', refuse: 'Resumption refused' }[action]}: ${row.title}`,
              },
              body: { 'zh-CN': `${row.code}：${note}`, en: `${row.code}: ${note}` },
              subject: { type: 'hazard', id: row.id, code: row.code },
              channels: action === 'apply' ? [] : ['sms'],
            },
          ],
          now,
        );
      await core.recordAudit(
        trx,
        ctx,
        permission,
        row,
        `hazards.production.${action}`,
        { production: row.production_status },
        {
          production: to,
          record,
        },
      );
    });
    notifications.dispatchSoon();
  }

  return {
    /** Fills in (part of) the five implementations and the treatment plan of a major hazard. */
    async savePlan(ctx: RequestContext, id: string, input: MajorPlanInput) {
      const { actor } = ctx;
      await core.visibleRow(actor, id);
      await db.transaction().execute(async (trx) => {
        const row = await core.visibleRow(actor, id, trx, true);
        if (!core.covers(actor, 'hazards.major.plan', row)) throw hazardsErrors.forbidden('hazards.major.plan');
        if (row.grade !== 'major' || (row.status !== 'assessed' && row.status !== 'treating'))
          throw hazardsErrors.notAllowed('major-plan', row.status);
        const now = clock.now();
        const five = merge(row.five_implementations, input.fiveImplementations);
        const plan = merge(row.treatment_plan, input.treatmentPlan);
        const problems = [];
        const cp = input.fiveImplementations?.contingencyPlan;
        if (cp) {
          const doc = await repo.evidenceById(trx, id, cp.evidenceId);
          if (!doc || (doc.kind !== 'contingency_plan' && doc.kind !== 'document'))
            problems.push(
              hazardsErrors.field('fiveImplementations.contingencyPlan.evidenceId', 'is not a contingency plan document of this hazard'),
            );
        }
        const deadline = input.fiveImplementations?.deadline;
        if (deadline !== undefined && deadline !== (row.five_implementations.deadline ?? null)) {
          if (row.status === 'treating')
            problems.push(
              hazardsErrors.field(
                'fiveImplementations.deadline',
                'is fixed once treatment has started; a rejection or reopening sets a new one',
              ),
            );
          else if (deadline && Date.parse(deadline) <= now.getTime())
            problems.push(hazardsErrors.field('fiveImplementations.deadline', 'must be in the future'));
        }
        if (problems.length) throw hazardsErrors.invalid(problems);
        const changes: Partial<HazardRow> = {
          five_implementations: five,
          treatment_plan: plan,
          updated_at: now,
          ...(row.status === 'assessed' ? { deadline: five.deadline ? new Date(five.deadline) : null } : {}),
        };
        await repo.update(trx, id, toDb(changes));
        await repo.insertEvent(trx, {
          hazardId: id,
          kind: 'major_plan',
          from: null,
          to: null,
          at: now,
          actor: core.eventActor(actor, 'hazards.major.plan'),
          note: null,
          data: {
            fiveImplementations: Object.keys(input.fiveImplementations ?? {}),
            treatmentPlan: Object.keys(input.treatmentPlan ?? {}),
          },
        });
        await core.recordAudit(
          trx,
          ctx,
          'hazards.major.plan',
          row,
          'hazards.major.plan',
          { fiveImplementations: row.five_implementations, treatmentPlan: row.treatment_plan },
          { fiveImplementations: five, treatmentPlan: plan },
        );
      });
    },

    stop: (
      ctx: RequestContext,
      id: string,
      input: { kind: 'full' | 'partial'; reason: string; documentNumber?: string | undefined; evidenceIds: readonly string[] },
    ) =>
      production(
        ctx,
        id,
        'stop',
        (_row, now, by) => ({
          kind: input.kind,
          reason: input.reason,
          documentNumber: input.documentNumber ?? null,
          stoppedAt: now.toISOString(),
          stoppedBy: by,
          appliedAt: null,
          applicationNote: null,
          appliedBy: null,
          decidedAt: null,
          decidedBy: null,
          decision: null,
          decisionNote: null,
        }),
        input.reason,
        input.evidenceIds,
      ),

    apply: (ctx: RequestContext, id: string, input: { note: string; evidenceIds: readonly string[] }) =>
      production(
        ctx,
        id,
        'apply',
        (row, now, by) => ({
          ...(row.production as ProductionRecord),
          appliedAt: now.toISOString(),
          applicationNote: input.note,
          appliedBy: by,
          decidedAt: null,
          decidedBy: null,
          decision: null,
          decisionNote: null,
        }),
        input.note,
        input.evidenceIds,
      ),

    review: (ctx: RequestContext, id: string, input: { approve: boolean; note: string }) =>
      production(
        ctx,
        id,
        input.approve ? 'approve' : 'refuse',
        (row, now, by) => ({
          ...(row.production as ProductionRecord),
          decidedAt: now.toISOString(),
          decidedBy: by,
          decision: input.approve ? 'approved' : 'refused',
          decisionNote: input.note,
        }),
        input.note,
        [],
      ),
  };
}
