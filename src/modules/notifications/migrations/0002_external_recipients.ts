import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/index.js';

/**
 * Recipients outside the directory: someone who is neither a person on record nor an organisation (a resident
 * subscribed to report updates). The module that keeps their sealed address resolves it when the mail is sent.
 */
export const m0002: Migration = {
  id: '0002_external_recipients',
  async up(db) {
    await sql`alter table notifications.notification drop constraint notification_recipient_kind_check`.execute(db);
    await sql`
      alter table notifications.notification add constraint notification_recipient_kind_check
        check (recipient_kind in ('person', 'organisation', 'external'))`.execute(db);
  },
};
