/** Shapes of the risks module's API answers and requests (see /work/notes/risks-api.md). */

export const riskLevels = ['major', 'high', 'moderate', 'low'] as const;
export type RiskLevel = (typeof riskLevels)[number];

export const measureTypes = ['engineering', 'management', 'training', 'protective_equipment', 'emergency'] as const;
export type MeasureType = (typeof measureTypes)[number];

export const tiers = ['company', 'department', 'team', 'post'] as const;
export type Tier = (typeof tiers)[number];

export const frequencyUnits = ['day', 'week', 'month', 'year'] as const;
export type FrequencyUnit = (typeof frequencyUnits)[number];

export const factorClasses = ['human', 'object', 'environment', 'management'] as const;
export type FactorClass = (typeof factorClasses)[number];

export type PointKind = 'place' | 'activity';

/** The four colours, as the map and tags draw them. */
export const levelColours: Record<RiskLevel, string> = { major: '#d4380d', high: '#fa8c16', moderate: '#fadb14', low: '#1677ff' };
/** Enterprises or points not yet assessed. */
export const unassessedColour = '#9ca3af';

export interface Bilingual {
  'zh-CN': string;
  en: string;
}

export interface Reference {
  accidentTypes: { code: string; number: number; name: Bilingual }[];
  factorClasses: { code: FactorClass; name: Bilingual }[];
  levels: { code: RiskLevel; colour: string; hex: string; name: Bilingual }[];
  measureTypes: { code: MeasureType; name: Bilingual }[];
  tiers: { code: Tier; name: Bilingual }[];
}

export interface LngLat {
  lng: number;
  lat: number;
}

export interface Polygon {
  type: 'Polygon';
  coordinates: [number, number][][];
}

export interface HazardSource {
  accidentType: string;
  factor: FactorClass | null;
  description: string;
}

export interface LecResult {
  l: number;
  e: number;
  c: number;
  d: number;
  level: RiskLevel;
  grade: string;
}

export interface LsResult {
  l: number;
  s: number;
  r: number;
  level: RiskLevel;
  grade: string;
}

export type Method = 'lec' | 'ls' | 'direct';

export interface Graded {
  lec: LecResult | null;
  ls: LsResult | null;
  direct: { level: RiskLevel; basis: string } | null;
  level: RiskLevel;
  decidedBy: Method[];
}

export interface Assessment extends Graded {
  id: string;
  scheme: { id: string; version: number; areaId: string | null };
  note: string | null;
  assessedAt: string;
  assessedBy: { id: string; name: string } | null;
}

export type Owner = { kind: 'person'; personId: string; name: string } | { kind: 'post'; post: string };

export interface Frequency {
  every: number;
  unit: FrequencyUnit;
}

export interface Measure {
  id: string;
  riskPointId: string;
  type: MeasureType;
  description: string;
  owner: Owner;
  frequency: Frequency;
  nextDueAt: string;
  due: 'overdue' | 'due' | 'scheduled';
  lastCheckedAt: string | null;
  lastResult: 'passed' | 'failed' | null;
}

export interface RiskPoint {
  id: string;
  enterpriseId: string;
  kind: PointKind;
  name: string;
  description: string;
  location: LngLat | null;
  outline: Polygon | null;
  level: RiskLevel | null;
  hazardSources: HazardSource[];
  assessment: Assessment | null;
  controlTiers: { owns: Tier[]; implements: Tier[]; supervises: Tier[] } | null;
  measures: Measure[];
  createdAt: string;
  updatedAt: string;
  retiredAt: string | null;
}

export interface Abilities {
  edit: boolean;
  recordCheck: boolean;
}

export interface EnterpriseRef {
  id: string;
  name: string;
  nameEn: string | null;
  areaId: string | null;
  areaName: string | null;
  address: string | null;
  lng: number | null;
  lat: number | null;
}

export interface SchemeRef {
  id: string;
  version: number;
  areaId: string | null;
  areaName: string | null;
}

export interface Register {
  enterprise: EnterpriseRef;
  level: RiskLevel | null;
  counts: Record<RiskLevel | 'unassessed', number>;
  scheme: SchemeRef;
  riskPoints: RiskPoint[];
  abilities: Abilities;
}

export interface Check {
  id: string;
  measureId: string;
  result: 'passed' | 'failed';
  note: string | null;
  checkedAt: string;
  checkedBy: { id: string; name: string } | null;
  hazard: { id: string; code: string } | null;
}

export interface PointDetail extends RiskPoint {
  enterprise: EnterpriseRef;
  scheme: SchemeRef;
  assessments: Assessment[];
  checks: Check[];
  abilities: Abilities;
}

export interface TableValue {
  value: number;
  meaning: Bilingual;
}

export interface Band {
  interval: { lower: number | null; lowerInclusive: boolean; upper: number | null; upperInclusive: boolean };
  level: RiskLevel;
  grade: string;
  meaning: Bilingual;
}

export interface Scheme {
  id: string;
  areaId: string | null;
  areaName: string | null;
  version: number;
  note: string | null;
  publishedAt: string;
  publishedBy: { id: string; name: string } | null;
  lec: { likelihood: TableValue[]; exposure: TableValue[]; consequence: TableValue[]; bands: Band[] };
  ls: { likelihood: TableValue[]; severity: TableValue[]; bands: Band[]; matrix: RiskLevel[][] };
  tiers: Record<RiskLevel, Record<Tier, 'owns' | 'implements' | 'supervises' | 'none'>>;
}

/** A new scheme version for an area (the matrix is drawn from the LS bands when left out). */
export interface PublishScheme {
  areaId: string;
  note?: string;
  lec: Scheme['lec'];
  ls: Omit<Scheme['ls'], 'matrix'> & { matrix?: Scheme['ls']['matrix'] };
  tiers: Scheme['tiers'];
}

export interface SchemeList {
  area: { id: string; name: string } | null;
  effective: Scheme;
  items: Scheme[];
  abilities: { publish: boolean };
}

export interface DueItem {
  measure: Measure;
  riskPoint: { id: string; name: string; level: RiskLevel | null };
  enterprise: { id: string; name: string };
}

export interface MapItem {
  id: string;
  name: string;
  lng: number;
  lat: number;
  level: RiskLevel | null;
  counts: Record<RiskLevel, number>;
}

export interface AreaCounts {
  enterprises: Record<RiskLevel | 'none' | 'total', number>;
  riskPoints: Record<RiskLevel | 'unassessed' | 'total', number>;
}

export interface Overview extends AreaCounts {
  area: { id: string; name: string } | null;
  checks: { overdue: number; dueWithin7Days: number };
  byArea: (AreaCounts & { areaId: string; name: string; nameEn: string | null; level: string })[];
}

export interface PointRequest {
  kind: PointKind;
  name: string;
  description?: string;
  location?: LngLat | null;
  outline?: Polygon | null;
  hazardSources?: { accidentType: string; factor?: FactorClass | null; description: string }[];
}

export interface AssessRequest {
  lec?: { l: number; e: number; c: number };
  ls?: { l: number; s: number };
  direct?: { level: RiskLevel; basis: string };
  note?: string;
}

export interface MeasureRequest {
  type: MeasureType;
  description: string;
  owner: { kind: 'person'; personId: string } | { kind: 'post'; post: string };
  frequency: Frequency;
}

export interface CheckRequest {
  result: 'passed' | 'failed';
  note?: string;
  major?: boolean;
}
