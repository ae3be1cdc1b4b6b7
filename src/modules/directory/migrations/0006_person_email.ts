import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/index.js';

/** A person's e-mail address, sealed like the phone number, for notices by e-mail. */
export const m0006: Migration = {
  id: '0006_person_email',
  async up(db) {
    await sql`alter table directory.person add column email_enc text`.execute(db);
  },
};
