/**
 * E-mail subscriptions to public report updates by area and category: double opt-in, the address sealed, a one-click
 * unsubscribe link in every mail, and one mail per confirmed subscriber queued in the outbox in the same transaction
 * as the report's change of public state. `createSubscriptions({ db, clock, audit, cipher, notifications, … })`.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/index.js';
import type { RequestContext } from '../access/index.js';
import type { AuditModule } from '../audit/index.js';
import type { PersonalDataCipher } from '../directory/index.js';
import type { NotificationsModule } from '../notifications/index.js';
import { feedsErrors } from './feeds.errors.js';
import * as feeds from './feeds.repository.js';
import { confirmationMail, emailKey, normaliseEmail, reportUrl, SUBSCRIBE_LIMITS, scopeText, stateChangeMail } from './feeds.rules.js';
import type { PublicReports } from './feeds.usecases.js';
import * as repo from './reports.repository.js';
import { isUuid, type PublicState, serviceByCode, slidingWindow } from './reports.rules.js';
import type { ReportsTables } from './reports.tables.js';
import type { HazardStateLookup } from './reports.usecases.js';

/** Told by the report use cases, inside their transaction, whenever a report's public state changes. */
export type PublicStateHook = (trx: Kysely<ReportsTables>, change: { reportId: string; state: PublicState; at: Date }) => Promise<void>;

export interface SubscriptionsDeps {
  db: feeds.FeedsDb;
  clock: Clock;
  audit: Pick<AuditModule, 'record'>;
  cipher: Pick<PersonalDataCipher, 'encrypt' | 'decrypt' | 'blindIndex'>;
  notifications: Pick<NotificationsModule, 'notify' | 'dispatchSoon'>;
  publicReports: Pick<PublicReports, 'itemById' | 'areas'>;
  hazardStates: HazardStateLookup;
  /** The site's public address for links in mails (PUBLIC_URL); else the address the subscriber used. */
  publicUrl?: string | undefined;
  /** Also told of the outcomes a report reaches through its hazard (the named reporter's updates). */
  alsoTell?: PublicStateHook | undefined;
}

