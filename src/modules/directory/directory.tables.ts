import type { ColumnType, Generated } from 'kysely';

export type AreaLevel = 'city' | 'district' | 'street' | 'community' | 'grid';
export type OrganisationKind = 'regulator' | 'enterprise' | 'provider' | 'mutual_aid_group' | 'rescue_team';
export type Department = 'emergency' | 'transport' | 'fire' | 'market' | 'housing' | 'ecology';
export type Trade = 'hazardous_chemicals' | 'warehouse' | 'workshop' | 'restaurant' | 'construction' | 'transport';
export type EnterpriseSize = 'large' | 'medium' | 'small' | 'micro';

/** GeoJSON geometry (RFC 7946), WGS-84 longitude/latitude. */
export type Geometry =
  | { type: 'Polygon'; coordinates: [number, number][][] }
  | { type: 'MultiPolygon'; coordinates: [number, number][][][] };

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

export interface AreaTable {
  id: Generated<string>;
  parent_id: string | null;
  level: AreaLevel;
  code: string;
  name: string;
  name_en: string | null;
  boundary: ColumnType<Geometry | null, string | null, string | null>;
  created_at: CreatedAt;
}

export interface OrganisationTable {
  id: Generated<string>;
  kind: OrganisationKind;
  name: string;
  name_en: string | null;
  credit_code: string | null;
  department: Department | null;
  area_id: string | null;
  address: string | null;
  lng: number | null;
  lat: number | null;
  industry_code: string | null;
  trade: Trade | null;
  size: EnterpriseSize | null;
  uses_hazardous_chemicals: Generated<boolean>;
  principal_name: ColumnType<string | null, string | null | undefined, string | null>;
  safety_manager_name: ColumnType<string | null, string | null | undefined, string | null>;
  /** Supervision class A (best) to D, set by the regulator; decides inspection frequency. */
  supervision_class: ColumnType<'A' | 'B' | 'C' | 'D' | null, 'A' | 'B' | 'C' | 'D' | null | undefined, 'A' | 'B' | 'C' | 'D' | null>;
  licences: ColumnType<Licence[], string | undefined, string>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ImportJobTable {
  id: Generated<string>;
  /** What the file holds: the enterprise register or people. */
  kind: ColumnType<'enterprise' | 'person', 'enterprise' | 'person' | undefined, never>;
  file_name: string;
  format: 'csv' | 'xlsx';
  status: Generated<'running' | 'succeeded' | 'failed'>;
  total_bytes: number | null;
  bytes_read: Generated<number>;
  rows_read: Generated<number>;
  created: Generated<number>;
  updated: Generated<number>;
  unchanged: Generated<number>;
  refused: Generated<number>;
  refusals: ColumnType<unknown[], string | undefined, string>;
  error: ColumnType<{ code: string; message: { 'zh-CN': string; en: string } } | null, string | null | undefined, string | null>;
  organisation_id: string | null;
  person_id: string | null;
  started_at: Generated<Date>;
  heartbeat_at: Generated<Date>;
  finished_at: Date | null;
}

/** A licence or permit the enterprise holds (e.g. 危险化学品经营许可证). */
export interface Licence {
  kind: string;
  number: string;
  validUntil: string | null;
}

export interface PersonTable {
  id: Generated<string>;
  name: string;
  created_at: CreatedAt;
}

export interface GroupMemberTable {
  group_id: string;
  enterprise_id: string;
  is_lead: Generated<boolean>;
  joined_at: CreatedAt;
}

/** The tables the directory module owns; only its repository queries them. */
export interface DirectoryTables {
  'directory.area': AreaTable;
  'directory.organisation': OrganisationTable;
  'directory.person': PersonTable;
  'directory.group_member': GroupMemberTable;
  'directory.import_job': ImportJobTable;
}
