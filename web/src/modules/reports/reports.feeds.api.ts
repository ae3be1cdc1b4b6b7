import { api } from '../../app/api';
import type { Bilingual, Point, PublicState } from './reports.api';

/**
 * The public list, map and feeds of reports and the e-mail subscriptions (no account).
 * Types mirror src/modules/reports/feeds.schemas.ts.
 */

export interface PublicFilterChoices {
  areas: { id: string; parentId: string | null; level: string; name: Bilingual }[];
  categories: { code: string; name: Bilingual }[];
  states: { code: PublicState; text: Bilingual }[];
}

export interface PublicListItem {
  code: string;
  category: { code: string; name: Bilingual };
  state: PublicState;
  stateText: Bilingual;
  description: string;
  /** Rounded to about 10 m. */
  location: Point | null;
  receivedAt: string;
  updatedAt: string;
}

export interface PublicListPage {
  items: PublicListItem[];
  total: number;
  limit: number;
  offset: number;
}

export interface PublicMapPoints {
  total: number;
  items: { code: string; category: string; state: PublicState; location: Point }[];
}

export interface PublicReportDetail extends PublicListItem {
  history: { at: string; state: PublicState; note: string | null }[];
  photos: { url: string; mediaType: string }[];
}

export interface PublicFilters {
  area?: string | undefined;
  category?: string | undefined;
  state?: string | undefined;
}

const query = (f: PublicFilters) => ({ area: f.area, category: f.category, state: f.state });

/** The feeds' addresses for the filters (the server adds the site's own address inside the feed). */
export function feedUrl(format: 'rss' | 'atom', f: PublicFilters, lang: string): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query(f))) if (v) search.set(k, v);
  search.set('lang', lang === 'en' ? 'en' : 'zh-CN');
  return `/api/v1/public/feeds/reports.${format}?${search.toString()}`;
}

export const publicMapApi = {
  filters: (signal: AbortSignal) => api.get<PublicFilterChoices>('/public/report-filters', { signal }),
  list: (f: PublicFilters, page: { limit: number; offset: number }, signal: AbortSignal) =>
    api.get<PublicListPage>('/public/report-list', { query: { ...query(f), ...page }, signal }),
  map: (f: PublicFilters, signal: AbortSignal) => api.get<PublicMapPoints>('/public/report-map', { query: query(f), signal }),
  get: (code: string, signal: AbortSignal) => api.get<PublicReportDetail>(`/public/report-list/${encodeURIComponent(code)}`, { signal }),
  subscribe: (body: { email: string; areaId?: string; category?: string }) =>
    api.post<{ status: 'confirmation_sent'; scope: Bilingual }>('/public/subscriptions', body),
  confirm: (token: string) =>
    api.post<{ status: 'confirmed'; areaId: string | null; category: string | null; scope: Bilingual }>('/public/subscriptions/confirm', {
      token,
    }),
  unsubscribe: (token: string) => api.post<{ status: 'unsubscribed' }>('/public/subscriptions/unsubscribe', { token }),
};
