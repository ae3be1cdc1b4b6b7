/** Referral (移交/抄告): handing a hazard to the department that can enforce it, which acknowledges it and reports the outcome. */
import type { Actor, RequestContext } from '../access/index.js';
import type { Core } from './hazards.core.js';
import { hazardsErrors } from './hazards.errors.js';
import * as repo from './hazards.repository.js';
import { isOpen } from './hazards.rules.js';
import { lookupNames, referralNames, referralView } from './hazards.views.js';

export function createReferrals(core: Core) {
  const { db, clock, directory, notifications } = core.deps;

  const views = async (actor: Actor, rows: repo.ReferralRow[]) => {
    const n = referralNames(rows);
    const names = await lookupNames(core, n.orgs, n.people);
    return rows.map((r) => referralView(core, actor, r, names));
  };

  async function one(actor: Actor, referralId: string) {
    const r = await repo.referralById(db, referralId);
    const [view] = r ? await views(actor, [r]) : [];
    if (!view) throw hazardsErrors.referralNotFound();
    return view;
  }

  async function handle(
    ctx: RequestContext,
    referralId: string,
    next: 'acknowledged' | 'completed',
    input: { note?: string | undefined; result?: string },
  ) {
    const { actor } = ctx;
    await db.transaction().execute(async (trx) => {
      const r = await repo.referralById(trx, referralId, true);
      const mine = core.ownOrganisations(actor, 'hazards.referral.handle');
      if (!r || !mine.includes(r.to_organisation_id)) throw hazardsErrors.referralNotFound();
      if (r.status === 'completed' || (next === 'acknowledged' && r.status !== 'pending')) throw hazardsErrors.referralNotAllowed(r.status);
      const now = clock.now();
      const by = actor.kind === 'person' ? actor.personId : null;
      await repo.updateReferral(
        trx,
        referralId,
        next === 'acknowledged'
          ? { status: 'acknowledged', acknowledged_at: now, acknowledged_by: by, acknowledge_note: input.note ?? null }
          : {
              status: 'completed',
              ...(r.status === 'pending' ? { acknowledged_at: now, acknowledged_by: by } : {}),
              result: input.result ?? null,
              outcome_note: input.note ?? null,
              outcome_at: now,
              outcome_by: by,
            },
      );
      const row = await repo.findById(trx, r.hazard_id);
      if (!row) throw hazardsErrors.notFound();
      await repo.insertEvent(trx, {
        hazardId: r.hazard_id,
        kind: next === 'acknowledged' ? 'referral_acknowledge' : 'referral_outcome',
        from: null,
        to: null,
        at: now,
        actor: core.eventActor(actor, 'hazards.referral.handle'),
        note: input.note ?? null,
        data: { referralId, result: input.result ?? null },
      });
      await core.notify(
        trx,
        [
          {
            recipient: { kind: 'organisation', id: r.from_organisation_id },
            kind: next === 'acknowledged' ? 'hazard.referral_acknowledged' : 'hazard.referral_outcome',
            title: {
              'zh-CN': `${next === 'acknowledged' ? '移交已签收' : '移交处理结果'}：${r.title}`,
              en: `${next === 'acknowledged' ? 'Referral acknowledged' : 'Referral outcome'}: ${r.title}`,
            },
            body: { 'zh-CN': `${r.code}：${input.note ?? ''}`, en: `${r.code}: ${input.note ?? ''}` },
            subject: { type: 'hazard', id: r.hazard_id, code: r.code },
          },
        ],
        now,
      );
      await core.recordAudit(
        trx,
        ctx,
        'hazards.referral.handle',
        row,
        `hazards.referral.${next === 'acknowledged' ? 'acknowledge' : 'outcome'}`,
        { referralId, status: r.status },
        {
          referralId,
          status: next,
          result: input.result ?? null,
          note: input.note ?? null,
        },
      );
    });
    notifications.dispatchSoon();
    return one(actor, referralId);
  }

  return {
    async refer(ctx: RequestContext, id: string, input: { toOrganisationId: string; reason: string }) {
      const { actor } = ctx;
      const referralId = await db.transaction().execute(async (trx) => {
        const row = await core.visibleRow(actor, id, trx, true);
        if (!core.covers(actor, 'hazards.referral.create', row)) throw hazardsErrors.forbidden('hazards.referral.create');
        if (!isOpen(row.status)) throw hazardsErrors.closed();
        const from = core.ownOrganisations(actor, 'hazards.referral.create')[0];
        const regulators = await directory.regulators();
        const to = regulators.find((r) => r.id === input.toOrganisationId);
        if (!to || !from || to.id === from)
          throw hazardsErrors.invalid([hazardsErrors.field('toOrganisationId', 'is not another regulator (department)')]);
        const now = clock.now();
        const by = actor.kind === 'person' ? actor.personId : '';
        const rid = await repo.insertReferral(trx, { hazardId: id, from, to: to.id, reason: input.reason, by, at: now });
        await repo.insertEvent(trx, {
          hazardId: id,
          kind: 'refer',
          from: null,
          to: null,
          at: now,
          actor: core.eventActor(actor, 'hazards.referral.create'),
          note: input.reason,
          data: { referralId: rid, to: to.id, department: to.department },
        });
        await core.notify(
          trx,
          [
            {
              recipient: { kind: 'organisation', id: to.id },
              kind: 'hazard.referred',
              title: { 'zh-CN': `隐患移交：${row.title}`, en: `Hazard referred to you: ${row.title}` },
              body: { 'zh-CN': `${row.code}：${input.reason}`, en: `${row.code}: ${input.reason}` },
              subject: { type: 'hazard', id: row.id, code: row.code },
              channels: ['sms', 'email'],
            },
          ],
          now,
        );
        await core.recordAudit(trx, ctx, 'hazards.referral.create', row, 'hazards.referral.create', null, {
          referralId: rid,
          to: to.id,
          reason: input.reason,
        });
        return rid;
      });
      notifications.dispatchSoon();
      return one(actor, referralId);
    },

    async list(actor: Actor, query: { direction: 'incoming' | 'outgoing'; status?: 'pending' | 'acknowledged' | 'completed' | undefined }) {
      const orgs = core.ownOrganisations(actor, query.direction === 'incoming' ? 'hazards.referral.handle' : 'hazards.referral.create');
      return { items: await views(actor, await repo.referralsFor(db, query.direction, orgs, query.status)) };
    },

    acknowledge: (ctx: RequestContext, referralId: string, note: string | undefined) => handle(ctx, referralId, 'acknowledged', { note }),
    outcome: (ctx: RequestContext, referralId: string, input: { result: string; note: string }) =>
      handle(ctx, referralId, 'completed', { note: input.note, result: input.result }),
  };
}
