import { api } from '../../app/api';
import type { Locale, PublishedMandate, Session, SignInRequest } from './access.types';

export const accessApi = {
  getSession: (signal?: AbortSignal) => api.get<Session>('/session', signal ? { signal } : undefined),
  signIn: (body: SignInRequest) => api.post<Session>('/session', body),
  signOut: () => api.delete('/session'),
  saveLocale: (locale: Locale) => api.put<void>('/session/locale', { locale }),
  getMandate: (signal: AbortSignal) => api.get<PublishedMandate>('/mandate', { signal }),
};
