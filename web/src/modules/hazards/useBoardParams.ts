import { useMemo } from 'react';
import { useAddressParams } from '../../shared/useAddressParams';
import type { HazardFilters } from './hazards.api';
import {
  type GradeFilter,
  gradeFilters,
  type HazardSource,
  type HazardStatus,
  hazardSources,
  hazardStatuses,
  openStatuses,
} from './hazards.types';

export const PAGE_SIZES = [20, 50, 100];
export const DEFAULT_PAGE_SIZE = 20;

/** The board's tabs: the open ones together, each state, and everything. */
export type BoardTab = 'open' | 'all' | HazardStatus;
export const boardTabs: readonly BoardTab[] = ['open', ...hazardStatuses, 'all'];

const oneOf = <T extends string>(list: readonly T[], value: string | null): T | undefined =>
  value !== null && (list as readonly string[]).includes(value) ? (value as T) : undefined;

export interface BoardChanges {
  tab?: BoardTab;
  q?: string | null;
  source?: HazardSource | null;
  grade?: GradeFilter | null;
  areaId?: string | null;
  enterpriseId?: string | null;
  trade?: string | null;
  overdue?: boolean;
  supervised?: boolean;
  size?: number;
}

/**
 * The board's filters live in the address, so back, reload and a shared link
 * show the same list. The keyset cursor does not: a cursor is only good for
 * the list it came from, so each change of filters starts at the first page.
 */
export function useBoardParams() {
  const [params, setParams] = useAddressParams();
  const tab = oneOf(boardTabs, params.get('tab')) ?? 'open';
  const q = params.get('q') ?? '';
  const source = oneOf(hazardSources, params.get('source'));
  const grade = oneOf(gradeFilters, params.get('grade'));
  const areaId = params.get('areaId') ?? undefined;
  const enterpriseId = params.get('enterpriseId') ?? undefined;
  const overdue = params.get('overdue') === 'true';
  const supervised = params.get('supervised') === 'true';
  const sizeParam = Number.parseInt(params.get('size') ?? '', 10);
  const size = PAGE_SIZES.includes(sizeParam) ? sizeParam : DEFAULT_PAGE_SIZE;

  const filters: HazardFilters = useMemo(
    () => ({
      q: q || undefined,
      source,
      grade,
      areaId,
      enterpriseId,
      // `trade` (industry) waits for the list route to accept it (hazards-requests.md B).
      overdue: overdue || undefined,
      supervised: supervised || undefined,
    }),
    [q, source, grade, areaId, enterpriseId, overdue, supervised],
  );

  const update = (changes: BoardChanges) => {
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        const set = (key: string, value: string | null | undefined, fallback?: string) => {
          if (value === null || value === undefined || value === '' || value === fallback) next.delete(key);
          else next.set(key, value);
        };
        if ('tab' in changes) set('tab', changes.tab, 'open');
        if ('q' in changes) set('q', changes.q?.trim());
        if ('source' in changes) set('source', changes.source);
        if ('grade' in changes) set('grade', changes.grade);
        if ('areaId' in changes) set('areaId', changes.areaId);
        if ('enterpriseId' in changes) set('enterpriseId', changes.enterpriseId);
        if ('trade' in changes) set('trade', changes.trade);
        if ('overdue' in changes) set('overdue', changes.overdue ? 'true' : null);
        if ('supervised' in changes) set('supervised', changes.supervised ? 'true' : null);
        if ('size' in changes) set('size', String(changes.size), String(DEFAULT_PAGE_SIZE));
        return next;
      },
      { replace: false },
    );
  };

  const clear = () =>
    setParams((latest) => {
      const current = oneOf(boardTabs, latest.get('tab'));
      return current && current !== 'open' ? { tab: current } : new URLSearchParams();
    });
  const filtered = Object.values(filters).some((v) => v !== undefined);

  return { tab, filters, size, update, clear, filtered, q };
}

/** The `status` query for a tab: a comma list for the open ones, none for all. */
export function statusOfTab(tab: BoardTab): string | undefined {
  if (tab === 'all') return undefined;
  if (tab === 'open') return openStatuses.join(',');
  return tab;
}
