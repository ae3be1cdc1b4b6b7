/** Shapes of the vehicles API, the live feed and the ranking (see /work/notes/alarms-contract.md). */

export const vehicleClasses = ['coach', 'tourist_coach', 'hazardous_goods', 'earthwork', 'concrete_mixer', 'heavy_freight'] as const;
export type VehicleClass = (typeof vehicleClasses)[number];

export interface PositionView {
  time: string;
  receivedAt: string;
  lat: number;
  lng: number;
  altitudeM: number;
  speedKmh: number;
  direction: number;
  alarm: number;
  status: number;
  mileageKm: number | null;
}

export interface VehicleView {
  id: string;
  plateNumber: string;
  plateColour: string;
  class: VehicleClass;
  enterprise: { id: string; name: string };
  terminalNumber: string;
  sim: string | null;
  createdAt: string;
  terminal: { edition: '2013' | '2019'; registeredAt: string; authenticatedAt: string | null } | null;
  latest: PositionView | null;
  /** 接驳运输: exempt from the 02:00–05:00 stop (long-distance coaches only). */
  relayExempt: boolean;
  /** The approved route, a corridor geofence. */
  route: { id: string; name: string } | null;
  drivers: { id: string; name: string; qualificationCode: string }[];
  /** Whose IC card is in the terminal now (0x0702). */
  currentDriver: { name: string | null; qualificationCode: string | null; since: string } | null;
  updatedAt: string;
  abilities: { readTrack: boolean; update: boolean };
}

/** A change of a vehicle's rule profile: only the fields sent change. */
export interface VehicleChange {
  relayExempt?: boolean;
  routeZoneId?: string | null;
  driverIds?: string[];
  sim?: string | null;
}

export interface DriverView {
  id: string;
  enterprise: { id: string; name: string };
  name: string;
  /** 从业资格证号, as on the driver's IC card. */
  qualificationCode: string;
  active: boolean;
  vehicles: { id: string; plateNumber: string }[];
  createdAt: string;
  abilities: { update: boolean };
}

export interface DriverPage {
  items: DriverView[];
  total: number;
  abilities: { create: boolean };
}

export interface VehiclePage {
  items: VehicleView[];
  total: number;
  abilities: { create: boolean };
}

export interface TrackView {
  vehicleId: string;
  from: string;
  to: string;
  positions: (PositionView & { backfill: boolean })[];
  truncated: boolean;
}

/** A vehicle on the live map (WGS-84). */
export interface LiveVehicle {
  id: string;
  plate: string;
  class: VehicleClass;
  lat: number;
  lng: number;
  speedKmh: number;
  direction: number;
  time: string;
  alarm: boolean;
}

export interface LiveCluster {
  lat: number;
  lng: number;
  count: number;
}

export interface RankingItem {
  enterpriseId: string;
  enterpriseName: string;
  vehicles: number;
  onlineRate: number | null;
  trackCompleteness: number | null;
  dataValidity: number | null;
  driftRate: number | null;
  alarmsPer100: number;
  handlingRate: number | null;
  timelyRate: number | null;
  overspeedPerVehicle: number;
  fatigueMinutesPerVehicle: number;
  nightBanViolations: number;
}

export interface RankingView {
  from: string;
  to: string;
  items: RankingItem[];
}