export interface SubscribeInput {
  email: string;
  areaId?: string | undefined;
  category?: string | undefined;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function createSubscriptions(deps: SubscriptionsDeps) {
  const { db, clock, audit, cipher, notifications, publicReports, hazardStates } = deps;

  // The tokens are derived from the id under the data key, so every mail can carry them while only hashes are stored.
  const confirmToken = (id: string) => cipher.blindIndex(`reports.subscription.confirm:${id}`);
  const unsubscribeToken = (id: string) => cipher.blindIndex(`reports.subscription.unsubscribe:${id}`);
  const siteOf = (origin: string | null) => (deps.publicUrl ?? origin ?? 'http://localhost').replace(/\/+$/, '');
  const links = (id: string, origin: string | null) => ({
    confirm: `${siteOf(origin)}/reports/public?confirm=${confirmToken(id)}`,
    unsubscribe: `${siteOf(origin)}/reports/public?unsubscribe=${unsubscribeToken(id)}`,
  });

  async function scopeOf(areaId: string | null, category: string | null) {
    const area = areaId ? (await publicReports.areas()).find((a) => a.id === areaId) : undefined;
    const service = category ? serviceByCode(category) : undefined;
    return scopeText(area?.name ?? null, service?.name ?? null);
  }

  /** Queues the mails about one change inside the caller's transaction (to subscribers confirmed by then). */
  const announce: PublicStateHook = async (trx, change) => {
    const t = trx as unknown as feeds.FeedsDb;
    const item = await publicReports.itemById(t, change.reportId);
    if (!item) return;
    const subs = await feeds.matching(t, item.category.code, item.areaPath, change.at);
    if (subs.length === 0) return;
    await notifications.notify(
      trx,
      subs.map((s) => {
        const site = siteOf(s.origin);
        const mail = stateChangeMail(
          { code: item.code, category: item.category.name, state: change.state, description: item.description },
          { report: reportUrl(site, item.code), unsubscribe: links(s.id, s.origin).unsubscribe },
        );
        return {
          recipient: { kind: 'external' as const, id: s.id },
          kind: `reports.subscription.${change.state}`,
          title: mail.subject,
          body: mail.body,
          subject: { type: 'report', id: change.reportId, code: item.code },
          channels: ['email' as const],
        };
      }),
      change.at,
    );
  };

  async function throttle(trx: feeds.FeedsDb, keys: { key: string; policy: { limit: number; windowMs: number } }[], now: Date) {
    const t = trx as unknown as repo.Db;
    await repo.lockKeys(
      t,
      keys.map((k) => k.key),
    );
    for (const k of keys) {
      const verdict = slidingWindow(await repo.hitsSince(t, k.key, new Date(now.getTime() - k.policy.windowMs)), now, k.policy);
      if (!verdict.allowed) throw feedsErrors.throttled(verdict.retryAfterSeconds);
    }
    for (const k of keys) await repo.addHit(t, k.key, now, new Date(now.getTime() - k.policy.windowMs));
  }

  return {
    /**
     * Asks for a subscription: a confirmation mail with its link goes to the address (double opt-in). The answer is
     * the same whether or not the address was already subscribed, so it tells nobody who follows what.
     */
    async subscribe(ctx: RequestContext, input: SubscribeInput, origin: string | null) {
      const now = clock.now();
      const email = normaliseEmail(input.email);
      const problems = [];
      if (!email) problems.push(feedsErrors.field('email', 'not an e-mail address we can write to'));
      const areaId = input.areaId ?? null;
      if (areaId && (!isUuid(areaId) || !(await publicReports.areas()).some((a) => a.id === areaId)))
        problems.push(feedsErrors.field('areaId', 'not an area of this jurisdiction'));
      const category = input.category ?? null;
      if (category && !serviceByCode(category)) problems.push(feedsErrors.field('category', 'not a category of this platform'));
      if (problems.length || !email) throw feedsErrors.invalid(problems);
      const index = cipher.blindIndex(emailKey(email));
      const scope = await scopeOf(areaId, category);
      await db.transaction().execute(async (trx) => {
        await throttle(
          trx,
          [
            { key: sha256(`subscribe-email:${index}`), policy: SUBSCRIBE_LIMITS.email },
            ...(ctx.address ? [{ key: sha256(`subscribe-address:${ctx.address}`), policy: SUBSCRIBE_LIMITS.address }] : []),
          ],
          now,
        );
        const existing = await feeds.liveSubscription(trx, index, areaId, category);
        let subId: string;
        let subOrigin: string | null;
        if (existing) {
          subId = existing.id;
          subOrigin = existing.origin;
        } else {
          subId = (
            await feeds.insertSubscription(trx, {
              emailEnc: cipher.encrypt(email),
              emailIndex: index,
              areaId,
              serviceCode: category,
              origin,
              at: now,
            })
          ).id;
          subOrigin = origin;
          await feeds.setTokenHashes(trx, subId, sha256(confirmToken(subId)), sha256(unsubscribeToken(subId)));
        }
        const mail = confirmationMail(scope, links(subId, subOrigin));
        await notifications.notify(
          trx,
          [
            {
              recipient: { kind: 'external', id: subId },
              kind: 'reports.subscription.confirm',
              title: mail.subject,
              body: mail.body,
              subject: { type: 'report_subscription', id: subId },
              channels: ['email'],
            },
          ],
          now,
        );
        // The trail records what is followed, never the address.
        await audit.record(trx, {
          actor: { kind: 'anonymous' },
          action: existing ? 'reports.subscription.remind' : 'reports.subscription.request',
          target: { type: 'report_subscription', id: subId },
          after: { areaId, category },
          requestId: ctx.requestId,
          address: ctx.address,
        });
      });
      notifications.dispatchSoon();
      return { status: 'confirmation_sent' as const, scope };
    },

    /** The double opt-in: from now on the subscriber gets a mail on each change of public state it covers. */
    async confirm(ctx: RequestContext, token: string) {
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        const sub = await feeds.byConfirmHash(trx, sha256(token));
        if (!sub || sub.unsubscribed_at) throw feedsErrors.noSubscription();
        if (!sub.confirmed_at) {
          await feeds.markConfirmed(trx, sub.id, now);
          await audit.record(trx, {
            actor: { kind: 'anonymous' },
            action: 'reports.subscription.confirm',
            target: { type: 'report_subscription', id: sub.id },
            after: { areaId: sub.area_id, category: sub.service_code },
            requestId: ctx.requestId,
            address: ctx.address,
          });
        }
        return {
          status: 'confirmed' as const,
          areaId: sub.area_id,
          category: sub.service_code,
          scope: await scopeOf(sub.area_id, sub.service_code),
        };
      });
    },

