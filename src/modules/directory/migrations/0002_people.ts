import { sql } from 'kysely';
import type { Migration } from '../../../platform/db/index.js';

/**
 * Personal information of a person: the ID number and phone number sealed with AES-256-GCM (`*_enc`), each with
 * an HMAC blind index (`*_index`) so that equal values are found without decrypting. No column holds plaintext.
 * The ID number is unique through its blind index; a phone may be shared (a household, a front desk).
 */
export const m0002: Migration = {
  id: '0002_people',
  async up(db) {
    await sql`
      alter table directory.person
        add column id_number_enc text,
        add column id_number_index text unique,
        add column phone_enc text,
        add column phone_index text,
        add column updated_at timestamptz not null default now(),
        add constraint person_id_number_sealed check ((id_number_enc is null) = (id_number_index is null)),
        add constraint person_phone_sealed check ((phone_enc is null) = (phone_index is null))`.execute(db);
    await sql`create index person_phone_index on directory.person (phone_index) where phone_index is not null`.execute(db);
  },
};
