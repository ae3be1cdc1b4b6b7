import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | undefined, Date>;

/**
 * `directory.person` with the personal-information columns of migration 0002. Sealed values are
 * `v1.<iv>.<ciphertext>.<tag>` (see personal-data.ts); indices are 64 hex digits of HMAC-SHA256.
 */
export interface PersonRecordTable {
  id: Generated<string>;
  name: string;
  id_number_enc: string | null;
  /** Blind index of the normalised ID number; unique. */
  id_number_index: string | null;
  phone_enc: string | null;
  /** Blind index of the normalised phone number; not unique. */
  phone_index: string | null;
  /** Sealed e-mail address (migration 0006); not searchable. */
  email_enc: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** The directory's view of `directory.person` that the people use cases work on. */
export interface PeopleTables {
  'directory.person': PersonRecordTable;
}
