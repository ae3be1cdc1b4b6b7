import { api } from '../../app/api';
import type {
  ActivityKind,
  Application,
  ApplicationStatus,
  Catalogue,
  FieldRole,
  Mine,
  MyReport,
  NewPatrol,
  Patrol,
  PointsRule,
  Ranking,
  Skill,
  Volunteer,
  VolunteerStatus,
} from './volunteers.types';

const person = (id: string) => `/volunteers/${encodeURIComponent(id)}`;

/** Volunteers and grid workers: applications, the register, patrols, hours, points and the ranking. */
export const volunteersApi = {
  catalogue: (signal: AbortSignal) => api.get<Catalogue>('/public/volunteers/catalogue', { signal }),
  rule: (signal: AbortSignal) => api.get<PointsRule>('/public/volunteers/points-rule', { signal }),
  apply: (body: { name: string; phone: string; areaId: string; skills: Skill[]; note?: string | null }) =>
    api.post<{ id: string; status: 'pending'; submittedAt: string }>('/public/volunteer-applications', body),

  applications: (status: ApplicationStatus | undefined, signal: AbortSignal) =>
    api.get<{ items: Application[] }>('/volunteers/applications', { signal, query: status ? { status } : {} }),
  approve: (id: string) => api.post<Volunteer>(`/volunteers/applications/${encodeURIComponent(id)}/approve`, {}),
  decline: (id: string, reason: string) => api.post<Application>(`/volunteers/applications/${encodeURIComponent(id)}/decline`, { reason }),

  list: (query: { status?: VolunteerStatus; role?: FieldRole }, signal: AbortSignal) =>
    api.get<{ items: Volunteer[] }>('/volunteers', { signal, query: { ...query } }),
  register: (body: { role: FieldRole; areaId: string; skills: Skill[]; name?: string; phone?: string | null; personId?: string }) =>
    api.post<Volunteer>('/volunteers', body),
  setStatus: (id: string, status: VolunteerStatus, reason: string) => api.post<Volunteer>(`${person(id)}/status`, { status, reason }),
  recordHours: (id: string, body: { date: string; hours: number; activity: string; kind: ActivityKind }) =>
    api.post<{ id: string }>(`${person(id)}/hours`, body),
  areaPatrols: (signal: AbortSignal) => api.get<{ items: Patrol[] }>('/volunteers/patrols', { signal }),

  me: (signal: AbortSignal) => api.get<Mine>('/volunteers/me', { signal }),
  logPatrol: (body: NewPatrol) => api.post<Patrol>('/volunteers/me/patrols', body),
  myReports: (signal: AbortSignal) => api.get<{ items: MyReport[] }>('/volunteers/me/reports', { signal }),

  ranking: (query: { areaId: string; from?: string; to?: string }, signal: AbortSignal) =>
    api.get<Ranking>('/volunteers/ranking', { signal, query: { ...query } }),
};
