import { api } from '../../app/api';
import type {
  CreateAccountRequest,
  CreateGrantRequest,
  Locale,
  OrganisationChoice,
  PersonAccount,
  PersonGrant,
  PublishedMandate,
  Session,
  SignInRequest,
} from './access.types';

const person = (id: string) => `/people/${encodeURIComponent(id)}`;

export const accessApi = {
  getSession: (signal?: AbortSignal) => api.get<Session>('/session', signal ? { signal } : undefined),
  signIn: (body: SignInRequest) => api.post<Session>('/session', body),
  signOut: () => api.delete('/session'),
  saveLocale: (locale: Locale) => api.put<void>('/session/locale', { locale }),
  getMandate: (signal: AbortSignal) => api.get<PublishedMandate>('/mandate', { signal }),

  listGrants: (personId: string, signal: AbortSignal) => api.get<{ items: PersonGrant[] }>(`${person(personId)}/grants`, { signal }),
  createGrant: (personId: string, body: CreateGrantRequest) => api.post<PersonGrant>(`${person(personId)}/grants`, body),
  endGrant: (grantId: string, reason: string) => api.post<PersonGrant>(`/grants/${encodeURIComponent(grantId)}/end`, { reason }),
  /** The person's sign-in; a 404 problem when they have none. */
  getAccount: (personId: string, signal: AbortSignal) => api.get<PersonAccount>(`${person(personId)}/account`, { signal }),
  createAccount: (personId: string, body: CreateAccountRequest) => api.post<PersonAccount>(`${person(personId)}/account`, body),
  listOrganisations: (query: { kind?: string; q?: string; limit?: number }, signal: AbortSignal) =>
    api.get<{ items: OrganisationChoice[] }>('/organisations', { signal, query: { ...query } }),
};
