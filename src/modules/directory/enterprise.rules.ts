import { type LocatableArea, locate } from './directory.rules.js';
import type { EnterpriseSize, Licence, Trade } from './directory.tables.js';

/**
 * The pure core of changing an enterprise's register record after registration: which fields change, whether the
 * change is acceptable, and in which area the enterprise then lies. No I/O here.
 */

export type SupervisionClass = 'A' | 'B' | 'C' | 'D';

/** The register fields of an enterprise that may be changed (the credit code is its identity and may not). */
export interface EnterpriseRegister {
  name: string;
  nameEn: string | null;
  address: string | null;
  lng: number | null;
  lat: number | null;
  /** The area (a grid where there is one) the enterprise lies in; found from the location when there is one. */
  areaId: string | null;
  industryCode: string | null;
  trade: Trade | null;
  size: EnterpriseSize | null;
  usesHazardousChemicals: boolean;
  supervisionClass: SupervisionClass | null;
  licences: Licence[];
  principalName: string | null;
  safetyManagerName: string | null;
}

export type RegisterField = keyof EnterpriseRegister;

/** What a caller asks to change: a field left out stays as it is; null clears it. */
export type EnterprisePatch = {
  [K in Exclude<RegisterField, 'name' | 'usesHazardousChemicals' | 'licences' | 'areaId'>]?: EnterpriseRegister[K] | undefined;
} & {
  name?: string | undefined;
  usesHazardousChemicals?: boolean | undefined;
  licences?: { kind: string; number: string; validUntil?: string | null | undefined }[] | undefined;
  /** An area set by hand: only for an enterprise without a location. */
  areaId?: string | undefined;
};

export const REGISTER_FIELDS: readonly RegisterField[] = [
  'name',
  'nameEn',
  'address',
  'lng',
  'lat',
  'areaId',
  'industryCode',
  'trade',
  'size',
  'usesHazardousChemicals',
  'supervisionClass',
  'licences',
  'principalName',
  'safetyManagerName',
];

export interface FieldProblem {
  field: string;
  detail: string;
}

/** A GB/T 4754 class code as stored: the four digits, without the section letter (C2614 → 2614). */
export const storedIndustryCode = (code: string | null) => (code === null ? null : code.replace(/^[A-T]/, ''));

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export type EditOutcome =
  | { ok: true; next: EnterpriseRegister; changed: RegisterField[]; relocated: boolean }
  | { ok: false; problems: FieldProblem[] };

/**
 * The record after the patch, with the fields that change. The location is given as both longitude and latitude or
 * neither; a new location re-places the enterprise in the deepest area holding it; an area set by hand is only for an
 * enterprise without a location. `mayHold` says whether the caller governs an area (the new one must be theirs).
 */
export function applyEnterprisePatch(
  current: EnterpriseRegister,
  patch: EnterprisePatch,
  areas: readonly LocatableArea[],
  mayHold: (areaId: string) => boolean,
): EditOutcome {
  const problems: FieldProblem[] = [];
  if ((patch.lng === undefined) !== (patch.lat === undefined) || (patch.lng === null) !== (patch.lat === null)) {
    problems.push({
      field: patch.lng === undefined || patch.lng === null ? 'lng' : 'lat',
      detail: 'give both longitude and latitude, or neither',
    });
    return { ok: false, problems };
  }
  const next: EnterpriseRegister = {
    ...current,
    ...Object.fromEntries(
      Object.entries(patch).filter(([key, value]) => value !== undefined && key !== 'licences' && key !== 'industryCode'),
    ),
  };
  if (patch.industryCode !== undefined) next.industryCode = storedIndustryCode(patch.industryCode);
  if (patch.licences !== undefined)
    next.licences = patch.licences.map((l) => ({ kind: l.kind, number: l.number, validUntil: l.validUntil ?? null }));

  const located = next.lng !== null && next.lat !== null;
  const moved = patch.lng !== undefined && (patch.lng !== current.lng || patch.lat !== current.lat);
  if (patch.areaId !== undefined && located) {
    problems.push({ field: 'areaId', detail: 'is found from the location; clear the location to set the area by hand' });
  } else if (patch.areaId !== undefined && !areas.some((a) => a.id === patch.areaId)) {
    problems.push({ field: 'areaId', detail: 'no such area' });
  } else if (moved && located) {
    const found = locate({ lng: next.lng as number, lat: next.lat as number }, areas);
    if (!found) problems.push({ field: 'lng', detail: 'the location lies outside every area of the jurisdiction' });
    else next.areaId = found;
  }
  if (problems.length === 0 && next.areaId !== current.areaId && (next.areaId === null || !mayHold(next.areaId))) {
    problems.push({ field: patch.areaId !== undefined ? 'areaId' : 'lng', detail: 'lies outside the area you govern' });
  }
  if (problems.length > 0) return { ok: false, problems };
  const changed = REGISTER_FIELDS.filter((field) => !sameValue(current[field], next[field]));
  return { ok: true, next, changed, relocated: changed.includes('areaId') };
}

/** The changed fields only, before and after, for the audit trail. */
export function changedFields(
  before: EnterpriseRegister,
  after: EnterpriseRegister,
  fields: readonly RegisterField[],
): { before: Partial<EnterpriseRegister>; after: Partial<EnterpriseRegister> } {
  return {
    before: Object.fromEntries(fields.map((f) => [f, before[f]])) as Partial<EnterpriseRegister>,
    after: Object.fromEntries(fields.map((f) => [f, after[f]])) as Partial<EnterpriseRegister>,
  };
}
