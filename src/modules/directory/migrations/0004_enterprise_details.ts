import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/index.js';

export const m0004: Migration = {
  id: '0004_enterprise_details',
  async up(db) {
    await sql`alter table directory.organisation
      add column supervision_class text check (supervision_class in ('A', 'B', 'C', 'D')),
      add column licences jsonb not null default '[]' check (jsonb_typeof(licences) = 'array')`.execute(db);
  },
};
