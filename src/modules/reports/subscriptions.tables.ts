import type { Generated } from 'kysely';

/** An e-mail subscription to the public updates of reports in an area and/or of a category. */
export interface SubscriptionTable {
  id: Generated<string>;
  /** The address, sealed (AES-256-GCM) like people's contacts; read only when a message is handed to the mail adapter. */
  email_enc: string;
  /** Blind index (HMAC) of the lower-cased address: finds an existing subscription without decrypting. */
  email_index: string;
  /** The area whose reports (its own and its sub-areas') are followed; null for every area. */
  area_id: string | null;
  /** The category followed; null for every category. */
  service_code: string | null;
  /** SHA-256 of the confirmation token and of the unsubscribe token (the tokens themselves are derived, never stored). */
  confirm_hash: string;
  unsubscribe_hash: string;
  /** The site the subscriber used, for links in the mails when no PUBLIC_URL is configured. */
  origin: string | null;
  created_at: Date;
  confirmed_at: Date | null;
  unsubscribed_at: Date | null;
}

/** A state a report reached through its linked hazard (closed: fixed; dismissed: not a hazard), once announced. */
export interface SubscriptionAnnouncementTable {
  report_id: string;
  state: string;
  /** When the hazard reached it; a later closing (after a re-opening) is announced again. */
  at: Date;
}

export interface SubscriptionsTables {
  'reports.subscription': SubscriptionTable;
  'reports.subscription_announcement': SubscriptionAnnouncementTable;
}
