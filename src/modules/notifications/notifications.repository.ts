import { type Kysely, sql } from 'kysely';
import type { Channel, LocalisedText, NotificationsTables, RecipientKind } from './notifications.tables.js';

type Db = Kysely<NotificationsTables>;

export interface NewNotification {
  recipientKind: RecipientKind;
  recipientId: string;
  kind: string;
  title: LocalisedText;
  body: LocalisedText;
  subject: { type: string; id: string; code?: string | null } | null;
  channels: readonly Channel[];
  at: Date;
}

export async function insert(db: Db, rows: readonly NewNotification[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const inserted = await db
    .insertInto('notifications.notification')
    .values(
      rows.map((r) => ({
        recipient_kind: r.recipientKind,
        recipient_id: r.recipientId,
        kind: r.kind,
        title: JSON.stringify(r.title),
        body: JSON.stringify(r.body),
        subject_type: r.subject?.type ?? null,
        subject_id: r.subject?.id ?? null,
        subject_code: r.subject?.code ?? null,
        created_at: r.at,
      })),
    )
    .returning('id')
    .execute();
  const outbox = rows.flatMap((r, i) =>
    r.channels.map((channel) => ({
      notification_id: (inserted[i] as { id: string }).id,
      channel,
      recipient_kind: r.recipientKind,
      recipient_id: r.recipientId,
      subject: r.title['zh-CN'],
      body: r.body['zh-CN'],
      created_at: r.at,
    })),
  );
  if (outbox.length) await db.insertInto('notifications.outbox').values(outbox).execute();
  return inserted.map((r) => r.id);
}

const mine = (personId: string, organisationIds: readonly string[]) =>
  sql<boolean>`((n.recipient_kind = 'person' and n.recipient_id = ${personId}) or (n.recipient_kind = 'organisation' and n.recipient_id = any(${[...organisationIds]}::uuid[])))`;

export async function list(
  db: Db,
  personId: string,
  organisationIds: readonly string[],
  options: { unread: boolean; limit: number; after: { at: Date; id: string } | null },
) {
  let q = db
    .selectFrom('notifications.notification as n')
    .leftJoin('notifications.receipt as r', (j) => j.onRef('r.notification_id', '=', 'n.id').on('r.person_id', '=', personId))
    .select([
      'n.id',
      'n.recipient_kind',
      'n.recipient_id',
      'n.kind',
      'n.title',
      'n.body',
      'n.subject_type',
      'n.subject_id',
      'n.subject_code',
      'n.created_at',
      'r.read_at',
    ])
    .where(mine(personId, organisationIds));
  if (options.unread) q = q.where('r.read_at', 'is', null);
  if (options.after) {
    const { at, id } = options.after;
    q = q.where((eb) => eb.or([eb('n.created_at', '<', at), eb.and([eb('n.created_at', '=', at), eb('n.id', '<', id)])]));
  }
  return q.orderBy('n.created_at', 'desc').orderBy('n.id', 'desc').limit(options.limit).execute();
}

export async function unreadCount(db: Db, personId: string, organisationIds: readonly string[]): Promise<number> {
  const row = await db
    .selectFrom('notifications.notification as n')
    .leftJoin('notifications.receipt as r', (j) => j.onRef('r.notification_id', '=', 'n.id').on('r.person_id', '=', personId))
    .select(db.fn.countAll<string>().as('n'))
    .where(mine(personId, organisationIds))
    .where('r.read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function isMine(db: Db, id: string, personId: string, organisationIds: readonly string[]): Promise<boolean> {
  const row = await db
    .selectFrom('notifications.notification as n')
    .select('n.id')
    .where('n.id', '=', id)
    .where(mine(personId, organisationIds))
    .executeTakeFirst();
  return row !== undefined;
}

export async function markRead(db: Db, ids: readonly string[], personId: string, at: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .insertInto('notifications.receipt')
    .values(ids.map((id) => ({ notification_id: id, person_id: personId, read_at: at })))
    .onConflict((oc) => oc.columns(['notification_id', 'person_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

export async function unreadIds(db: Db, personId: string, organisationIds: readonly string[]): Promise<string[]> {
  const rows = await db
    .selectFrom('notifications.notification as n')
    .leftJoin('notifications.receipt as r', (j) => j.onRef('r.notification_id', '=', 'n.id').on('r.person_id', '=', personId))
    .select('n.id')
    .where(mine(personId, organisationIds))
    .where('r.read_at', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}

export function queued(db: Db, limit: number) {
  return db
    .selectFrom('notifications.outbox')
    .select(['id', 'channel', 'recipient_kind', 'recipient_id', 'subject', 'body', 'attempts'])
    .where('status', '=', 'queued')
    .orderBy('created_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

export function markSent(db: Db, id: string, adapter: string, at: Date) {
  return db
    .updateTable('notifications.outbox')
    .set((eb) => ({ status: 'sent', sent_at: at, adapter, attempts: eb('attempts', '+', 1), error: null }))
    .where('id', '=', id)
    .execute();
}

export function markFailed(db: Db, id: string, adapter: string, error: string, final: boolean) {
  return db
    .updateTable('notifications.outbox')
    .set((eb) => ({ status: final ? 'failed' : 'queued', adapter, attempts: eb('attempts', '+', 1), error: error.slice(0, 1000) }))
    .where('id', '=', id)
    .execute();
}

/** Every notification about a subject with its deliveries: when it was created, when each message went out. */
export function aboutSubject(db: Db, subjectId: string) {
  return db
    .selectFrom('notifications.notification as n')
    .select([
      'n.id',
      'n.kind',
      'n.recipient_kind',
      'n.recipient_id',
      'n.created_at',
      (eb) =>
        eb
          .selectFrom('notifications.outbox as o')
          .whereRef('o.notification_id', '=', 'n.id')
          .select(
            sql<
              { channel: string; status: string; sentAt: string | null; attempts: number; error: string | null }[]
            >`coalesce(json_agg(json_build_object('channel', o.channel, 'status', o.status, 'sentAt', o.sent_at, 'attempts', o.attempts, 'error', o.error) order by o.channel), '[]')`.as(
              'd',
            ),
          )
          .as('deliveries'),
    ])
    .where('n.subject_id', '=', subjectId)
    .orderBy('n.created_at')
    .execute();
}
