import { api } from '../../app/api';
import type { RankingView, TrackView, VehiclePage, VehicleView } from './vehicles.types';

const vehicle = (id: string) => `/vehicles/${encodeURIComponent(id)}`;

export const vehiclesApi = {
  list: (query: { q?: string; enterpriseId?: string; limit?: number; offset?: number }, signal: AbortSignal) =>
    api.get<VehiclePage>('/vehicles', { signal, query: { ...query } }),
  get: (id: string, signal: AbortSignal) => api.get<VehicleView>(vehicle(id), { signal }),
  track: (id: string, range: { from: string; to: string }, signal: AbortSignal) =>
    api.get<TrackView>(`${vehicle(id)}/track`, { signal, query: { ...range } }),
  ranking: (range: { from: string; to: string; areaId?: string }, signal: AbortSignal) =>
    api.get<RankingView>('/vehicles/ranking', { signal, query: { ...range } }),
};
