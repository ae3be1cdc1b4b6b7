import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/index.js';
import { AppError } from '../../platform/http/index.js';
import type { Logger } from '../../platform/logging/index.js';
import type { Actor } from '../access/index.js';
import type { InTransaction } from '../audit/index.js';
import { type OutboundAdapter, UndeliverableError } from './notifications.adapters.js';
import * as repo from './notifications.repository.js';
import type { Channel, LocalisedText, NotificationsTables, RecipientKind } from './notifications.tables.js';

/** One thing to tell one person or one organisation (all its people see it). */
export interface Notice {
  recipient: { kind: RecipientKind; id: string };
  /** Dotted kind, e.g. `hazard.overdue`; the web app may pick an icon by it. */
  kind: string;
  title: LocalisedText;
  body: LocalisedText;
  subject?: { type: string; id: string; code?: string | null } | null;
  /** Also sent by these channels through the outbox (in-app always). */
  channels?: readonly Channel[];
}

const MAX_ATTEMPTS = 5;

const notFound = () =>
  new AppError({
    code: 'notifications.not_found',
    status: 404,
    title: { 'zh-CN': '没有这条通知', en: 'No such notification' },
    detail: { 'zh-CN': '没有发给您的这条通知。', en: 'No notification with that id was sent to you.' },
  });

export function createNotificationsModule(deps: {
  db: Kysely<NotificationsTables>;
  clock: Clock;
  logger: Logger;
  adapters: Readonly<Record<Channel, OutboundAdapter>>;
}) {
  const { db, clock, logger, adapters } = deps;
  /**
   * The organisations whose notifications the person reads: those they work in. Volunteers and grid workers hold
   * their grants in the office that recruited them, but do not act for it.
   */
  const organisationsOf = (actor: Actor) =>
    actor.kind === 'person'
      ? [...new Set(actor.grants.filter((g) => g.role !== 'volunteer' && g.role !== 'grid_worker').map((g) => g.organisationId))]
      : [];
  let pending: Promise<number> | null = null;

  const view = (r: Awaited<ReturnType<typeof repo.list>>[number]) => ({
    id: r.id,
    kind: r.kind,
    title: r.title,
    body: r.body,
    subject: r.subject_type && r.subject_id ? { type: r.subject_type, id: r.subject_id, code: r.subject_code } : null,
    recipient: { kind: r.recipient_kind, id: r.recipient_id },
    createdAt: r.created_at.toISOString(),
    readAt: r.read_at?.toISOString() ?? null,
  });

  const module = {
    /**
     * Records the notices inside the caller's transaction (in-app rows and queued e-mail/SMS), so they exist
     * exactly when the change that caused them does. Returns the notification ids.
     */
    async notify(tx: InTransaction, notices: readonly Notice[], at: Date = clock.now()): Promise<string[]> {
      if (!tx.isTransaction) throw new Error('notify must run inside the transaction of the change it tells about');
      return repo.insert(
        tx as unknown as Kysely<NotificationsTables>,
        notices.map((n) => ({
          recipientKind: n.recipient.kind,
          recipientId: n.recipient.id,
          kind: n.kind,
          title: n.title,
          body: n.body,
          subject: n.subject ?? null,
          channels: n.channels ?? [],
          at,
        })),
      );
    },

    /** Hands queued e-mail and SMS to their adapters and records when each went out. Safe to run concurrently. */
    async dispatch(limit = 200): Promise<number> {
      let sent = 0;
      await db.transaction().execute(async (trx) => {
        for (const m of await repo.queued(trx, limit)) {
          const adapter = adapters[m.channel];
          try {
            await adapter.send({
              id: m.id,
              channel: m.channel,
              recipient: { kind: m.recipient_kind, id: m.recipient_id },
              subject: m.subject,
              body: m.body,
            });
            await repo.markSent(trx, m.id, adapter.name, clock.now());
            sent++;
          } catch (error) {
            logger.warn({ err: error, outbox: m.id }, 'outbound notification failed');
            // The reason stays on the outbox row; an undeliverable message is not retried.
            const final = error instanceof UndeliverableError || m.attempts + 1 >= MAX_ATTEMPTS;
            await repo.markFailed(trx, m.id, adapter.name, (error as Error).message, final);
          }
        }
      });
      return sent;
    },

    /** Dispatch after the current transaction has had time to commit; errors only logged. */
    dispatchSoon(): void {
      if (pending) return;
      pending = new Promise<number>((resolve) => setImmediate(() => resolve(module.dispatch())))
        .catch((error: unknown) => {
          logger.warn({ err: error }, 'outbound dispatch failed');
          return 0;
        })
        .finally(() => {
          pending = null;
        });
    },

    async list(actor: Actor, query: { unread?: boolean | undefined; limit: number; cursor?: string | undefined }) {
      if (actor.kind !== 'person') return { items: [], nextCursor: null, unread: 0 };
      const orgs = organisationsOf(actor);
      let after: { at: Date; id: string } | null = null;
      if (query.cursor) {
        const [at, id] = Buffer.from(query.cursor, 'base64url').toString('utf8').split('|');
        if (at && id && !Number.isNaN(Date.parse(at))) after = { at: new Date(at), id };
      }
      const rows = await repo.list(db, actor.personId, orgs, { unread: query.unread === true, limit: query.limit + 1, after });
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        items: page.map(view),
        nextCursor:
          rows.length > query.limit && last ? Buffer.from(`${last.created_at.toISOString()}|${last.id}`).toString('base64url') : null,
        unread: await repo.unreadCount(db, actor.personId, orgs),
      };
    },

    async markRead(actor: Actor, id: string): Promise<void> {
      if (actor.kind !== 'person' || !(await repo.isMine(db, id, actor.personId, organisationsOf(actor)))) throw notFound();
      await repo.markRead(db, [id], actor.personId, clock.now());
    },

    async markAllRead(actor: Actor): Promise<number> {
      if (actor.kind !== 'person') return 0;
      const ids = await repo.unreadIds(db, actor.personId, organisationsOf(actor));
      return repo.markRead(db, ids, actor.personId, clock.now());
    },

    /** Every notification about a subject (e.g. a hazard) with the times of its deliveries, for "promptly" audits. */
    aboutSubject: (subjectId: string) => repo.aboutSubject(db, subjectId),
  };
  return module;
}

export type NotificationsModule = ReturnType<typeof createNotificationsModule>;
