import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/index.js';

/** What an import job imports: the enterprise register or people; each kind is read through its own routes. */
export const m0005: Migration = {
  id: '0005_import_kind',
  async up(db) {
    await sql`alter table directory.import_job
      add column kind text not null default 'enterprise' check (kind in ('enterprise', 'person'))`.execute(db);
  },
};
