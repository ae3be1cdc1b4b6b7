import type { ColumnType, Generated } from 'kysely';
import type { RecordedStatus, Service } from './entrustment.rules.js';

export interface EntrustmentTable {
  id: Generated<string>;
  code: string;
  title: string;
  /** The regulator organisation that commissioned the work. */
  regulator_id: string;
  provider_id: string;
  services: Service[];
  target_kind: 'enterprises' | 'area';
  area_id: string | null;
  valid_from: Date;
  valid_until: Date;
  /** Yuan, numeric(14,2), read as a decimal string. */
  contract_value: ColumnType<string, string, string>;
  deliverables: ColumnType<string[], string, string>;
  status: RecordedStatus;
  status_reason: string | null;
  status_changed_at: Date | null;
  created_by: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface TargetTable {
  entrustment_id: string;
  enterprise_id: string;
}

export interface EntrustmentTables {
  'entrustment.entrustment': EntrustmentTable;
  'entrustment.target': TargetTable;
}
