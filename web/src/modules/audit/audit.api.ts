import { api } from '../../app/api';
import type { AuditEntry, ChainVerification } from './audit.types';

export const auditApi = {
  history: (query: { targetType: string; targetId: string; limit?: number; before?: number }, signal: AbortSignal) =>
    api.get<{ items: AuditEntry[] }>('/audit/history', { signal, query: { ...query } }),
  verify: () => api.get<ChainVerification>('/audit/verify'),
};
