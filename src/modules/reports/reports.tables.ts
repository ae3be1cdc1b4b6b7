import type { ColumnType, Generated } from 'kysely';
import type { ReportStatus } from './reports.rules.js';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type Json<T> = ColumnType<T, string, string>;

/** Who acted on a report, as its history records it (never the reporter's identity). */
export type ReportEventActor =
  | { kind: 'public' }
  | { kind: 'open311'; clientId: string }
  | { kind: 'person'; personId: string; organisationId: string | null };

export interface ReportTable {
  id: Generated<string>;
  /** The public id (Open311 service_request_id), e.g. JB-2026-000012. */
  code: string;
  /** The reporter's tracking token (secret enough to be unguessable; shows no personal data). */
  token: string;
  service_code: string;
  description: string;
  lng: number | null;
  lat: number | null;
  address: string | null;
  area_id: string;
  area_path: string[];
  responsible_organisation_id: string | null;
  status: ReportStatus;
  channel: 'web' | 'open311';
  open311_client_id: string | null;
  attributes: Json<Record<string, string | string[]>>;
  media_url: string | null;
  /** Sealed (AES-256-GCM) reporter name and contact; null for an anonymous report. */
  reporter_name_enc: string | null;
  reporter_contact_enc: string | null;
  received_at: Date;
  due_at: Date;
  updated_at: Date;
  verified_at: Date | null;
  closed_at: Date | null;
  duplicate_of: string | null;
  /** Whose responsibility it is, for a report closed as not ours. */
  referred_to: string | null;
  hazard_id: string | null;
  enterprise_id: string | null;
  /** Hidden by moderation: the description is replaced publicly (see `publicDescription`); the text stays here. */
  description_hidden_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** When the reporter last re-opened it. */
  reopened_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface ReportEventTable {
  id: Generated<string>;
  /** Write order; ties of `at` are broken by it. */
  seq: Generated<string>;
  report_id: string;
  at: Date;
  kind: string;
  from_status: ReportStatus | null;
  to_status: ReportStatus;
  actor: Json<ReportEventActor>;
  /** Shown on the public tracking page. */
  public_note: string | null;
  /** Details for the office (not public), e.g. the hazard a re-opened report had been linked to. */
  detail: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  /** A reporter's note (added information, a re-opening's reason) hidden publicly by moderation; the text stays. */
  note_hidden_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface IntakeHitTable {
  /** sha256 of `address:<ip>` or `device:<id>`; the raw values are not kept. */
  key: string;
  at: Date;
}

export interface Open311ClientTable {
  id: Generated<string>;
  name: string;
  /** sha256 of the key; the key itself is shown once when issued. */
  key_hash: string;
  created_at: CreatedAt;
  created_by: string | null;
  revoked_at: Date | null;
}

/** A photo sent with a report, stored without its metadata. */
export interface ReportPhotoTable {
  id: Generated<string>;
  report_id: string;
  sha256: string;
  media_type: string;
  size: number;
  orientation: number | null;
  at: Date;
  /** Hidden by moderation: no longer shown publicly (the file stays, for the record). */
  hidden_at: Date | null;
}

export interface ReportsTables {
  'reports.report_photo': ReportPhotoTable;
  'reports.report': ReportTable;
  'reports.report_event': ReportEventTable;
  'reports.intake_hit': IntakeHitTable;
  'reports.open311_client': Open311ClientTable;
}
