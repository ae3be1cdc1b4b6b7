import { api } from '../../app/api';
import type { DriverPage, DriverView, RankingView, TrackView, VehicleChange, VehiclePage, VehicleView } from './vehicles.types';

const vehicle = (id: string) => `/vehicles/${encodeURIComponent(id)}`;

export const vehiclesApi = {
  list: (query: { q?: string; enterpriseId?: string; limit?: number; offset?: number }, signal: AbortSignal) =>
    api.get<VehiclePage>('/vehicles', { signal, query: { ...query } }),
  get: (id: string, signal: AbortSignal) => api.get<VehicleView>(vehicle(id), { signal }),
  track: (id: string, range: { from: string; to: string }, signal: AbortSignal) =>
    api.get<TrackView>(`${vehicle(id)}/track`, { signal, query: { ...range } }),
  update: (id: string, change: VehicleChange) => api.patch<VehicleView>(vehicle(id), change),
  routes: (signal: AbortSignal) => api.get<{ items: { id: string; name: string }[] }>('/vehicles/routes', { signal }),
  drivers: (query: { q?: string; enterpriseId?: string; active?: boolean; limit?: number; offset?: number }, signal: AbortSignal) =>
    api.get<DriverPage>('/vehicles/drivers', { signal, query: { ...query } }),
  createDriver: (body: { enterpriseId: string; name: string; qualificationCode: string }) =>
    api.post<DriverView>('/vehicles/drivers', body),
  updateDriver: (id: string, change: { name?: string; active?: boolean }) =>
    api.patch<DriverView>(`/vehicles/drivers/${encodeURIComponent(id)}`, change),
  ranking: (range: { from: string; to: string; areaId?: string }, signal: AbortSignal) =>
    api.get<RankingView>('/vehicles/ranking', { signal, query: { ...range } }),
};
