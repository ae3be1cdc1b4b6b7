import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/index.js';

const STATUSES = `('submitted', 'reopened', 'verified', 'hazard', 'duplicate', 'not_a_hazard', 'not_our_responsibility', 'no_further_action')`;

/**
 * The reporter's follow-up and moderation: a report may be re-opened (status reopened); a moderator may hide its
 * description publicly (the text itself stays); events may carry details for the office (e.g. the hazard a
 * re-opened report had been linked to).
 */
export const m0003: Migration = {
  id: '0003_follow_up',
  async up(db) {
    await sql
      .raw(`
      alter table reports.report drop constraint if exists report_status_check;
      alter table reports.report add constraint report_status_check check (status in ${STATUSES});
      alter table reports.report_event drop constraint if exists report_event_from_status_check;
      alter table reports.report_event add constraint report_event_from_status_check check (from_status in ${STATUSES});
      alter table reports.report_event drop constraint if exists report_event_to_status_check;
      alter table reports.report_event add constraint report_event_to_status_check check (to_status in ${STATUSES});
      alter table reports.report add column description_hidden_at timestamptz;
      alter table reports.report add column reopened_at timestamptz;
      alter table reports.report_event add column detail jsonb;
      alter table reports.report_event add column note_hidden_at timestamptz;
      drop index reports.report_open_place;
      create index report_open_place on reports.report (service_code, lat, lng) where status in ('submitted', 'reopened', 'verified', 'hazard');
      create index report_event_kind on reports.report_event (kind, report_id);
    `)
      .execute(db);
  },
};
