import type { Kysely } from 'kysely';
import type { PeopleTables } from './people.tables.js';

type Db = Kysely<PeopleTables>;

const columns = ['id', 'name', 'id_number_enc', 'id_number_index', 'phone_enc', 'phone_index', 'email_enc'] as const;

export type PersonRow = NonNullable<Awaited<ReturnType<typeof findById>>>;

/** A person as stored: personal information sealed, with its blind indices. */
export interface SealedPerson {
  name: string;
  idNumberEnc: string | null;
  idNumberIndex: string | null;
  phoneEnc: string | null;
  phoneIndex: string | null;
  emailEnc: string | null;
}

/** Name of the unique constraint on the ID number's blind index (migration 0002). */
export const ID_NUMBER_UNIQUE = 'person_id_number_index_key';

export async function insert(db: Db, p: SealedPerson): Promise<string> {
  const row = await db
    .insertInto('directory.person')
    .values({
      name: p.name,
      id_number_enc: p.idNumberEnc,
      id_number_index: p.idNumberIndex,
      phone_enc: p.phoneEnc,
      phone_index: p.phoneIndex,
      email_enc: p.emailEnc,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export function findById(db: Db, id: string, forUpdate = false) {
  let q = db.selectFrom('directory.person').select(columns).where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** The person holding the ID number with this blind index, if any. */
export async function idByIdNumberIndex(db: Db, index: string): Promise<string | undefined> {
  const row = await db.selectFrom('directory.person').select('id').where('id_number_index', '=', index).executeTakeFirst();
  return row?.id;
}

export function update(db: Db, id: string, changes: Partial<SealedPerson>, at: Date) {
  return db
    .updateTable('directory.person')
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.idNumberEnc !== undefined ? { id_number_enc: changes.idNumberEnc, id_number_index: changes.idNumberIndex ?? null } : {}),
      ...(changes.phoneEnc !== undefined ? { phone_enc: changes.phoneEnc, phone_index: changes.phoneIndex ?? null } : {}),
      ...(changes.emailEnc !== undefined ? { email_enc: changes.emailEnc } : {}),
      updated_at: at,
    })
    .where('id', '=', id)
    .execute();
}

export interface PeopleQuery {
  /** Everyone, or only these people. */
  personIds: 'all' | readonly string[];
  /** Part of a name, or the blind index of a whole ID or phone number. */
  search?: { nameLike: string; idNumberIndex: string | null; phoneIndex: string | null } | undefined;
  limit: number;
  offset: number;
}

export async function list(db: Db, query: PeopleQuery) {
  let base = db.selectFrom('directory.person');
  if (query.personIds !== 'all') {
    if (query.personIds.length === 0) return { rows: [], total: 0 };
    base = base.where('id', 'in', query.personIds as string[]);
  }
  const search = query.search;
  if (search) {
    base = base.where((eb) =>
      eb.or([
        eb('name', 'ilike', search.nameLike),
        ...(search.idNumberIndex ? [eb('id_number_index', '=', search.idNumberIndex)] : []),
        ...(search.phoneIndex ? [eb('phone_index', '=', search.phoneIndex)] : []),
      ]),
    );
  }
  const [rows, total] = await Promise.all([
    base.select(columns).orderBy('name').orderBy('id').limit(query.limit).offset(query.offset).execute(),
    base.select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** The sealed contacts of these people: phone numbers and e-mail addresses, for delivering notices. */
export function contactsOf(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('directory.person')
    .select(['id', 'phone_enc', 'email_enc'])
    .where('id', 'in', [...ids])
    .execute();
}
