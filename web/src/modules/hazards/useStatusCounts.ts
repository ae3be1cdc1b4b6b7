import { isApiProblem } from '../../app/api';
import { useQuery } from '../../app/useQuery';
import { type HazardFilters, hazardsApi } from './hazards.api';
import { type HazardCounts, type HazardStatus, hazardStatuses } from './hazards.types';

/** Set once the server has said it has no counts route, so the board stops asking. */
let countsRouteMissing = false;

/** Each state's count from the list's own `total` (null when the server found it too costly). */
async function countsFromLists(filters: HazardFilters, signal: AbortSignal): Promise<HazardCounts> {
  const totals = await Promise.all(
    hazardStatuses.map(async (status) => {
      const page = await hazardsApi.list({ ...filters, status, limit: 1 }, signal);
      return [status, page.total] as const;
    }),
  );
  const byStatus: Partial<Record<HazardStatus, number>> = {};
  let capped = false;
  for (const [status, total] of totals) {
    if (total === null) capped = true;
    else byStatus[status] = total;
  }
  return { byStatus, overdue: Number.NaN, capped };
}

/**
 * How many hazards each tab of the board holds under the present filters.
 * One request to the counts route; if the server has none, one small list
 * request per state.
 */
export function useStatusCounts(filters: HazardFilters, refreshKey: number) {
  return useQuery(
    async (signal) => {
      if (!countsRouteMissing) {
        try {
          return await hazardsApi.counts(filters, signal);
        } catch (error) {
          // Without the route, `/hazards/counts` reads as a hazard called "counts": not found, or not an id.
          const missing =
            isApiProblem(error) && (error.status === 404 || (error.status === 400 && error.errors.some((e) => e.in === 'params')));
          if (!missing) throw error;
          countsRouteMissing = true;
        }
      }
      return countsFromLists(filters, signal);
    },
    [JSON.stringify(filters), refreshKey],
  );
}
