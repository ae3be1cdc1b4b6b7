import { api } from '../../app/api';
import type { AlarmDetail, AlarmListQuery, AlarmPage, HandlingAction } from './alarms.types';

const alarm = (id: string) => `/alarms/${encodeURIComponent(id)}`;
/** A step answers the whole alarm again. */
const step = (id: string, path: string, body: object) => api.post<AlarmDetail>(`${alarm(id)}/${path}`, body);

export const alarmsApi = {
  list: (query: AlarmListQuery, signal: AbortSignal) => api.get<AlarmPage>('/alarms', { signal, query: { ...query } }),
  get: (id: string, signal: AbortSignal) => api.get<AlarmDetail>(alarm(id), { signal }),
  verify: (id: string, body: { verdict: 'confirmed' | 'false_positive'; note?: string }) => step(id, 'verify', body),
  notify: (id: string, body: { deadline: string; note?: string }) => step(id, 'notify', body),
  handle: (id: string, body: { action: HandlingAction; note: string; driverMessage?: string }) => step(id, 'handle', body),
  close: (id: string, body: { result: string }) => step(id, 'close', body),
};
