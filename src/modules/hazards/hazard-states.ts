import type { Kysely } from 'kysely';
import type { Status } from './hazards.rules.js';
import type { HazardsTables } from './hazards.tables.js';

/**
 * The state of these hazards, for modules that link to one (a public report shows "fixed" only once its hazard is
 * closed). A read without an actor: callers show no more than the state, the code and the times.
 */
export async function hazardStates(
  db: Kysely<HazardsTables>,
  ids: readonly string[],
): Promise<Map<string, { code: string; status: Status; closedAt: Date | null; updatedAt: Date }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('hazards.hazard')
    .select([
      'id',
      'code',
      'status',
      'closed_at',
      'discovered_at',
      'registered_at',
      'assessed_at',
      'treating_at',
      'submitted_at',
      'accepted_at',
      'dismissed_at',
    ])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(
    rows.map((r) => {
      const times = [
        r.discovered_at,
        r.registered_at,
        r.assessed_at,
        r.treating_at,
        r.submitted_at,
        r.accepted_at,
        r.closed_at,
        r.dismissed_at,
      ];
      const updatedAt = new Date(Math.max(...times.filter((t): t is Date => t !== null).map((t) => t.getTime())));
      return [r.id, { code: r.code, status: r.status, closedAt: r.closed_at, updatedAt }];
    }),
  );
}
