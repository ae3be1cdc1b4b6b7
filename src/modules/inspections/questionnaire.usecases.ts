/**
 * Questionnaire mode: the inspector sends the enterprise a link with an
 * unguessable token; anyone holding the link answers without an account; the
 * inspector then accepts or overrides each answer before completing.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { InvalidField } from '../../platform/http/index.js';
import type { RequestContext } from '../access/index.js';
import { answerProblem, itemByKey, outcomeOf } from './checklists.rules.js';
import { type AnswerInput, readAnswers } from './conduct.usecases.js';
import type { createDetailView } from './inspections.detail.js';
import { bodyField, inspectionsErrors } from './inspections.errors.js';
import type { Kernel } from './inspections.kernel.js';
import { CONDUCT } from './inspections.permissions.js';
import * as repo from './inspections.repository.js';
import type { AnswerSnapshot } from './inspections.tables.js';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const DAY = 86_400_000;

export type ReviewDecision =
  | { itemKey: string; decision: 'accepted' }
  | ({ itemKey: string; decision: 'overridden' } & Omit<AnswerInput, 'itemKey' | 'fixedOnSpot'>);

export function createQuestionnaireUseCases(kernel: Kernel, detail: ReturnType<typeof createDetailView>) {
  const { db, clock, audit, directory } = kernel.deps;
  const { person } = kernel;

  /** The inspection behind a live link, or 404: unknown, replaced, expired, or no longer open. */
  async function byToken(trx: typeof db, token: string, forUpdate = false) {
    const row = await repo.findByTokenHash(trx, hashToken(token), forUpdate);
    const now = clock.now();
    if (!row?.q_expires_at || row.q_expires_at.getTime() <= now.getTime()) throw inspectionsErrors.questionnaireNotFound();
    if (row.status !== 'in_progress' && row.status !== 'awaiting_review') throw inspectionsErrors.questionnaireNotFound();
    return row;
  }

  async function publicView(token: string) {
    const row = await byToken(db, token);
    const version = (await kernel.contentOf([row.checklist_version_id])).get(row.checklist_version_id);
    if (!version) throw inspectionsErrors.questionnaireNotFound();
    const [orgs, answers] = await Promise.all([
      directory.organisationsByIds([row.enterprise_id, row.organisation_id]),
      repo.answersOf(db, row.id),
    ]);
    const byKey = itemByKey(version.content);
    return {
      code: row.code,
      title: row.title,
      enterprise: { name: orgs.find((o) => o.id === row.enterprise_id)?.name ?? '' },
      inspectorOrganisation: { name: orgs.find((o) => o.id === row.organisation_id)?.name ?? '' },
      dueAt: row.due_at?.toISOString() ?? null,
      expiresAt: (row.q_expires_at as Date).toISOString(),
      status: row.status === 'in_progress' ? ('open' as const) : ('submitted' as const),
      content: version.content,
      answers: answers
        .filter((a) => a.source === 'questionnaire')
        .map((a) => {
          const item = byKey.get(a.item_key);
          return {
            itemKey: a.item_key,
            verdict: a.verdict,
            number: a.number,
            choice: a.choice,
            text: a.text,
            note: a.note,
            fixedOnSpot: false,
            outcome: item ? outcomeOf(item, kernel.answerValue(a)) : ('unanswered' as const),
            source: a.source,
            answeredAt: a.answered_at.toISOString(),
            answeredBy: null,
            review: null,
          };
        }),
      respondentName: row.q_respondent_name,
      respondentTitle: row.q_respondent_title,
    };
  }

  const anonymous = (ctx: RequestContext) => ({ actor: { kind: 'anonymous' as const }, requestId: ctx.requestId, address: ctx.address });

  return {
    /** Sends (or re-sends, replacing the old link) the questionnaire; the token is shown only in this answer. */
    async send(ctx: RequestContext, id: string, expiresInDays: number) {
      const actor = person(ctx.actor);
      await kernel.conducting(actor, id);
      const token = randomBytes(32).toString('base64url');
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + expiresInDays * DAY);
      await db.transaction().execute(async (trx) => {
        const row = await repo.findInspection(trx, id, true);
        if (!row) throw inspectionsErrors.notFound();
        const to = kernel.assertEvent(row, 'send_questionnaire');
        await repo.update(trx, id, {
          status: to,
          started_at: row.started_at ?? now,
          q_token_hash: hashToken(token),
          q_sent_at: now,
          q_expires_at: expiresAt,
          q_submitted_at: null,
        });
        await audit.record(trx, {
          actor: kernel.auditActor(actor, CONDUCT[row.kind], row),
          action: 'inspections.questionnaire.send',
          target: { type: 'inspection', id },
          before: { status: row.status, replacedLink: row.q_token_hash !== null },
          after: { status: to, expiresAt },
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
      return { token, path: `/q/${token}`, expiresAt: expiresAt.toISOString() };
    },

    publicView,

    /** The enterprise saves answers (partial saves allowed) while the questionnaire is open. */
    async publicAnswer(ctx: RequestContext, token: string, answers: AnswerInput[]) {
      const seen = await byToken(db, token);
      const version = (await kernel.contentOf([seen.checklist_version_id])).get(seen.checklist_version_id);
      if (!version) throw inspectionsErrors.questionnaireNotFound();
      const { writes, clear, problems } = readAnswers(version.content, answers, {
        field: 'answers',
        allowPhotoItems: false,
        allowFixedOnSpot: false,
      });
      if (problems.length) throw inspectionsErrors.answerInvalid(problems);
      await db.transaction().execute(async (trx) => {
        const row = await byToken(trx, token, true);
        if (row.status !== 'in_progress') throw inspectionsErrors.questionnaireClosed();
        await repo.upsertAnswers(trx, row.id, writes, { source: 'questionnaire', by: null, at: clock.now() });
        await repo.deleteAnswers(trx, row.id, clear);
        await audit.record(trx, {
          ...anonymous(ctx),
          action: 'inspections.questionnaire.answer',
          target: { type: 'inspection', id: row.id },
          after: { answers: writes, cleared: clear },
        });
      });
      return publicView(token);
    },

    async publicSubmit(ctx: RequestContext, token: string, respondent: { respondentName: string; respondentTitle?: string | undefined }) {
      await db.transaction().execute(async (trx) => {
        const row = await byToken(trx, token, true);
        if (row.status !== 'in_progress') throw inspectionsErrors.questionnaireClosed();
        const to = kernel.assertEvent(row, 'submit_questionnaire');
        await repo.update(trx, row.id, {
          status: to,
          q_submitted_at: clock.now(),
          q_respondent_name: respondent.respondentName,
          q_respondent_title: respondent.respondentTitle ?? null,
        });
        await audit.record(trx, {
          ...anonymous(ctx),
          action: 'inspections.questionnaire.submit',
          target: { type: 'inspection', id: row.id },
          before: { status: row.status },
          after: { status: to, respondentName: respondent.respondentName, respondentTitle: respondent.respondentTitle ?? null },
        });
      });
      return publicView(token);
    },

    /** The inspector accepts or overrides each answer (an item the enterprise left blank can only be overridden). */
    async review(ctx: RequestContext, id: string, decisions: ReviewDecision[]) {
      const actor = person(ctx.actor);
      const { row: seen } = await kernel.conducting(actor, id);
      const version = (await kernel.contentOf([seen.checklist_version_id])).get(seen.checklist_version_id);
      if (!version) throw inspectionsErrors.notFound();
      const byKey = itemByKey(version.content);
      await db.transaction().execute(async (trx) => {
        const row = await repo.findInspection(trx, id, true);
        if (!row) throw inspectionsErrors.notFound();
        if (row.status !== 'awaiting_review') throw inspectionsErrors.transitionNotAllowed('review', row.status, row.mode);
        const existing = new Map((await repo.answersOf(trx, id)).map((a) => [a.item_key, a]));
        const problems: InvalidField[] = [];
        const now = clock.now();
        const applied: unknown[] = [];
        for (const [i, d] of decisions.entries()) {
          const at = `decisions.${i}`;
          const item = byKey.get(d.itemKey);
          if (!item) {
            problems.push(bodyField(`${at}.itemKey`, 'no such item in this checklist'));
            continue;
          }
          const current = existing.get(d.itemKey);
          const was: AnswerSnapshot | null = current
            ? { verdict: current.verdict, number: current.number, choice: current.choice, text: current.text, note: current.note }
            : null;
          const original = current?.questionnaire ?? (current?.source === 'questionnaire' ? was : null);
          if (d.decision === 'accepted') {
            if (current?.source !== 'questionnaire') {
              problems.push(bodyField(`${at}.decision`, 'the enterprise did not answer this item: override it with your answer'));
              continue;
            }
            await repo.setReview(trx, id, d.itemKey, { decision: 'accepted', by: actor.personId, at: now, questionnaire: original });
          } else {
            const value: AnswerSnapshot = {
              verdict: d.verdict ?? null,
              number: d.number ?? null,
              choice: d.choice ?? null,
              text: d.text ?? null,
              note: d.note ?? null,
            };
            const wrong = answerProblem(item, value);
            if (wrong) {
              problems.push(bodyField(`${at}.${wrong.part}`, wrong.detail));
              continue;
            }
            if (!current)
              await repo.upsertAnswers(trx, id, [{ itemKey: d.itemKey, ...value, fixedOnSpot: false }], {
                source: 'inspector',
                by: actor.personId,
                at: now,
              });
            await repo.setReview(trx, id, d.itemKey, {
              decision: 'overridden',
              by: actor.personId,
              at: now,
              questionnaire: original,
              override: value,
            });
          }
          applied.push(d);
        }
        if (problems.length) throw inspectionsErrors.answerInvalid(problems);
        await audit.record(trx, {
          actor: kernel.auditActor(actor, CONDUCT[row.kind], row),
          action: 'inspections.questionnaire.review',
          target: { type: 'inspection', id },
          after: { decisions: applied },
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
      return detail(actor, id);
    },

    /** Back to the enterprise for corrections, through the same link. */
    async returnToEnterprise(ctx: RequestContext, id: string, reason: string) {
      const actor = person(ctx.actor);
      await kernel.conducting(actor, id);
      await db.transaction().execute(async (trx) => {
        const row = await repo.findInspection(trx, id, true);
        if (!row) throw inspectionsErrors.notFound();
        const to = kernel.assertEvent(row, 'return_questionnaire');
        await repo.update(trx, id, { status: to, q_submitted_at: null });
        await audit.record(trx, {
          actor: kernel.auditActor(actor, CONDUCT[row.kind], row),
          action: 'inspections.questionnaire.return',
          target: { type: 'inspection', id },
          before: { status: row.status },
          after: { status: to, reason },
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
      return detail(actor, id);
    },
  };
}
