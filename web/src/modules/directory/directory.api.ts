import { api } from '../../app/api';
import type {
  AreaFeatureCollection,
  DirectorySummary,
  Enterprise,
  EnterpriseQuery,
  Organisation,
  Page,
  PublicConfig,
} from './directory.types';

export const directoryApi = {
  getPublicConfig: (signal: AbortSignal) => api.get<PublicConfig>('/config/public', { signal }),
  getAreasGeoJson: (signal: AbortSignal) => api.get<AreaFeatureCollection>('/areas/geojson', { signal }),
  getSummary: (signal: AbortSignal) => api.get<DirectorySummary>('/directory/summary', { signal }),
  listEnterprises: (query: EnterpriseQuery, signal: AbortSignal) =>
    api.get<Page<Enterprise>>('/enterprises', { signal, query: { ...query } }),
  listMyOrganisations: (signal: AbortSignal) => api.get<{ items: Organisation[] }>('/organisations/mine', { signal }),
};
