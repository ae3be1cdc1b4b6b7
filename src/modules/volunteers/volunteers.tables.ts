import type { ColumnType, Generated } from 'kysely';
import type { ActivityKind, ApplicationStatus, FieldRole, Skill, VolunteerStatus } from './volunteers.rules.js';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type Json<T> = ColumnType<T, string, string>;

/** A finding noted on a patrol: a report filed for it (by its public code) or a line of text. */
export type PatrolFinding = { reportCode: string } | { text: string };

/** The profile of a person who holds a volunteer or grid-worker grant (the grant itself is the access module's). */
export interface VolunteerTable {
  person_id: string;
  role: FieldRole;
  /** The community (volunteer) or grid (grid worker) they serve; `area_path` is it and its ancestors. */
  area_id: string;
  area_path: string[];
  skills: Skill[];
  status: VolunteerStatus;
  registered_at: Date;
  updated_at: Date;
}

/** A resident's application from the public form; the phone number is sealed (AES-256-GCM) with a blind index. */
export interface ApplicationTable {
  id: Generated<string>;
  name: string;
  phone_enc: string;
  phone_index: string;
  area_id: string;
  area_path: string[];
  skills: Skill[];
  note: string | null;
  status: ApplicationStatus;
  /** SHA-256 of the sender's network address, for the simple rate limit; never the address itself. */
  address_hash: string | null;
  submitted_at: Date;
  decided_at: Date | null;
  decided_by: string | null;
  decline_reason: string | null;
  person_id: string | null;
}

export interface PatrolTable {
  id: Generated<string>;
  person_id: string;
  area_id: string;
  area_path: string[];
  started_at: Date;
  ended_at: Date;
  /** A GeoJSON LineString of the route walked, or null. */
  route: Json<{ type: 'LineString'; coordinates: [number, number][] } | null>;
  note: string | null;
  findings: Json<PatrolFinding[]>;
  created_at: CreatedAt;
}

/** Hours the office recorded for a person outside patrols (Sahana's programme hours: work or training). */
export interface ActivityTable {
  id: Generated<string>;
  person_id: string;
  area_path: string[];
  /** The CST day served, YYYY-MM-DD. */
  date: ColumnType<string, string, string>;
  hours: ColumnType<number, number, number>;
  activity: string;
  kind: ActivityKind;
  recorded_by: string;
  recorded_at: Date;
}

/** A report a signed-in volunteer filed: the link that earns points once the office verifies it. */
export interface ReportCreditTable {
  report_id: string;
  report_code: string;
  person_id: string;
  area_path: string[];
  filed_at: Date;
}

export interface VolunteersTables {
  'volunteers.volunteer': VolunteerTable;
  'volunteers.application': ApplicationTable;
  'volunteers.patrol': PatrolTable;
  'volunteers.activity': ActivityTable;
  'volunteers.report_credit': ReportCreditTable;
}
