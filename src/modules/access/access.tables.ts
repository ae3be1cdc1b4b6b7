import type { ColumnType, Generated } from 'kysely';
import type { Role } from './access.rules.js';

type CreatedAt = ColumnType<Date, Date | undefined, never>;

export type Locale = 'zh-CN' | 'en';

export interface AccountTable {
  id: Generated<string>;
  /** The directory person who signs in with this account. */
  person_id: string;
  /** Stored lower-case; unique. */
  username: string;
  /** argon2id PHC string. */
  password_hash: string;
  locale: Generated<Locale>;
  disabled_at: Date | null;
  created_at: CreatedAt;
}

export interface GrantTable {
  id: Generated<string>;
  person_id: string;
  role: Role;
  organisation_id: string;
  area_id: string | null;
  valid_from: ColumnType<Date, Date | undefined, Date>;
  valid_until: Date | null;
  created_at: CreatedAt;
}

export interface SessionTable {
  /** SHA-256 (hex) of the cookie token: a stolen table cannot be replayed as cookies. */
  id: string;
  account_id: string;
  csrf_token: string;
  created_at: CreatedAt;
  last_seen_at: Date;
  expires_at: Date;
  address: string | null;
  user_agent: string | null;
}

export interface SignInThrottleTable {
  /** `account:<username>` or `address:<ip>`. */
  key: string;
  failures: number;
  window_started_at: Date;
  blocked_until: Date | null;
}

export interface AccessTables {
  'access.account': AccountTable;
  'access.grant': GrantTable;
  'access.session': SessionTable;
  'access.sign_in_throttle': SignInThrottleTable;
}
