/**
 * The enterprise form's values and the requests made from them: registering (only the fields filled in) and
 * editing (every field, blanks as null), and the values of an existing record. No React here.
 */
import dayjs, { type Dayjs } from 'dayjs';
import {
  type CreateEnterpriseRequest,
  type EditEnterpriseRequest,
  enterpriseSizes,
  type OrganisationRecord,
  type SupervisionClass,
  type Trade,
  trades,
} from './directory.types';

/** The characters of a unified social credit code (GB 32100): digits and 21 letters, no I, O, S, V, Z. */
export const CREDIT_CODE = /^[0-9ABCDEFGHJKLMNPQRTUWXY]{18}$/;
export const normaliseCreditCode = (value: string) => value.replace(/[\s\u3000]+/g, '').toUpperCase();

export interface LicenceValues {
  kind: string;
  number: string;
  validUntil?: Dayjs | null;
}

export interface EnterpriseValues {
  creditCode: string;
  name: string;
  nameEn?: string;
  address?: string;
  lng?: number | null;
  lat?: number | null;
  industryCode?: string;
  trade?: Trade;
  size?: (typeof enterpriseSizes)[number];
  usesHazardousChemicals: boolean;
  supervisionClass?: SupervisionClass;
  licences: LicenceValues[];
  principalName?: string;
  safetyManagerName?: string;
}

export type FieldName = keyof EnterpriseValues | ['licences', number, keyof LicenceValues] | ['licences', number];

const plainFields = new Set<string>([
  'creditCode',
  'name',
  'nameEn',
  'address',
  'lng',
  'lat',
  'industryCode',
  'trade',
  'size',
  'usesHazardousChemicals',
  'supervisionClass',
  'principalName',
  'safetyManagerName',
  'licences',
]);

/** Where a server-side field error belongs on this form; null when no field matches. */
export function formFieldOf(field: string): FieldName | null {
  const [head, index, leaf] = field.split('.');
  if (head === 'licences' && index !== undefined && /^\d+$/.test(index)) {
    if (leaf === 'kind' || leaf === 'number' || leaf === 'validUntil') return ['licences', Number(index), leaf];
    return ['licences', Number(index)];
  }
  if (head === 'areaId') return 'lng';
  return head !== undefined && plainFields.has(head) ? (head as keyof EnterpriseValues) : null;
}

const text = (value: string | undefined) => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

/** The request from the form: blank fields left out, the credit code as the register writes it. */
export function toRequest(values: EnterpriseValues): CreateEnterpriseRequest {
  const body: CreateEnterpriseRequest = {
    creditCode: normaliseCreditCode(values.creditCode),
    name: values.name.trim(),
    usesHazardousChemicals: values.usesHazardousChemicals,
  };
  const optional = {
    nameEn: text(values.nameEn),
    address: text(values.address),
    industryCode: text(values.industryCode)?.toUpperCase(),
    principalName: text(values.principalName),
    safetyManagerName: text(values.safetyManagerName),
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) Object.assign(body, { [key]: value });
  if (typeof values.lng === 'number' && typeof values.lat === 'number') Object.assign(body, { lng: values.lng, lat: values.lat });
  if (values.trade) body.trade = values.trade;
  if (values.size) body.size = values.size;
  if (values.supervisionClass) body.supervisionClass = values.supervisionClass;
  const licences = (values.licences ?? []).map((l) => ({
    kind: l.kind.trim(),
    number: l.number.trim(),
    ...(l.validUntil ? { validUntil: l.validUntil.format('YYYY-MM-DD') } : {}),
  }));
  if (licences.length > 0) body.licences = licences;
  return body;
}

/** The whole record as the edit sends it: every field, blanks as null (the server changes only what differs). */
export function toEditRequest(values: EnterpriseValues): EditEnterpriseRequest {
  const located = typeof values.lng === 'number' && typeof values.lat === 'number';
  return {
    name: values.name.trim(),
    nameEn: text(values.nameEn) ?? null,
    address: text(values.address) ?? null,
    lng: located ? values.lng : null,
    lat: located ? values.lat : null,
    industryCode: text(values.industryCode)?.toUpperCase() ?? null,
    trade: values.trade ?? null,
    size: values.size ?? null,
    usesHazardousChemicals: values.usesHazardousChemicals,
    supervisionClass: values.supervisionClass ?? null,
    licences: (values.licences ?? []).map((l) => ({
      kind: l.kind.trim(),
      number: l.number.trim(),
      validUntil: l.validUntil ? l.validUntil.format('YYYY-MM-DD') : null,
    })),
    principalName: text(values.principalName) ?? null,
    safetyManagerName: text(values.safetyManagerName) ?? null,
  };
}

/** The form's values from a register record, for editing it. */
export function valuesOf(record: OrganisationRecord): EnterpriseValues {
  const optional = <T>(value: T | null) => value ?? undefined;
  return {
    creditCode: record.creditCode ?? '',
    name: record.name,
    nameEn: optional(record.nameEn),
    address: optional(record.address),
    lng: record.lng,
    lat: record.lat,
    industryCode: optional(record.industryCode),
    trade: (trades as readonly string[]).includes(record.trade ?? '') ? (record.trade as Trade) : undefined,
    size: (enterpriseSizes as readonly string[]).includes(record.size ?? '') ? (record.size as EnterpriseValues['size']) : undefined,
    usesHazardousChemicals: record.usesHazardousChemicals === true,
    supervisionClass: optional(record.supervisionClass),
    licences: record.licences.map((l) => ({ kind: l.kind, number: l.number, validUntil: l.validUntil ? dayjs(l.validUntil) : null })),
    principalName: optional(record.principalName),
    safetyManagerName: optional(record.safetyManagerName),
  };
}
