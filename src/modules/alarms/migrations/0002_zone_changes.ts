import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/index.js';

/**
 * Geofences change and retire without a restart: a change stamp the alarm sink polls,
 * and retirement (kept for the alarms that name the zone, no longer applied).
 */
export const m0002: Migration = {
  id: '0002_zone_changes',
  async up(db) {
    await sql`
      alter table alarms.zone
        add column updated_at timestamptz not null default now(),
        add column updated_by uuid,
        add column retired_at timestamptz,
        add column retired_by uuid,
        add column retired_reason text check (retired_reason is null or length(retired_reason) between 1 and 500),
        add check ((retired_at is null) = (retired_reason is null))`.execute(db);
    await sql`update alarms.zone set updated_at = created_at`.execute(db);
  },
};
