import { api } from '../../app/api';
import type {
  AssessRequest,
  Check,
  CheckRequest,
  DueItem,
  Graded,
  MapItem,
  Measure,
  MeasureRequest,
  Overview,
  PointDetail,
  PointRequest,
  PublishScheme,
  Reference,
  Register,
  Scheme,
  SchemeList,
} from './risks.types';

const id = encodeURIComponent;

export const risksApi = {
  reference: (signal: AbortSignal) => api.get<Reference>('/risks/reference', { signal }),
  register: (enterpriseId: string, signal: AbortSignal) => api.get<Register>(`/risks/enterprises/${id(enterpriseId)}`, { signal }),
  point: (pointId: string, signal: AbortSignal) => api.get<PointDetail>(`/risks/points/${id(pointId)}`, { signal }),
  createPoint: (enterpriseId: string, body: PointRequest) => api.post<PointDetail>(`/risks/enterprises/${id(enterpriseId)}/points`, body),
  updatePoint: (pointId: string, body: Partial<PointRequest>) => api.patch<PointDetail>(`/risks/points/${id(pointId)}`, body),
  retirePoint: (pointId: string, reason: string) => api.post<PointDetail>(`/risks/points/${id(pointId)}/retire`, { reason }),
  assess: (pointId: string, body: AssessRequest) => api.post<PointDetail>(`/risks/points/${id(pointId)}/assessments`, body),
  grade: (schemeId: string, body: Omit<AssessRequest, 'note'>, signal?: AbortSignal) =>
    api.post<Graded>(`/risks/schemes/${id(schemeId)}/grade`, body, signal ? { signal } : {}),
  addMeasure: (pointId: string, body: MeasureRequest) => api.post<Measure>(`/risks/points/${id(pointId)}/measures`, body),
  updateMeasure: (measureId: string, body: Partial<MeasureRequest>) => api.patch<Measure>(`/risks/measures/${id(measureId)}`, body),
  retireMeasure: (measureId: string, reason: string) => api.post<Measure>(`/risks/measures/${id(measureId)}/retire`, { reason }),
  recordCheck: (measureId: string, body: CheckRequest) =>
    api.post<{ check: Check; measure: Measure }>(`/risks/measures/${id(measureId)}/checks`, body),
  due: (query: { enterpriseId?: string; areaId?: string; withinDays?: number; limit?: number; offset?: number }, signal: AbortSignal) =>
    api.get<{ items: DueItem[]; total: number; overdue: number }>('/risks/checks/due', { signal, query }),
  scheme: (schemeId: string, signal: AbortSignal) => api.get<Scheme>(`/risks/schemes/${id(schemeId)}`, { signal }),
  publishScheme: (body: PublishScheme) => api.post<Scheme>('/risks/schemes', body),
  schemes: (areaId: string | undefined, signal: AbortSignal) => api.get<SchemeList>('/risks/schemes', { signal, query: { areaId } }),
  map: (query: { areaId?: string; levels?: string }, signal: AbortSignal) =>
    api.get<{ items: MapItem[]; total: number; unlocated: number }>('/risks/map', { signal, query }),
  overview: (areaId: string | undefined, signal: AbortSignal) => api.get<Overview>('/risks/overview', { signal, query: { areaId } }),
};
