/**
 * Every change of state of a hazard goes through `step`: authorise (live mandate and scope), judge the request by
 * the pure transition table, write the hazard, its history event, the read model, notifications and the audit
 * entry in one transaction.
 */
import type { InvalidField } from '../../platform/http/index.js';
import type { RequestContext } from '../access/index.js';
import type { Notice } from '../notifications/index.js';
import type { Core, Db } from './hazards.core.js';
import { hazardsErrors } from './hazards.errors.js';
import type { HazardPatch, HazardRow } from './hazards.repository.js';
import * as repo from './hazards.repository.js';
import { checkTransition, type Grade, onTime, type RequestFacts, type Status, type TransitionName, target } from './hazards.rules.js';
import type { MajorReport } from './hazards.tables.js';

const JSON_COLUMNS = ['criterion', 'order_funding', 'five_implementations', 'treatment_plan', 'major_report', 'production'] as const;

/** The in-memory change as the database takes it (JSON columns as text). */
export function toDb(patch: Partial<HazardRow>): HazardPatch {
  const out: Record<string, unknown> = { ...patch };
  for (const c of JSON_COLUMNS) if (c in out) out[c] = out[c] === null ? null : JSON.stringify(out[c]);
  return out as HazardPatch;
}

const STAMP: Partial<Record<Status, keyof HazardRow>> = {
  registered: 'registered_at',
  assessed: 'assessed_at',
  treating: 'treating_at',
  closed: 'closed_at',
  dismissed: 'dismissed_at',
};

export interface StepSpec {
  name: TransitionName;
  /** What the request changes on the stored hazard, judged together with it. */
  patch?: (row: HazardRow, now: Date) => Partial<HazardRow>;
  request?: RequestFacts;
  evidenceIds?: readonly string[];
  assessmentEvidenceId?: string | undefined;
  note: string | null;
  data?: Record<string, unknown>;
  /** Further writes in the same transaction (reports, notifications). */
  after?: (trx: Db, before: HazardRow, after: HazardRow, now: Date) => Promise<void>;
}

