import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/index.js';

export const m0001: Migration = {
  id: '0001_audit',
  async up(db) {
    await sql`create schema audit`.execute(db);
    await sql`
      create table audit.entry (
        seq bigint primary key check (seq > 0),
        at timestamptz not null,
        actor jsonb not null,
        action text not null check (action ~ '^[a-z_]+(\\.[a-z_]+)+$'),
        target_type text not null,
        target_id text not null,
        before jsonb,
        after jsonb,
        request_id text,
        address text,
        prev_hash text not null check (prev_hash ~ '^[0-9a-f]{64}$'),
        hash text not null unique check (hash ~ '^[0-9a-f]{64}$')
      )`.execute(db);
    await sql`create index entry_target on audit.entry (target_type, target_id, seq)`.execute(db);
    await sql`create index entry_actor_person on audit.entry ((actor ->> 'personId'), seq)`.execute(db);
    await sql`
      create function audit.refuse_change() returns trigger language plpgsql as $$
      begin
        raise exception 'audit entries are append-only: % refused', tg_op using errcode = '42501';
      end
      $$`.execute(db);
    await sql`create trigger entry_no_update_delete before update or delete on audit.entry for each row execute function audit.refuse_change()`.execute(
      db,
    );
    await sql`create trigger entry_no_truncate before truncate on audit.entry for each statement execute function audit.refuse_change()`.execute(
      db,
    );
  },
};
