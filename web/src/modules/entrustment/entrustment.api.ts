import { api } from '../../app/api';
import type { Page } from '../directory/directory.types';
import type {
  CreateEntrustmentRequest,
  Entrustment,
  EntrustmentDetail,
  EntrustmentQuery,
  Provider,
  Transition,
  VerifiedEntrustment,
} from './entrustment.types';

export const entrustmentApi = {
  list: (query: EntrustmentQuery, signal: AbortSignal) => api.get<Page<Entrustment>>('/entrustments', { signal, query: { ...query } }),
  get: (id: string, signal: AbortSignal) => api.get<EntrustmentDetail>(`/entrustments/${encodeURIComponent(id)}`, { signal }),
  create: (body: CreateEntrustmentRequest) => api.post<Entrustment>('/entrustments', body),
  /** Suspend, resume or end; the reason is required for suspend and end. */
  transition: (id: string, transition: Transition, reason: string | undefined) =>
    api.post<Entrustment>(`/entrustments/${encodeURIComponent(id)}/${transition}`, reason ? { reason } : {}),
  listProviders: (signal: AbortSignal) => api.get<{ items: Provider[] }>('/providers', { signal }),
  coveringMe: (signal: AbortSignal) => api.get<{ items: Entrustment[] }>('/entrustments/covering-me', { signal }),
  verify: (code: string, creditCode: string | undefined, signal?: AbortSignal) =>
    api.get<VerifiedEntrustment>(`/entrustments/verify/${encodeURIComponent(code)}`, {
      query: { creditCode },
      ...(signal ? { signal } : {}),
    }),
};
