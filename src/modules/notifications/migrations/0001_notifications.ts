import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/index.js';

export const m0001: Migration = {
  id: '0001_notifications',
  async up(db) {
    await sql`create schema notifications`.execute(db);
    await sql`
      create table notifications.notification (
        id uuid primary key default gen_random_uuid(),
        recipient_kind text not null check (recipient_kind in ('person', 'organisation')),
        recipient_id uuid not null,
        kind text not null,
        title jsonb not null,
        body jsonb not null,
        subject_type text,
        subject_id uuid,
        subject_code text,
        created_at timestamptz not null
      )`.execute(db);
    await sql`create index notification_recipient on notifications.notification (recipient_id, created_at desc, id desc)`.execute(db);
    await sql`create index notification_subject on notifications.notification (subject_id) where subject_id is not null`.execute(db);
    await sql`
      create table notifications.receipt (
        notification_id uuid not null references notifications.notification (id),
        person_id uuid not null,
        read_at timestamptz not null,
        primary key (notification_id, person_id)
      )`.execute(db);
    await sql`
      create table notifications.outbox (
        id uuid primary key default gen_random_uuid(),
        notification_id uuid not null references notifications.notification (id),
        channel text not null check (channel in ('email', 'sms')),
        recipient_kind text not null,
        recipient_id uuid not null,
        subject text not null,
        body text not null,
        status text not null default 'queued' check (status in ('queued', 'sent', 'failed')),
        attempts integer not null default 0,
        adapter text,
        error text,
        created_at timestamptz not null,
        sent_at timestamptz
      )`.execute(db);
    await sql`create index outbox_queued on notifications.outbox (created_at) where status = 'queued'`.execute(db);
    await sql`create index outbox_notification on notifications.outbox (notification_id)`.execute(db);
  },
};
