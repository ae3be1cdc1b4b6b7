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
