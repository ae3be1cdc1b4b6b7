import type { ColumnType, Generated } from 'kysely';

export interface LocalisedText {
  'zh-CN': string;
  en: string;
}

/** `external`: someone outside the directory (e.g. an e-mail subscriber), whose address another module keeps sealed. */
export type RecipientKind = 'person' | 'organisation' | 'external';
export type Channel = 'email' | 'sms';

export interface NotificationTable {
  id: Generated<string>;
  recipient_kind: RecipientKind;
  recipient_id: string;
  kind: string;
  title: ColumnType<LocalisedText, string, never>;
  body: ColumnType<LocalisedText, string, never>;
  subject_type: string | null;
  subject_id: string | null;
  subject_code: string | null;
  created_at: Date;
}

/** One row per person who has read a notification (a notification to an organisation is read by each of its people). */
export interface ReceiptTable {
  notification_id: string;
  person_id: string;
  read_at: Date;
}

/** Outbound e-mail and SMS: queued in the transaction of the change, then handed to the channel's adapter. */
export interface OutboxTable {
  id: Generated<string>;
  notification_id: string;
  channel: Channel;
  recipient_kind: RecipientKind;
  recipient_id: string;
  subject: string;
  body: string;
  status: Generated<'queued' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  adapter: string | null;
  error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

export interface NotificationsTables {
  'notifications.notification': NotificationTable;
  'notifications.receipt': ReceiptTable;
  'notifications.outbox': OutboxTable;
}
