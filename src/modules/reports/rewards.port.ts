import { type Kysely, sql } from 'kysely';
import type { ReportStatus } from './reports.rules.js';
import type { ReportsTables } from './reports.tables.js';

/** What the rewards module may know of a report: never the description, the place or the reporter's identity. */
export interface ReportForReward {
  id: string;
  code: string;
  status: ReportStatus;
  /** The report's own hazard, or, for a duplicate, the hazard of the report it duplicates. */
  hazardId: string | null;
  receivedAt: Date;
  areaId: string;
  areaPath: string[];
  /** Whether the reporter gave a name (sealed; the rewards module never sees it). */
  named: boolean;
}

/**
 * The reads the rewards module needs (举报奖励): a report, a report by its tracking token, and all reports of
 * one hazard (the report turned into it and the duplicates of that report), for "first valid reporter wins".
 */
export function createReportsRewardsPort(db: Kysely<ReportsTables>) {
  const base = () =>
    db
      .selectFrom('reports.report as r')
      .leftJoin('reports.report as o', 'o.id', 'r.duplicate_of')
      .select([
        'r.id',
        'r.code',
        'r.status',
        sql<string | null>`coalesce(r.hazard_id, o.hazard_id)`.as('hazardId'),
        'r.received_at as receivedAt',
        'r.area_id as areaId',
        'r.area_path as areaPath',
        sql<boolean>`r.reporter_name_enc is not null`.as('named'),
      ]);
  return {
    byId: async (id: string): Promise<ReportForReward | undefined> =>
      /^[0-9a-f-]{36}$/i.test(id) ? base().where('r.id', '=', id).executeTakeFirst() : undefined,
    byToken: (token: string): Promise<ReportForReward | undefined> => base().where('r.token', '=', token).executeTakeFirst(),
    ofHazard: (hazardId: string): Promise<ReportForReward[]> =>
      base()
        .where((eb) => eb.or([eb('r.hazard_id', '=', hazardId), eb('o.hazard_id', '=', hazardId)]))
        .orderBy('r.received_at')
        .execute(),
  };
}

export type ReportsRewardsPort = ReturnType<typeof createReportsRewardsPort>;
