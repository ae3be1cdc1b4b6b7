import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/index.js';

/** E-mail subscriptions to report updates by area and category (double opt-in; the address sealed). */
export const m0004: Migration = {
  id: '0004_subscriptions',
  async up(db) {
    await sql
      .raw(`
      create table reports.subscription (
        id uuid primary key default gen_random_uuid(),
        email_enc text not null,
        email_index text not null,
        area_id uuid,
        service_code text,
        confirm_hash text not null unique,
        unsubscribe_hash text not null unique,
        origin text,
        created_at timestamptz not null,
        confirmed_at timestamptz,
        unsubscribed_at timestamptz
      );
      create unique index subscription_live on reports.subscription (email_index, coalesce(area_id::text, ''), coalesce(service_code, ''))
        where unsubscribed_at is null;
      create index subscription_match on reports.subscription (service_code, area_id)
        where confirmed_at is not null and unsubscribed_at is null;
      -- States a report reaches through its hazard (fixed, or not a hazard when dismissed), once announced.
      create table reports.subscription_announcement (
        report_id uuid not null references reports.report (id),
        state text not null,
        at timestamptz not null,
        primary key (report_id, state, at)
      );
    `)
      .execute(db);
  },
};
