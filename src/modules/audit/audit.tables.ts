import type { ColumnType } from 'kysely';
import type { AuditActor, JsonValue } from './audit.rules.js';

type Json<T> = ColumnType<T, string, never>;

export interface EntryTable {
  seq: ColumnType<number, number, never>;
  at: ColumnType<Date, Date, never>;
  actor: Json<AuditActor>;
  action: ColumnType<string, string, never>;
  target_type: ColumnType<string, string, never>;
  target_id: ColumnType<string, string, never>;
  before: Json<JsonValue>;
  after: Json<JsonValue>;
  request_id: ColumnType<string | null, string | null, never>;
  address: ColumnType<string | null, string | null, never>;
  prev_hash: ColumnType<string, string, never>;
  hash: ColumnType<string, string, never>;
}

/** Append-only: the types forbid updates, and the database refuses them. */
export interface AuditTables {
  'audit.entry': EntryTable;
}
