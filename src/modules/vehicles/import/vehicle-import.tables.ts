import type { ColumnType, Generated } from 'kysely';

/** One import of a vehicle register file: its progress while it runs, then its report. */
export interface VehicleImportJobTable {
  id: Generated<string>;
  file_name: string;
  format: 'csv' | 'xlsx';
  status: Generated<'running' | 'succeeded' | 'failed'>;
  total_bytes: number | null;
  bytes_read: Generated<number>;
  rows_read: Generated<number>;
  /** Vehicles created, updated and found unchanged so far (batches commit as they go). */
  created: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  refused: Generated<number>;
  drivers_created: Generated<number>;
  refusals: ColumnType<unknown[], string | undefined, string>;
  error: ColumnType<{ code: string; message: { 'zh-CN': string; en: string } } | null, string | null | undefined, string | null>;
  organisation_id: string | null;
  person_id: string | null;
  started_at: Generated<Date>;
  heartbeat_at: Generated<Date>;
  finished_at: Date | null;
}

export interface VehicleImportTables {
  'vehicles.import_job': VehicleImportJobTable;
}
