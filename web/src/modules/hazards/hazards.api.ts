import { api, buildUrl, type UploadOptions } from '../../app/api';
import type {
  AssessRequest,
  CriterionOption,
  Evidence,
  EvidenceKind,
  HazardCounts,
  HazardDetail,
  HazardListQuery,
  HazardPage,
  HazardStatistics,
  MajorPlanRequest,
  NamedRef,
  NotificationPage,
  OrderRequest,
  QuarterlyStatistics,
  Referral,
  ReferralResult,
} from './hazards.types';

const hazard = (id: string) => `/hazards/${encodeURIComponent(id)}`;
const referral = (id: string) => `/hazard-referrals/${encodeURIComponent(id)}`;

/** The filters of a list query without its paging, for counts. */
export type HazardFilters = Omit<HazardListQuery, 'limit' | 'cursor' | 'sort' | 'status'>;

/** A transition answers the whole hazard again. */
const act = (id: string, path: string, body: object) => api.post<HazardDetail>(`${hazard(id)}/${path}`, body);

export const hazardsApi = {
  list: (query: HazardListQuery, signal: AbortSignal) => api.get<HazardPage>('/hazards', { signal, query: { ...query } }),
  counts: (filters: HazardFilters, signal: AbortSignal) => api.get<HazardCounts>('/hazards/counts', { signal, query: { ...filters } }),
  get: (id: string, signal: AbortSignal) => api.get<HazardDetail>(hazard(id), { signal }),
  criteria: (signal: AbortSignal) => api.get<{ items: CriterionOption[] }>('/hazards/criteria', { signal }),

  register: (id: string, body: { note?: string }) => act(id, 'register', body),
  assess: (id: string, body: AssessRequest) => act(id, 'assess', body),
  fixOnSpot: (id: string, body: { note: string; evidenceIds: string[] }) => act(id, 'fix-on-spot', body),
  orderRectification: (id: string, body: OrderRequest) => act(id, 'rectification-order', body),
  startTreatment: (id: string, body: { note?: string }) => act(id, 'start-treatment', body),
  submit: (id: string, body: { note: string; evidenceIds: string[] }) => act(id, 'submit', body),
  accept: (
    id: string,
    body: { basis: 'inspection' | 'assessment'; assessmentEvidenceId?: string; note?: string; evidenceIds?: string[] },
  ) => act(id, 'accept', body),
  reject: (id: string, body: { reason: string; newDeadline?: string; evidenceIds?: string[] }) => act(id, 'reject', body),
  close: (id: string, body: { note?: string }) => act(id, 'close', body),
  reopen: (id: string, body: { reason: string; deadline?: string }) => act(id, 'reopen', body),
  dismiss: (id: string, body: { reason: string }) => act(id, 'dismiss', body),
  saveMajorPlan: (id: string, body: MajorPlanRequest) => api.put<HazardDetail>(`${hazard(id)}/major-plan`, body),

  stopOrder: (id: string, body: { kind: 'full' | 'partial'; reason: string; documentNumber?: string; evidenceIds?: string[] }) =>
    act(id, 'stop-order', body),
  applyResumption: (id: string, body: { note: string; evidenceIds?: string[] }) => act(id, 'resumption-application', body),
  reviewResumption: (id: string, body: { approve: boolean; note: string }) => act(id, 'resumption-review', body),

  /** Uploads one piece of evidence; the server reads the `kind` field before the file, so it goes first. */
  uploadEvidence: (id: string, file: File, kind: EvidenceKind, options?: UploadOptions) =>
    api.upload<Evidence>(`${hazard(id)}/evidence`, file, { ...options, fields: { kind } }),

  refer: (id: string, body: { toOrganisationId: string; reason: string }) => api.post<Referral>(`${hazard(id)}/referrals`, body),
  referralTargets: (signal: AbortSignal) =>
    api.get<{ items: (NamedRef & { department: string | null })[] }>('/hazards/referral-targets', { signal }),
  listReferrals: (query: { direction: 'incoming' | 'outgoing'; status?: string }, signal: AbortSignal) =>
    api.get<{ items: Referral[] }>('/hazard-referrals', { signal, query }),
  acknowledgeReferral: (id: string, body: { note?: string }) => api.post<Referral>(`${referral(id)}/acknowledge`, body),
  recordReferralOutcome: (id: string, body: { result: ReferralResult; note: string }) =>
    api.post<Referral>(`${referral(id)}/outcome`, body),

  statistics: (query: { areaId?: string; closedFrom?: string; closedTo?: string }, signal: AbortSignal) =>
    api.get<HazardStatistics>('/hazards/statistics', { signal, query }),
  quarterly: (query: { enterpriseId: string; year: number; quarter: number }, signal: AbortSignal) =>
    api.get<QuarterlyStatistics>('/hazards/quarterly-statistics', { signal, query }),
  quarterlyCsvUrl: (query: { enterpriseId: string; year: number; quarter: number }) => buildUrl('/hazards/quarterly-statistics.csv', query),

  notifications: (query: { unread?: boolean; cursor?: string; limit?: number }, signal: AbortSignal) =>
    api.get<NotificationPage>('/notifications', { signal, query }),
  markRead: (id: string) => api.post<void>(`/notifications/${encodeURIComponent(id)}/read`, {}),
  markAllRead: () => api.post<{ marked: number }>('/notifications/read-all', {}),
};
