import { api, buildUrl, type UploadOptions } from '../../app/api';
import type {
  AreaFeatureCollection,
  AreaTreeItem,
  CreateEnterpriseRequest,
  CreatePersonRequest,
  DirectorySummary,
  EditEnterpriseRequest,
  Enterprise,
  EnterpriseDetail,
  EnterpriseQuery,
  GroupCandidate,
  GroupMember,
  ImportJob,
  MutualAidGroup,
  Organisation,
  OrganisationRecord,
  Page,
  Person,
  PersonQuery,
  PublicConfig,
  RevealedPerson,
} from './directory.types';

const person = (id: string) => `/people/${encodeURIComponent(id)}`;
const importJob = (id: string) => `/directory/imports/${encodeURIComponent(id)}`;
const peopleImportJob = (id: string) => `/directory/people-imports/${encodeURIComponent(id)}`;
const group = (id: string) => `/groups/${encodeURIComponent(id)}`;

export const directoryApi = {
  getPublicConfig: (signal: AbortSignal) => api.get<PublicConfig>('/config/public', { signal }),
  getAreasGeoJson: (signal: AbortSignal) => api.get<AreaFeatureCollection>('/areas/geojson', { signal }),
  getSummary: (signal: AbortSignal) => api.get<DirectorySummary>('/directory/summary', { signal }),
  getAreaTree: (signal: AbortSignal) => api.get<{ items: AreaTreeItem[] }>('/areas/tree', { signal }),
  listEnterprises: (query: EnterpriseQuery, signal: AbortSignal) =>
    api.get<Page<Enterprise>>('/enterprises', { signal, query: { ...query } }),
  createEnterprise: (body: CreateEnterpriseRequest) => api.post<EnterpriseDetail>('/enterprises', body),
  /** Changes the register record; the server audits the changed fields. */
  editEnterprise: (id: string, body: EditEnterpriseRequest) => api.patch<EnterpriseDetail>(`/enterprises/${encodeURIComponent(id)}`, body),
  /** A link that downloads the enterprises matching the filters as CSV (the server sets the file name). */
  exportUrl: (filters: Pick<EnterpriseQuery, 'q' | 'trade' | 'areaId'>) => buildUrl('/enterprises/export.csv', { ...filters }),
  listMyOrganisations: (signal: AbortSignal) => api.get<{ items: Organisation[] }>('/organisations/mine', { signal }),
  getOrganisation: (id: string, signal: AbortSignal) => api.get<OrganisationRecord>(`/organisations/${encodeURIComponent(id)}`, { signal }),

  /** Starts an import of a register file; the answer is the running job (202). */
  startImport: (file: File, options?: UploadOptions) => api.upload<ImportJob>('/directory/imports', file, options),
  getImport: (id: string, signal: AbortSignal) => api.get<ImportJob>(importJob(id), { signal }),
  importRefusalsUrl: (id: string) => buildUrl(`${importJob(id)}/refusals.csv`),
  importTemplateUrl: () => buildUrl('/directory/imports/template.csv'),

  /** Starts an import of people; the answer names the running job (202). */
  startPeopleImport: (file: File, options?: UploadOptions) =>
    api.upload<{ id: string; status: 'running' }>('/directory/people-imports', file, options),
  getPeopleImport: (id: string, signal: AbortSignal) => api.get<ImportJob>(peopleImportJob(id), { signal }),
  peopleImportRefusalsUrl: (id: string) => buildUrl(`${peopleImportJob(id)}/refusals.csv`),
  peopleImportTemplateUrl: () => buildUrl('/directory/people-imports/template.csv'),

  listGroups: (signal: AbortSignal) => api.get<{ items: MutualAidGroup[] }>('/groups', { signal }),
  listGroupMembers: (id: string, signal: AbortSignal) => api.get<{ items: GroupMember[] }>(`${group(id)}/members`, { signal }),
  listGroupCandidates: (id: string, q: string | undefined, signal: AbortSignal) =>
    api.get<{ items: GroupCandidate[] }>(`${group(id)}/candidates`, { signal, query: { q, limit: 20 } }),
  addGroupMember: (id: string, enterpriseId: string) => api.post<{ items: GroupMember[] }>(`${group(id)}/members`, { enterpriseId }),
  removeGroupMember: (id: string, enterpriseId: string) =>
    api.delete<{ items: GroupMember[] }>(`${group(id)}/members/${encodeURIComponent(enterpriseId)}`),
  setGroupLead: (id: string, enterpriseId: string) => api.put<{ items: GroupMember[] }>(`${group(id)}/lead`, { enterpriseId }),

  listPeople: (query: PersonQuery, signal: AbortSignal) => api.get<Page<Person>>('/people', { signal, query: { ...query } }),
  getPerson: (id: string, signal: AbortSignal) => api.get<Person>(person(id), { signal }),
  createPerson: (body: CreatePersonRequest) => api.post<Person>('/people', body),
  /** The whole ID and phone numbers; the server records every such view in the audit trail. */
  revealPerson: (id: string) => api.post<RevealedPerson>(`${person(id)}/reveal`),
};
