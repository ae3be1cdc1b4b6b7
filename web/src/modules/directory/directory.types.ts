/** Shapes of the directory module's API answers. */

import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';

export const trades = ['hazardous_chemicals', 'warehouse', 'workshop', 'restaurant', 'construction', 'transport'] as const;
export type Trade = (typeof trades)[number];

export const areaLevels = ['city', 'district', 'street', 'community', 'grid'] as const;
export type AreaLevel = (typeof areaLevels)[number];

export const organisationKinds = ['regulator', 'enterprise', 'provider', 'mutual_aid_group', 'rescue_team'] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

export const enterpriseSizes = ['large', 'medium', 'small', 'micro'] as const;

/** Counts of the caller's jurisdiction; a level or kind with none may be missing. */
export interface DirectorySummary {
  areas: Partial<Record<AreaLevel, number>>;
  enterprises: { total: number; byTrade: Partial<Record<Trade, number>> };
  organisations: Partial<Record<Exclude<OrganisationKind, 'enterprise'>, number>>;
}

export interface Enterprise {
  id: string;
  name: string;
  nameEn: string | null;
  /** Unified social credit code (GB 32100), 18 characters; null while not yet recorded. */
  creditCode: string | null;
  trade: string | null;
  size: string | null;
  areaId: string | null;
  areaName: string | null;
  address: string | null;
  lng: number | null;
  lat: number | null;
  usesHazardousChemicals: boolean;
  /** What the caller may do with it; actions are shown from these only. */
  abilities: { edit: boolean };
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface EnterpriseQuery {
  q?: string;
  trade?: string;
  areaId?: string;
  limit: number;
  offset: number;
}

export interface Organisation {
  id: string;
  kind: string;
  name: string;
  nameEn: string | null;
  creditCode: string | null;
  address: string | null;
  areaId: string | null;
  areaName: string | null;
  trade: string | null;
  size: string | null;
  usesHazardousChemicals: boolean | null;
  lng: number | null;
  lat: number | null;
}

/** One organisation's register record, as GET /organisations/:id gives it. */
export interface OrganisationRecord extends Organisation {
  industryCode: string | null;
  supervisionClass: 'A' | 'B' | 'C' | 'D' | null;
  licences: { kind: string; number: string; validUntil: string | null }[];
  principalName: string | null;
  safetyManagerName: string | null;
  abilities: { readHistory: boolean; edit: boolean };
}

/** An enterprise's whole register record, as the registration and the edit answer it. */
export interface EnterpriseDetail extends Enterprise {
  industryCode: string | null;
  supervisionClass: SupervisionClass | null;
  licences: { kind: string; number: string; validUntil: string | null }[];
  principalName: string | null;
  safetyManagerName: string | null;
}

/** `PATCH /api/v1/enterprises/:id`: the fields to change; left out stays, null clears. The credit code cannot change. */
export interface EditEnterpriseRequest {
  name?: string;
  nameEn?: string | null;
  address?: string | null;
  lng?: number | null;
  lat?: number | null;
  industryCode?: string | null;
  trade?: Trade | null;
  size?: (typeof enterpriseSizes)[number] | null;
  usesHazardousChemicals?: boolean;
  supervisionClass?: SupervisionClass | null;
  licences?: { kind: string; number: string; validUntil?: string | null }[];
  principalName?: string | null;
  safetyManagerName?: string | null;
}

/** One node of the jurisdiction tree with the enterprises registered in it and below it. */
export interface AreaTreeItem {
  id: string;
  parentId: string | null;
  level: AreaLevel;
  code: string;
  name: string;
  nameEn: string | null;
  enterprises: number;
  hasBoundary: boolean;
}

export interface AreaProperties {
  id: string;
  parentId: string | null;
  level: AreaLevel;
  code: string;
  name: string;
  nameEn: string | null;
}

export type AreaGeometry = Polygon | MultiPolygon;
/** One area; `geometry` is WGS-84, or null for an area whose boundary is not yet drawn. */
export type AreaFeature = Feature<AreaGeometry | null, AreaProperties>;
export type AreaFeatureCollection = FeatureCollection<AreaGeometry | null, AreaProperties>;

export interface PublicConfig {
  version: string;
  map: { tileUrl: string | null; attribution: string | null; crs: 'WGS84' | 'GCJ02' };
}

/** Supervision classes (分级分类监管), A the closest watched. */
export const supervisionClasses = ['A', 'B', 'C', 'D'] as const;
export type SupervisionClass = (typeof supervisionClasses)[number];

/** `POST /api/v1/enterprises`: one enterprise registered by hand. */
export interface CreateEnterpriseRequest {
  creditCode: string;
  name: string;
  nameEn?: string;
  address?: string;
  lng?: number;
  lat?: number;
  industryCode?: string;
  trade?: Trade;
  size?: (typeof enterpriseSizes)[number];
  usesHazardousChemicals?: boolean;
  supervisionClass?: SupervisionClass;
  licences?: { kind: string; number: string; validUntil?: string }[];
  principalName?: string;
  safetyManagerName?: string;
}

/** A text in both interface languages, as the server phrases its reports. */
export interface BilingualText {
  'zh-CN': string;
  en: string;
}

/** One row of a register file that was not imported, and why. */
export interface ImportRefusal {
  /** Row number as the spreadsheet shows it (header = 1). */
  line: number;
  /** The column's header as written in the file; null for the whole row. */
  column: string | null;
  value: string | null;
  /** Machine-readable, e.g. `credit_code.check_character`. */
  reason: string;
  message: BilingualText;
}

export const importStatuses = ['running', 'succeeded', 'failed'] as const;
export type ImportStatus = (typeof importStatuses)[number];

/** An import of a file (the enterprise register, or people), its progress and, once done, its report. */
export interface ImportJob {
  id: string;
  /** What the file holds. */
  kind?: 'enterprise' | 'person';
  fileName: string;
  format: 'csv' | 'xlsx';
  status: ImportStatus;
  totalBytes: number | null;
  bytesRead: number;
  /** Share of the file read so far, 0..1. */
  progress: number;
  rowsRead: number;
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  /** The first 1,000 refused rows; all of them in the CSV at `…/refusals.csv`. */
  refusals: ImportRefusal[];
  /** Why the whole file was refused; then nothing was imported. */
  error: { code: string; message: BilingualText } | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface MutualAidGroup {
  id: string;
  name: string;
  nameEn: string | null;
  areaId: string | null;
  members: number;
  leadName: string | null;
  /** What the caller may do with the group; actions are shown from these only. */
  abilities: { manageMembers: boolean; setLead: boolean };
}

/** An enterprise of the group's area that may join it. */
export interface GroupCandidate {
  id: string;
  name: string;
  nameEn: string | null;
  creditCode: string | null;
  trade: string | null;
}

export interface GroupMember {
  id: string;
  name: string;
  creditCode: string | null;
  trade: string | null;
  isLead: boolean;
}

/** A person as lists show them: ID and phone numbers masked. */
export interface Person {
  id: string;
  name: string;
  /** Masked, e.g. 110101********1234; null when none is recorded. */
  idNumber: string | null;
  /** Masked, e.g. 138****5678. */
  phone: string | null;
  /** Masked, e.g. z***@example.com. */
  email: string | null;
  abilities: { revealPersonalData: boolean; update: boolean };
}

/** A person's whole ID and phone numbers; the server has recorded this view in the audit trail. */
export interface RevealedPerson {
  id: string;
  name: string;
  idNumber: string | null;
  phone: string | null;
  email: string | null;
}

export interface PersonQuery {
  q?: string;
  limit: number;
  offset: number;
}

export interface CreatePersonRequest {
  name: string;
  idNumber?: string | null;
  phone?: string | null;
  email?: string | null;
}
