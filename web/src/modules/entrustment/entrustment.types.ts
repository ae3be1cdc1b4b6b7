/** Shapes of the entrustment module's API answers and requests. */

/** The services a regulator can entrust to a provider (委托服务). */
export const services = ['risk_examination', 'hazard_investigation', 'vehicle_monitoring', 'training', 'safety_consulting'] as const;
export type Service = (typeof services)[number];

/** Where an entrustment stands now; computed by the server from its validity and its suspensions. */
export const effectiveStatuses = ['in_force', 'upcoming', 'suspended', 'ended', 'expired'] as const;
export type EffectiveStatus = (typeof effectiveStatuses)[number];

export interface NamedRef {
  id: string;
  name: string;
}

export type EntrustmentTarget =
  | { kind: 'enterprises'; enterpriseCount: number }
  | { kind: 'area'; areaId: string; areaName: string; enterpriseCount: number };

export interface Entrustment {
  id: string;
  /** Verification code (核验码), 10 characters, for the public `/verify/<code>` page. */
  code: string;
  title: string;
  regulator: NamedRef;
  provider: NamedRef;
  /** Service codes; one this build does not know is shown as it is. */
  services: string[];
  target: EntrustmentTarget;
  /** ISO 8601 instants. */
  validFrom: string;
  validUntil: string;
  /** Decimal yuan, e.g. "128000.00". */
  contractValue: string;
  deliverables: string[];
  status: EffectiveStatus;
  statusReason: string | null;
  createdAt: string;
  /** What the caller may do with it now: the server decides, the screen only shows. */
  abilities: { suspend: boolean; resume: boolean; end: boolean };
}

export interface CoveredEnterprise {
  id: string;
  name: string;
  creditCode: string | null;
  areaName: string | null;
}

export interface EntrustmentDetail extends Entrustment {
  enterprises: CoveredEnterprise[];
}

export interface EntrustmentQuery {
  status?: EffectiveStatus;
  providerId?: string;
  limit: number;
  offset: number;
}

export type TargetRequest = { kind: 'enterprises'; enterpriseIds: string[] } | { kind: 'area'; areaId: string };

export interface CreateEntrustmentRequest {
  title: string;
  providerId: string;
  services: Service[];
  target: TargetRequest;
  validFrom: string;
  validUntil: string;
  contractValue: string;
  deliverables: string[];
}

export type Transition = 'suspend' | 'resume' | 'end';
export const transitions = ['suspend', 'resume', 'end'] as const satisfies readonly Transition[];

export interface Provider {
  id: string;
  name: string;
  nameEn: string | null;
}

/** What anyone may see of an entrustment by its code, without signing in. */
export interface VerifiedEntrustment {
  code: string;
  title: string;
  regulator: { name: string };
  provider: { name: string };
  services: string[];
  validFrom: string;
  validUntil: string;
  status: EffectiveStatus;
  enterpriseCount: number;
  contractValue: string;
  /** Present when a credit code was asked about: whether that enterprise is covered. */
  covers?: boolean;
}
