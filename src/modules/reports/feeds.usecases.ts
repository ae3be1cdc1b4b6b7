/**
 * The public list, map and feeds of reports, readable by anyone: no reporter, no tracking token, no hidden photo,
 * places rounded to about 10 m. `createPublicReports({ db, clock, directory, hazardStates })`.
 */
import type { Clock } from '../../platform/clock/index.js';
import type { DirectoryModule } from '../directory/index.js';
import { feedsErrors } from './feeds.errors.js';
import * as feeds from './feeds.repository.js';
import { atomFeed, type FeedLocale, type PublicItem, rssFeed, statusesFor } from './feeds.rules.js';
import * as repo from './reports.repository.js';
import {
  formatW3c,
  isUuid,
  PUBLIC_STATE_TEXT,
  PUBLIC_STATES,
  type PublicState,
  publicDescription,
  publicHistory,
  publicState,
  roundCoordinate,
  SERVICES,
  serviceByCode,
} from './reports.rules.js';
import { type HazardStateLookup, photoUrl } from './reports.usecases.js';

type Row = NonNullable<Awaited<ReturnType<typeof feeds.byCode>>>;

export interface PublicQuery {
  area?: string | undefined;
  category?: readonly string[] | undefined;
  state?: readonly PublicState[] | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

export interface PublicReportsDeps {
  db: feeds.FeedsDb;
  clock: Clock;
  directory: Pick<DirectoryModule, 'areasGeoJson'>;
  hazardStates: HazardStateLookup;
}

export function createPublicReports(deps: PublicReportsDeps) {
  const { db, clock, directory, hazardStates } = deps;

  async function areas() {
    const fc = await directory.areasGeoJson();
    return fc.features.map((f) => ({
      id: f.id,
      parentId: f.properties.parentId,
      level: f.properties.level,
      name: { 'zh-CN': f.properties.name, en: f.properties.nameEn ?? f.properties.name },
    }));
  }

  /** The SQL filters for a query: a state filter on in_progress, fixed or not_a_hazard asks the hazards first. */
  async function filtersOf(q: PublicQuery): Promise<feeds.PublicFilters> {
    if (q.area !== undefined && !isUuid(q.area)) throw feedsErrors.invalid([feedsErrors.field('area', 'not an area id', 'querystring')]);
    const base: feeds.PublicFilters = { areaId: q.area, categories: q.category, from: q.from, to: q.to };
    if (!q.state?.length) return base;
    const wanted = new Set(q.state);
    const { statuses, needsHazards } = statusesFor(q.state);
    if (!needsHazards) return { ...base, statuses };
    const linked = await feeds.linked(db, base);
    const states = await hazardStates(linked.flatMap((r) => (r.hazard_id ? [r.hazard_id] : [])));
    const orIds = linked
      .filter((r) => wanted.has(publicState('hazard', r.hazard_id ? (states.get(r.hazard_id)?.status ?? null) : null)))
      .map((r) => r.id);
    return { ...base, statuses, orIds };
  }

  async function items(rows: readonly Row[]): Promise<PublicItem[]> {
    const states = await hazardStates(rows.flatMap((r) => (r.hazard_id ? [r.hazard_id] : [])));
    return rows.map((r) => {
      const h = r.hazard_id ? states.get(r.hazard_id) : undefined;
      const state = publicState(r.status, h ? h.status : r.hazard_id ? 'registered' : null);
      const service = serviceByCode(r.service_code);
      return {
        code: r.code,
        category: { code: r.service_code, name: service?.name ?? { 'zh-CN': r.service_code, en: r.service_code } },
        state,
        stateText: PUBLIC_STATE_TEXT[state],
        description: publicDescription(r),
        location: r.lng !== null && r.lat !== null ? { lng: roundCoordinate(r.lng), lat: roundCoordinate(r.lat) } : null,
        receivedAt: r.received_at,
        updatedAt: h && h.updatedAt > r.updated_at ? h.updatedAt : r.updated_at,
      };
    });
  }

  const json = (i: PublicItem) => ({ ...i, receivedAt: formatW3c(i.receivedAt), updatedAt: formatW3c(i.updatedAt) });

  /** "安澜街道 · 燃气泄漏或异味": what a feed's filters chose, for its title. */
  async function scopeOf(q: PublicQuery, locale: FeedLocale): Promise<string> {
    const parts: string[] = [];
    if (q.area) {
      const a = (await areas()).find((x) => x.id === q.area);
      if (a) parts.push(a.name[locale]);
    }
    for (const c of q.category ?? []) {
      const s = serviceByCode(c);
      if (s) parts.push(s.name[locale]);
    }
    return parts.join(' · ');
  }

  return {
    /** What the public page offers to filter by. */
    async filters() {
      return {
        areas: await areas(),
        categories: SERVICES.map((s) => ({ code: s.code, name: s.name })),
        states: PUBLIC_STATES.map((s) => ({ code: s, text: PUBLIC_STATE_TEXT[s] })),
      };
    },

    async list(q: PublicQuery, page: { limit: number; offset: number }) {
      const { rows, total } = await feeds.page(db, await filtersOf(q), page.limit, page.offset);
      return { items: (await items(rows)).map(json), total, limit: page.limit, offset: page.offset };
    },

    /** Located reports for the map (the newest 2,000 under the filters), each a small point. */
    async map(q: PublicQuery) {
      const { rows, total } = await feeds.page(db, await filtersOf(q), 2000, 0);
      return {
        total,
        items: (await items(rows)).flatMap((i) =>
          i.location ? [{ code: i.code, category: i.category.code, state: i.state, location: i.location }] : [],
        ),
      };
    },

    /** One report by its public code, with its public history and the photos not hidden. */
    async byCode(code: string) {
      const row = await feeds.byCode(db, code);
      if (!row) throw feedsErrors.noReport();
      const [[item], events, photos, states] = await Promise.all([
        items([row]),
        repo.eventsOf(db as unknown as repo.Db, row.id),
        repo.photosOf(db as unknown as repo.Db, [row.id]),
        hazardStates(row.hazard_id ? [row.hazard_id] : []),
      ]);
      const hazard = row.hazard_id ? states.get(row.hazard_id) : undefined;
      // The same steps as the tracking page: moderation is not a step, hidden notes stay hidden, a closed hazard is "fixed".
      const history = publicHistory(events, row.status, hazard).map(({ at, state, note }) => ({ at, state, note }));
      return {
        ...json(item as PublicItem),
        history: history.map((h) => ({ ...h, at: formatW3c(h.at) })),
        photos: photos.map((p) => ({ url: photoUrl(p.sha256), mediaType: p.media_type })),
      };
    },

    /** The public item of one report, read inside the caller's transaction (for the subscription mails). */
    async itemById(trx: feeds.FeedsDb, id: string): Promise<(PublicItem & { areaPath: string[] }) | null> {
      const row = await feeds.byId(trx, id);
      if (!row) return null;
      const [item] = await items([row]);
      return item ? { ...item, areaPath: row.area_path } : null;
    },

    /** The newest 50 changes under the filters as RSS 2.0 or Atom 1.0. */
    async feed(format: 'rss' | 'atom', q: PublicQuery, where: { site: string; self: string; alternate: string; locale: FeedLocale }) {
      const rows = await feeds.recent(db, await filtersOf(q), 50);
      const sorted = (await items(rows)).sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime() || a.code.localeCompare(b.code));
      const input = { ...where, now: clock.now(), scope: await scopeOf(q, where.locale), items: sorted };
      return format === 'rss' ? rssFeed(input) : atomFeed(input);
    },

    areas,
  };
}

export type PublicReports = ReturnType<typeof createPublicReports>;
