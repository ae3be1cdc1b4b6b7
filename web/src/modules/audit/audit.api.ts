import { api } from '../../app/api';
import type { AuditEntry, ChainVerification, PublishedHead } from './audit.types';

export const auditApi = {
  history: (query: { targetType: string; targetId: string; limit?: number; before?: number }, signal: AbortSignal) =>
    api.get<{ items: AuditEntry[] }>('/audit/history', { signal, query: { ...query } }),
  verify: (expect?: string) => api.get<ChainVerification>('/audit/verify', { query: { expect } }),
  /** Open to everyone. */
  head: (signal: AbortSignal) => api.get<PublishedHead>('/audit/head', { signal }),
};
