import { api } from '../../app/api';
import type { ActRequest, CaseDetail, CasePage, CaseStatus, ProposeRequest, RuleList, RuleRequest } from './rewards.types';

const path = (id: string) => `/rewards/cases/${encodeURIComponent(id)}`;

/** Report rewards: cases (propose, approve or reject, pay) and the published rule versions. */
export const rewardsApi = {
  list: (query: { status?: CaseStatus | undefined; limit?: number; offset?: number }, signal: AbortSignal) =>
    api.get<CasePage>('/rewards/cases', { signal, query: { ...query } }),
  get: (id: string, signal: AbortSignal) => api.get<CaseDetail>(path(id), { signal }),
  propose: (body: ProposeRequest) => api.post<CaseDetail>('/rewards/cases', body),
  act: (id: string, body: ActRequest) => api.post<CaseDetail>(`${path(id)}/actions`, body),
  rules: (signal: AbortSignal) => api.get<RuleList>('/rewards/rules', { signal }),
  publishRule: (body: RuleRequest) => api.post<RuleList>('/rewards/rules', body),
};
