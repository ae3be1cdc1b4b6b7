import type { ColumnType, Generated } from 'kysely';
import type { AccidentType, FactorClass, FrequencyUnit, MeasureType, RiskLevel, RiskPointKind } from './risks.reference.js';
import type { Graded, LecScheme, LsScheme, TierMatrix } from './risks.rules.js';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type Json<T> = ColumnType<T, string, string>;

/** GeoJSON Polygon (RFC 7946), WGS-84 [lng, lat]. */
export interface PolygonGeometry {
  type: 'Polygon';
  coordinates: [number, number][][];
}

/** One version of a jurisdiction's assessment scheme; never changed once published. */
export interface SchemeTable {
  id: Generated<string>;
  /** The area it is published for; null for the national default. */
  area_id: string | null;
  version: number;
  lec: Json<LecScheme>;
  ls: Json<LsScheme>;
  tiers: Json<TierMatrix>;
  note: string | null;
  published_by: string | null;
  published_at: CreatedAt;
}

export interface RiskPointTable {
  id: string;
  enterprise_id: string;
  kind: RiskPointKind;
  name: string;
  description: string;
  lng: number | null;
  lat: number | null;
  outline: ColumnType<PolygonGeometry | null, string | null, string | null>;
  /** Of the latest assessment; null until assessed. */
  level: RiskLevel | null;
  assessment_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  retired_at: Date | null;
  retired_reason: string | null;
}

export interface HazardSourceTable {
  risk_point_id: string;
  position: number;
  accident_type: AccidentType;
  factor: FactorClass | null;
  description: string;
}

export interface AssessmentTable {
  id: string;
  risk_point_id: string;
  enterprise_id: string;
  /** The scheme version the grading used. */
  scheme_id: string;
  lec: Json<Graded['lec']>;
  ls: Json<Graded['ls']>;
  direct: Json<Graded['direct']>;
  level: RiskLevel;
  note: string | null;
  assessed_by: string | null;
  entrustment_id: string | null;
  assessed_at: Date;
  seq: Generated<string>;
}

export interface ControlMeasureTable {
  id: string;
  risk_point_id: string;
  enterprise_id: string;
  type: MeasureType;
  description: string;
  owner_person_id: string | null;
  owner_post: string | null;
  every: number;
  unit: FrequencyUnit;
  next_due_at: Date;
  last_checked_at: Date | null;
  last_result: 'passed' | 'failed' | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  retired_at: Date | null;
}

export interface ControlCheckTable {
  id: string;
  measure_id: string;
  risk_point_id: string;
  enterprise_id: string;
  result: 'passed' | 'failed';
  note: string | null;
  checked_at: Date;
  checked_by: string | null;
  /** The hazard a failed check became. */
  hazard_id: string | null;
  hazard_code: string | null;
  seq: Generated<string>;
}

/** The read model behind the risk maps: each enterprise's highest current level and its points by level. */
export interface EnterpriseRiskTable {
  enterprise_id: string;
  level: RiskLevel | null;
  major: number;
  high: number;
  moderate: number;
  low: number;
  unassessed: number;
  updated_at: Date;
}

export interface RisksTables {
  'risks.scheme': SchemeTable;
  'risks.risk_point': RiskPointTable;
  'risks.hazard_source': HazardSourceTable;
  'risks.assessment': AssessmentTable;
  'risks.control_measure': ControlMeasureTable;
  'risks.control_check': ControlCheckTable;
  'risks.enterprise_risk': EnterpriseRiskTable;
}
