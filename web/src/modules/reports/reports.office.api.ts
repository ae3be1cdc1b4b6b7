import { api } from '../../app/api';
import type {
  ClientIssued,
  ClientList,
  FiguresPage,
  InboxPage,
  InboxQuery,
  ModerationRequest,
  ReportDetail,
  ReporterView,
  TriageRequest,
} from './reports.office.types';

const report = (id: string) => `/reports/${encodeURIComponent(id)}`;

/** The signed-in office's calls: the triage inbox, one report, its triage, the reporter's identity, Open311 keys. */
export const reportsOfficeApi = {
  inbox: (query: InboxQuery, signal: AbortSignal) => api.get<InboxPage>('/reports', { signal, query: { ...query } }),
  get: (id: string, signal: AbortSignal) => api.get<ReportDetail>(report(id), { signal }),
  /** Every call is recorded in the audit trail. */
  reporter: (id: string) => api.get<ReporterView>(`${report(id)}/reporter`),
  triage: (id: string, body: TriageRequest) => api.post<ReportDetail>(`${report(id)}/triage`, body),
  /** Hides the text or photos from the public; the original stays for the office and in the audit trail. */
  moderate: (id: string, body: ModerationRequest) => api.post<ReportDetail>(`${report(id)}/moderation`, body),
  figures: (query: { from?: string | undefined; to?: string | undefined; areaId?: string | undefined }, signal: AbortSignal) =>
    api.get<FiguresPage>('/reports/figures', { signal, query }),

  clients: (signal: AbortSignal) => api.get<ClientList>('/open311/clients', { signal }),
  issueClient: (name: string) => api.post<ClientIssued>('/open311/clients', { name }),
  revokeClient: (id: string) => api.delete(`/open311/clients/${encodeURIComponent(id)}`),
};
