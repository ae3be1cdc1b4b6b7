import { api, type UploadOptions } from '../../app/api';
import type { AreaFeatureCollection } from '../directory/directory.types';

/**
 * The reports module's HTTP calls. Public calls (no account) come first; office calls follow.
 * Types mirror src/modules/reports/reports.schemas.ts.
 */

export type Bilingual = { 'zh-CN': string; en: string };
export interface Point {
  lng: number;
  lat: number;
}

export const PUBLIC_STATES = [
  'received',
  'reopened',
  'verified',
  'in_progress',
  'fixed',
  'duplicate',
  'not_a_hazard',
  'not_our_responsibility',
  'no_further_action',
] as const;
export type PublicState = (typeof PUBLIC_STATES)[number];

/** The server's photo limits (src/modules/reports/photos.rules.ts). */
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;
export const PHOTO_MAX_COUNT = 5;
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

export interface ReportSubmission {
  serviceCode: string;
  description: string;
  location: Point;
  address?: string;
  reporter?: { name: string; contact?: string };
  attributes?: Record<string, string | string[]>;
}

export interface ReportSubmitted {
  code: string;
  token: string;
  trackingUrl: string;
  dueAt: string;
  serviceName: Bilingual;
}

export interface PublicReport {
  code: string;
  service: { code: string; name: Bilingual };
  description: string;
  /** True when moderation hid the text; `description` is then a neutral placeholder. */
  descriptionHidden: boolean;
  location: Point | null;
  state: PublicState;
  stateText: Bilingual;
  /** When it was closed, or its hazard fixed; null while open. */
  closedAt: string | null;
  /** Whether the reporter may still add information or photos (open, or closed at most 30 days ago). */
  canAddInformation: boolean;
  /** Whether the reporter may re-open it (fixed at most 30 days ago). */
  canReopen: boolean;
  receivedAt: string;
  updatedAt: string;
  dueAt: string;
  agency: string | null;
  duplicateOf: string | null;
  referredTo: string | null;
  hazardCode: string | null;
  photos: { url: string; mediaType: string }[];
  /** kind: submit, verify, create_hazard, hazard_closed, a closing reason, information, reopen. */
  history: { at: string; kind: string; state: PublicState; note: string | null }[];
}

export interface NearbyReport {
  code: string;
  description: string;
  state: PublicState;
  receivedAt: string;
  distanceMeters: number;
  location: Point;
}
export interface NearbyList {
  radiusMeters: number;
  items: NearbyReport[];
}

export interface PhotoAdded {
  url: string;
  mediaType: string;
  size: number;
  sha256: string;
}

/** A category as Open311 lists it (in the language asked for). */
export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  group: string;
}

export interface Open311Attribute {
  code: string;
  variable: boolean;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  order: number;
  description: string;
  datatype_description?: string | null;
  values?: { key: string; name: string }[];
}

export interface Open311Definition {
  service_code: string;
  attributes: Open311Attribute[];
}

const track = (token: string) => `/public/reports/${encodeURIComponent(token)}`;

/** Open311 lives outside /api/v1; its answers are plain JSON in the language asked for. */
async function open311<T>(path: string, locale: string, signal?: AbortSignal): Promise<T> {
  const init: RequestInit = { headers: { Accept: 'application/json', 'Accept-Language': locale } };
  if (signal) init.signal = signal;
  const response = await fetch(`/open311/v2${path}`, init);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as T;
}

export const publicReportsApi = {
  services: (locale: string, signal?: AbortSignal) => open311<Open311Service[]>('/services.json', locale, signal),
  definition: (code: string, locale: string, signal?: AbortSignal) =>
    open311<Open311Definition>(`/services/${encodeURIComponent(code)}.json`, locale, signal),
  /** Street and community outlines, so the map opens on the jurisdiction. */
  areas: (signal: AbortSignal) => api.get<AreaFeatureCollection>('/public/reports/areas', { signal }),
  nearby: (at: Point, category: string, signal?: AbortSignal) =>
    api.get<NearbyList>('/public/reports/nearby', { query: { lng: at.lng, lat: at.lat, category }, ...(signal ? { signal } : {}) }),
  submit: (body: ReportSubmission) => api.post<ReportSubmitted>('/public/reports', body),
  /** Filed in the signed-in volunteer's own name (no reporter block): credited with points once verified. */
  submitAsVolunteer: ({ reporter: _reporter, ...body }: ReportSubmission) => api.post<ReportSubmitted>('/volunteers/me/reports', body),
  addPhoto: (token: string, file: File, options?: UploadOptions) => api.upload<PhotoAdded>(`${track(token)}/photos`, file, options),
  get: (token: string, signal: AbortSignal) => api.get<PublicReport>(track(token), { signal }),
  addInformation: (token: string, text: string) => api.post<PublicReport>(`${track(token)}/information`, { text }),
  reopen: (token: string, reason: string) => api.post<PublicReport>(`${track(token)}/reopen`, { reason }),
};