    /** One click stops every further mail of the subscription, including any still waiting in the outbox. */
    async unsubscribe(ctx: RequestContext, token: string) {
      const now = clock.now();
      return db.transaction().execute(async (trx) => {
        const sub = await feeds.byUnsubscribeHash(trx, sha256(token));
        if (!sub) throw feedsErrors.noSubscription();
        if (!sub.unsubscribed_at) {
          await feeds.markUnsubscribed(trx, sub.id, now);
          await audit.record(trx, {
            actor: { kind: 'anonymous' },
            action: 'reports.subscription.unsubscribe',
            target: { type: 'report_subscription', id: sub.id },
            after: { areaId: sub.area_id, category: sub.service_code },
            requestId: ctx.requestId,
            address: ctx.address,
          });
        }
        return { status: 'unsubscribed' as const };
      });
    },

    /**
     * Queues one mail to each confirmed subscriber whose area and category cover the report, inside the transaction
     * of the change (so the mails exist exactly when the change does).
     */
    announce,

    /**
     * The states a report reaches through its hazard, which changes in the hazards module: fixed when the hazard is
     * closed, not a hazard when it is dismissed. Each is announced once (a later closing after a re-opening again), to
     * those subscribed when it happened. Run with the other periodic work; safe to run concurrently. Returns how many
     * outcomes were announced.
     */
    async announceHazardOutcomes(): Promise<number> {
      if (!deps.alsoTell && !(await feeds.anyConfirmed(db))) return 0;
      const linked = await feeds.linkedToHazards(db);
      const states = await hazardStates(linked.flatMap((r) => (r.hazard_id ? [r.hazard_id] : [])));
      const outcomes = linked.flatMap((r): { reportId: string; state: PublicState; at: Date }[] => {
        const h = r.hazard_id ? states.get(r.hazard_id) : undefined;
        if (h?.status === 'closed') return [{ reportId: r.id, state: 'fixed', at: h.closedAt ?? h.updatedAt }];
        if (h?.status === 'dismissed') return [{ reportId: r.id, state: 'not_a_hazard', at: h.updatedAt }];
        return [];
      });
      const done = new Set(
        (
          await feeds.announced(
            db,
            outcomes.map((o) => o.reportId),
          )
        ).map((a) => `${a.report_id}|${a.state}|${a.at.getTime()}`),
      );
      let count = 0;
      for (const o of outcomes.filter((x) => !done.has(`${x.reportId}|${x.state}|${x.at.getTime()}`)))
        await db.transaction().execute(async (trx) => {
          if (!(await feeds.markAnnounced(trx, o.reportId, o.state, o.at))) return;
          await announce(trx as unknown as Kysely<ReportsTables>, o);
          await deps.alsoTell?.(trx as unknown as Kysely<ReportsTables>, o);
          count++;
        });
      if (count) notifications.dispatchSoon();
      return count;
    },

    /** The subscriber's address when the outbox hands a mail to the adapter; none once unsubscribed. */
    async addressOf(id: string, channel: 'email' | 'sms'): Promise<string | null> {
      if (channel !== 'email' || !isUuid(id)) return null;
      const sub = await feeds.subscriptionById(db, id);
      return sub && !sub.unsubscribed_at ? cipher.decrypt(sub.email_enc) : null;
    },
  };
}

export type Subscriptions = ReturnType<typeof createSubscriptions>;