export function createTransitions(core: Core) {
  const { db, clock, notifications } = core.deps;

  async function evidenceFacts(trx: Db, row: HazardRow, spec: StepSpec) {
    const ids = [...new Set(spec.evidenceIds ?? [])];
    const problems: InvalidField[] = [];
    const all = ids.length || spec.assessmentEvidenceId ? await repo.evidenceOf(trx, row.id) : [];
    const named = ids.map((id) => all.find((e) => e.id === id));
    if (named.some((e) => !e)) problems.push(hazardsErrors.field('evidenceIds', 'names evidence this hazard does not have'));
    else if (named.some((e) => e?.event_id))
      problems.push(hazardsErrors.field('evidenceIds', 'names evidence already bound to an earlier step'));
    let assessmentDocument = false;
    if (spec.assessmentEvidenceId) {
      const doc = all.find((e) => e.id === spec.assessmentEvidenceId);
      if (doc?.kind !== 'assessment')
        problems.push(hazardsErrors.field('assessmentEvidenceId', 'is not an assessment document of this hazard'));
      else assessmentDocument = true;
    }
    if (problems.length) throw hazardsErrors.invalid(problems);
    const afterEvidence = named.filter((e) => e && (e.kind === 'after' || e.kind === 'document')).length;
    return { ids, afterEvidence, assessmentDocument };
  }

  /** The one path of every state change. */
  async function step(ctx: RequestContext, id: string, spec: StepSpec): Promise<HazardRow> {
    const { actor } = ctx;
    await core.visibleRow(actor, id);
    const result = await db.transaction().execute(async (trx) => {
      const row = await core.visibleRow(actor, id, trx, true);
      const now = clock.now();
      const ev = await evidenceFacts(trx, row, spec);
      const patch = spec.patch ? spec.patch(row, now) : {};
      const patched: HazardRow = { ...row, ...patch };
      const check = checkTransition(
        spec.name,
        // Who submitted is judged as stored, whatever the step then does with it.
        { ...core.facts(patched), submittedBy: row.submitted_by },
        { ...spec.request, afterEvidence: ev.afterEvidence, assessmentDocument: ev.assessmentDocument },
        core.actorFacts(actor, row),
        now,
      );
      if (!check.ok) {
        switch (check.reason) {
          case 'not_allowed':
            throw hazardsErrors.notAllowed(spec.name, row.status);
          case 'forbidden':
            throw hazardsErrors.forbidden(check.permission);
          case 'separation_of_duties':
            throw hazardsErrors.separationOfDuties();
          case 'requirements_unmet':
            throw hazardsErrors.requirementsUnmet(check.missing);
        }
      }
      const to = check.to;
      const stamp = STAMP[to];
      const changes: Partial<HazardRow> = { ...patch, status: to, updated_at: now, ...(stamp ? { [stamp]: now } : {}) };
      const after: HazardRow = { ...row, ...changes };
      await repo.update(trx, id, toDb(changes));
      await core.reflect(trx, row, after);
      const eventId = await repo.insertEvent(trx, {
        hazardId: id,
        kind: spec.name,
        from: row.status,
        to,
        at: now,
        actor: core.eventActor(actor, check.permission),
        note: spec.note,
        data: spec.data ?? null,
      });
      await repo.bindEvidence(trx, id, ev.ids, eventId);
      await spec.after?.(trx, row, after, now);
      await core.recordAudit(
        trx,
        ctx,
        check.permission,
        row,
        `hazards.hazard.${spec.name}`,
        { status: row.status },
        {
          status: to,
          note: spec.note,
          evidenceIds: ev.ids,
          ...(spec.data ?? {}),
        },
      );
      return after;
    });
    notifications.dispatchSoon();
    return result;
  }

  const hazardSubject = (row: HazardRow) => ({ type: 'hazard', id: row.id, code: row.code });
  const toOrg = (
    orgId: string | null,
    kind: string,
    title: Notice['title'],
    body: Notice['body'],
    row: HazardRow,
    sms = false,
  ): Notice[] =>
    orgId
      ? [{ recipient: { kind: 'organisation', id: orgId }, kind, title, body, subject: hazardSubject(row), channels: sms ? ['sms'] : [] }]
      : [];

  const ensure = (row: HazardRow, grade: Grade, action: string) => {
    if (row.grade !== grade) throw hazardsErrors.notAllowed(action, row.status);
  };

  return {
    step,

    register: (ctx: RequestContext, id: string, note: string | null) => step(ctx, id, { name: 'register', note }),

    assess: (
      ctx: RequestContext,
      id: string,
      input: {
        grade: Grade;
        criterion?: { library: string; version: string; clause: string } | undefined;
        note?: string | undefined;
        majorReport?: Partial<MajorReport> | undefined;
      },
    ) =>
      step(ctx, id, {
        name: 'assess',
        note: input.note ?? null,
        data: { grade: input.grade, criterion: input.criterion ?? null },
        patch: (row) => ({
          grade: input.grade,
          criterion: input.criterion ?? (input.grade === 'major' ? row.criterion : (input.criterion ?? row.criterion)),
          major_report:
            input.grade === 'major'
              ? {
                  currentState: input.majorReport?.currentState ?? null,
                  cause: input.majorReport?.cause ?? null,
                  harmAnalysis: input.majorReport?.harmAnalysis ?? null,
                  treatmentApproach: input.majorReport?.treatmentApproach ?? null,
                }
              : null,
        }),
        // A major hazard is reported to the supervising department at once and listed for supervision (挂牌督办).
        after: async (trx, _before, after, now) => {
          if (after.grade !== 'major') return;
          const { tier1 } = await core.tiers(after.area_path);
          await repo.update(trx, id, { reported_at: now, reported_to: tier1, supervised_by: tier1, supervised_at: tier1 ? now : null });
          const system = { kind: 'system' as const, name: 'hazards' };
          await repo.insertEvent(trx, {
            hazardId: id,
            kind: 'report_major',
            from: null,
            to: null,
            at: now,
            actor: system,
            note: null,
            data: { tier: 1, to: tier1 },
          });
          if (tier1)
            await repo.insertEvent(trx, {
              hazardId: id,
              kind: 'list_supervision',
              from: null,
              to: null,
              at: now,
              actor: system,
              note: null,
              data: { regulator: tier1 },
            });
          const title = { 'zh-CN': `重大事故隐患报告：${after.title}`, en: `Major hazard reported: ${after.title}` };
          const body = {
            'zh-CN': `隐患 ${after.code} 经评估为重大事故隐患（${after.criterion?.clause ?? ''}），已列入挂牌督办。`,
            en: `Hazard ${after.code} was assessed as major (${after.criterion?.clause ?? ''}) and listed for supervision.`,
          };
          await core.notify(
            trx,
            [
              ...(tier1
                ? [
                    {
                      recipient: { kind: 'organisation' as const, id: tier1 },
                      kind: 'hazard.major_reported',
                      title,
                      body,
                      subject: hazardSubject(after),
                      channels: ['sms', 'email'] as const,
                    },
                  ]
                : []),
              ...toOrg(after.enterprise_id, 'hazard.major_reported', title, body, after),
            ],
            now,
          );
        },
      }),

    fixOnSpot: (ctx: RequestContext, id: string, input: { note: string; evidenceIds: readonly string[] }) =>
      step(ctx, id, {
        name: 'fix_on_spot',
        note: input.note || null,
        request: { note: input.note },
        evidenceIds: input.evidenceIds,
        patch: (row, now) => ({ grade: row.grade ?? 'general', fixed_on_spot: true, assessed_at: row.assessed_at ?? now }),
      }),

    async orderRectification(
      ctx: RequestContext,
      id: string,
      input: {
        measures: string;
        responsiblePerson: { name: string; personId?: string | undefined };
        deadline: string;
        funding?: { amount: string; source: string } | undefined;
        note?: string | undefined;
      },
    ) {
      ensure(await core.visibleRow(ctx.actor, id), 'general', 'rectification-order');
      return step(ctx, id, {
        name: 'start_treatment',
        note: input.note ?? null,
        data: {
          measures: input.measures,
          responsiblePerson: input.responsiblePerson,
          deadline: input.deadline,
          funding: input.funding ?? null,
        },
        patch: () => ({
          order_measures: input.measures,
          order_responsible_name: input.responsiblePerson.name,
          order_responsible_person_id: input.responsiblePerson.personId ?? null,
          order_funding: input.funding ?? null,
          deadline: new Date(input.deadline),
          notice_offset: null,
        }),
        after: (trx, _b, after, now) =>
          core
            .notify(
              trx,
              toOrg(
                after.enterprise_id,
                'hazard.rectification_ordered',
                { 'zh-CN': `整改通知：${after.title}`, en: `Rectification ordered: ${after.title}` },
                {
                  'zh-CN': `隐患 ${after.code} 须于 ${input.deadline.slice(0, 10)} 前整改完成。`,
                  en: `Hazard ${after.code} must be rectified by ${input.deadline.slice(0, 10)}.`,
                },
                after,
                true,
              ),
              now,
            )
            .then(() => undefined),
      });
    },

    async startTreatment(ctx: RequestContext, id: string, note: string | null) {
      ensure(await core.visibleRow(ctx.actor, id), 'major', 'start-treatment');
      return step(ctx, id, { name: 'start_treatment', note, patch: () => ({ notice_offset: null }) });
    },

    submit: (ctx: RequestContext, id: string, input: { note: string; evidenceIds: readonly string[] }) =>
      step(ctx, id, {
        name: 'submit',
        note: input.note || null,
        request: { note: input.note },
        evidenceIds: input.evidenceIds,
        patch: (_row, now) => ({ submitted_at: now, submitted_by: ctx.actor.kind === 'person' ? ctx.actor.personId : null }),
        after: async (trx, _b, after, now) => {
          // Tell those who accept: the supervising regulator of a major hazard, else whoever found it.
          const to = after.grade === 'major' ? after.supervised_by : (after.reported_by_organisation ?? after.enterprise_id);
          await core.notify(
            trx,
            toOrg(
              to,
              'hazard.submitted',
              { 'zh-CN': `整改完成待验收：${after.title}`, en: `Rectification awaiting acceptance: ${after.title}` },
              {
                'zh-CN': `隐患 ${after.code} 已整改完成，申请验收。`,
                en: `Hazard ${after.code} has been rectified and awaits acceptance.`,
              },
              after,
            ),
            now,
          );
        },
      }),

    accept: (
      ctx: RequestContext,
      id: string,
      input: {
        basis: 'inspection' | 'assessment';
        assessmentEvidenceId?: string | undefined;
        note?: string | undefined;
        evidenceIds: readonly string[];
      },
    ) =>
      step(ctx, id, {
        name: 'accept',
        note: input.note ?? null,
        request: { basis: input.basis },
        evidenceIds: input.evidenceIds,
        assessmentEvidenceId: input.assessmentEvidenceId,
        data: { basis: input.basis, assessmentEvidenceId: input.assessmentEvidenceId ?? null },
        patch: (row, now) => ({
          accepted_at: now,
          accepted_by: ctx.actor.kind === 'person' ? ctx.actor.personId : null,
          acceptance_basis: input.basis,
          on_time: onTime(row.submitted_at, row.deadline),
        }),
      }),

    reject: (
      ctx: RequestContext,
      id: string,
      input: { reason: string; newDeadline?: string | undefined; evidenceIds: readonly string[] },
    ) => {
      if (input.newDeadline && Date.parse(input.newDeadline) <= clock.now().getTime())
        throw hazardsErrors.invalid([hazardsErrors.field('newDeadline', 'must be in the future')]);
      return step(ctx, id, {
        name: 'reject',
        note: input.reason || null,
        request: { reason: input.reason },
        evidenceIds: input.evidenceIds,
        data: { newDeadline: input.newDeadline ?? null },
        patch: (row) => ({
          submitted_at: null,
          submitted_by: null,
          // The rejected submitter stays recorded in the history; a later submission names the next one.
          ...(input.newDeadline ? { deadline: new Date(input.newDeadline), notice_offset: null } : { deadline: row.deadline }),
        }),
        after: (trx, _b, after, now) =>
          core
            .notify(
              trx,
              toOrg(
                after.enterprise_id,
                'hazard.rejected',
                { 'zh-CN': `验收未通过：${after.title}`, en: `Rectification rejected: ${after.title}` },
                {
                  'zh-CN': `隐患 ${after.code} 验收未通过：${input.reason}`,
                  en: `Hazard ${after.code} failed acceptance: ${input.reason}`,
                },
                after,
                true,
              ),
              now,
            )
            .then(() => undefined),
      });
    },

    close: (ctx: RequestContext, id: string, note: string | null) => step(ctx, id, { name: 'close', note }),

    async reopen(ctx: RequestContext, id: string, input: { reason: string; deadline?: string | undefined }) {
      const row = await core.visibleRow(ctx.actor, id);
      const to = target('reopen', row.status);
      return step(ctx, id, {
        name: 'reopen',
        note: input.reason || null,
        request: { reason: input.reason },
        data: { deadline: input.deadline ?? null },
        patch: (r) =>
          to === 'treating'
            ? {
                deadline: input.deadline ? new Date(input.deadline) : null,
                notice_offset: null,
                submitted_at: null,
                submitted_by: null,
                accepted_at: null,
                accepted_by: null,
                acceptance_basis: null,
                on_time: null,
                closed_at: null,
                reopen_count: r.reopen_count + 1,
              }
            : { dismissed_at: null, reopen_count: r.reopen_count + 1 },
      });
    },

    dismiss: (ctx: RequestContext, id: string, reason: string) =>
      step(ctx, id, { name: 'dismiss', note: reason || null, request: { reason } }),
  };
}

export type Transitions = ReturnType<typeof createTransitions>;
