import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock/index.js';
import { httpErrors } from '../../platform/http/index.js';
import { type Actor, auditActorOf, type PermissionRegistry, type PersonActor, type RequestContext } from '../access/index.js';
import type { AuditModule } from '../audit/index.js';
import { peopleErrors } from './people.errors.js';
import * as repo from './people.repository.js';
import {
  changedFields,
  checkPersonInput,
  maskedPerson,
  type PersonField,
  type PersonInput,
  type PlainPerson,
  peopleScope,
} from './people.rules.js';
import type { PeopleTables } from './people.tables.js';
import { normaliseIdNumber, normalisePhone, type PersonalDataCipher, validateIdNumber, validatePhone } from './personal-data.js';

/** Who holds grants where, answered by the access module (injected, so the directory does not read its tables). */
export interface GrantsLookup {
  /** The people holding a grant in force in any of these organisations. */
  personIdsInOrganisations(organisationIds: readonly string[]): Promise<string[]>;
}

const LIST = 'directory.person.list';
const CREATE = 'directory.person.create';
const UPDATE = 'directory.person.update';
const REVEAL = 'directory.person.reveal';

const pick = <T extends object>(value: T, keys: readonly (keyof T)[]): Partial<T> =>
  Object.fromEntries(keys.map((k) => [k, value[k]])) as Partial<T>;

function isIdNumberTaken(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown } | null;
  return e?.code === '23505' && e.constraint === repo.ID_NUMBER_UNIQUE;
}

/**
 * People and their personal information. ID and phone numbers are stored sealed (AES-256-GCM) with blind indices,
 * shown masked in every list, shown whole only through `reveal` (which records the view in the audit trail), and
 * never written to the audit trail other than masked.
 */
export function createPeopleModule(deps: {
  db: Kysely<PeopleTables>;
  clock: Clock;
  registry: PermissionRegistry;
  audit: Pick<AuditModule, 'record'>;
  cipher: PersonalDataCipher;
  grantsLookup: GrantsLookup;
}) {
  const { db, clock, registry, audit, cipher, grantsLookup } = deps;

  /** Authorise first: the route checks the permission too, but a use case never trusts its caller to have. */
  function authorise(actor: Actor, permission: string): PersonActor {
    if (actor.kind !== 'person') throw httpErrors.unauthenticated();
    if (!actor.permissions.has(permission)) throw httpErrors.forbidden(permission);
    return actor;
  }

  /** Everyone, or the ids of the people the permission lets the actor see. */
  async function visiblePeople(actor: PersonActor, permission: string): Promise<'all' | string[]> {
    const scope = peopleScope(actor.grants, registry.get(permission));
    if (scope.kind === 'all') return 'all';
    return scope.organisationIds.length ? grantsLookup.personIdsInOrganisations(scope.organisationIds) : [];
  }

  async function assertVisible(actor: PersonActor, permission: string, personId: string): Promise<void> {
    const visible = await visiblePeople(actor, permission);
    if (visible !== 'all' && !visible.includes(personId)) throw peopleErrors.notFound();
  }

  function open(row: repo.PersonRow): PlainPerson {
    return {
      name: row.name,
      idNumber: row.id_number_enc === null ? null : cipher.decrypt(row.id_number_enc),
      phone: row.phone_enc === null ? null : cipher.decrypt(row.phone_enc),
      email: row.email_enc === null ? null : cipher.decrypt(row.email_enc),
    };
  }

  const sealIdNumber = (idNumber: string | null) =>
    idNumber === null
      ? { idNumberEnc: null, idNumberIndex: null }
      : { idNumberEnc: cipher.encrypt(idNumber), idNumberIndex: cipher.blindIndex(idNumber) };
  const sealPhone = (phone: string | null) =>
    phone === null ? { phoneEnc: null, phoneIndex: null } : { phoneEnc: cipher.encrypt(phone), phoneIndex: cipher.blindIndex(phone) };
  const sealEmail = (email: string | null) => ({ emailEnc: email === null ? null : cipher.encrypt(email) });

  /** A person as lists show them: the name whole, ID and phone numbers masked, and what the caller may do. */
  function view(actor: PersonActor, id: string, person: PlainPerson) {
    const masked = maskedPerson(person);
    return {
      id,
      name: person.name,
      idNumber: masked.idNumber,
      phone: masked.phone,
      email: masked.email,
      abilities: { revealPersonalData: actor.permissions.has(REVEAL), update: actor.permissions.has(UPDATE) },
    };
  }

  /** A search term as a name fragment, and as a whole ID or phone number when it is one (found by blind index). */
  function searchOf(q: string): repo.PeopleQuery['search'] {
    const term = q.trim();
    if (term === '') return undefined;
    const id = normaliseIdNumber(term);
    const phone = normalisePhone(term);
    return {
      nameLike: `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
      idNumberIndex: validateIdNumber(id, clock.now()).ok ? cipher.blindIndex(id) : null,
      phoneIndex: validatePhone(phone).ok ? cipher.blindIndex(phone) : null,
    };
  }

  function checked(input: PersonInput): Partial<PlainPerson> {
    const result = checkPersonInput(input, clock.now());
    if (!result.ok) throw peopleErrors.invalid(result.errors);
    return result.value;
  }

  return {
    /** Registers a person; refuses an ID number that is already registered. */
    async create(
      ctx: RequestContext,
      input: { name: string; idNumber?: string | null | undefined; phone?: string | null | undefined; email?: string | null | undefined },
    ) {
      const actor = authorise(ctx.actor, CREATE);
      const value = checked(input);
      const person: PlainPerson = {
        name: value.name ?? input.name,
        idNumber: value.idNumber ?? null,
        phone: value.phone ?? null,
        email: value.email ?? null,
      };
      const sealed = { name: person.name, ...sealIdNumber(person.idNumber), ...sealPhone(person.phone), ...sealEmail(person.email) };
      try {
        const id = await db.transaction().execute(async (trx) => {
          if (sealed.idNumberIndex && (await repo.idByIdNumberIndex(trx, sealed.idNumberIndex))) throw peopleErrors.duplicate();
          const created = await repo.insert(trx, sealed);
          await audit.record(trx, {
            actor: auditActorOf(actor, CREATE, registry),
            action: 'directory.person.create',
            target: { type: 'person', id: created },
            after: maskedPerson(person),
            requestId: ctx.requestId,
            address: ctx.address,
          });
          return created;
        });
        return view(actor, id, person);
      } catch (error) {
        // Two registrations of one ID number at once: the unique blind index lets only one through.
        if (isIdNumberTaken(error)) throw peopleErrors.duplicate();
        throw error;
      }
    },

    /** The people the caller may see, by name or by a whole ID or phone number; personal information masked. */
    async list(ctx: Pick<RequestContext, 'actor'>, query: { q?: string | undefined; limit: number; offset: number }) {
      const actor = authorise(ctx.actor, LIST);
      const personIds = await visiblePeople(actor, LIST);
      const { rows, total } = await repo.list(db, {
        personIds,
        search: query.q ? searchOf(query.q) : undefined,
        limit: query.limit,
        offset: query.offset,
      });
      return { items: rows.map((r) => view(actor, r.id, open(r))), total };
    },

    /** One person as lists show them, when the caller may see them. */
    async get(ctx: Pick<RequestContext, 'actor'>, personId: string) {
      const actor = authorise(ctx.actor, LIST);
      await assertVisible(actor, LIST, personId);
      const { rows } = await repo.list(db, { personIds: [personId], search: undefined, limit: 1, offset: 0 });
      const row = rows[0];
      if (!row) throw peopleErrors.notFound();
      return view(actor, row.id, open(row));
    },

    /**
     * The whole ID and phone numbers, for a caller whose mandate allows it. The view itself (who, whose, which
     * fields, not the values) is recorded in the audit trail in the same transaction, before anything is returned.
     */
    async reveal(ctx: RequestContext, personId: string) {
      const actor = authorise(ctx.actor, REVEAL);
      await assertVisible(actor, REVEAL, personId);
      return db.transaction().execute(async (trx) => {
        const row = await repo.findById(trx, personId);
        if (!row) throw peopleErrors.notFound();
        const person = open(row);
        await audit.record(trx, {
          actor: auditActorOf(actor, REVEAL, registry),
          action: 'directory.person.reveal',
          target: { type: 'person', id: personId },
          after: { fields: (['idNumber', 'phone', 'email'] as const).filter((f) => person[f] !== null) },
          requestId: ctx.requestId,
          address: ctx.address,
        });
        return { id: personId, ...person };
      });
    },

    /** Changes the given fields; null clears an ID or phone number. The audit entry holds masked values only. */
    async update(ctx: RequestContext, personId: string, patch: PersonInput) {
      const actor = authorise(ctx.actor, UPDATE);
      const value = checked(patch);
      await assertVisible(actor, UPDATE, personId);
      try {
        const person = await db.transaction().execute(async (trx) => {
          const row = await repo.findById(trx, personId, true);
          if (!row) throw peopleErrors.notFound();
          const current = open(row);
          const changed: PersonField[] = changedFields(current, value);
          if (changed.length === 0) return current;
          const next: PlainPerson = { ...current, ...pick(value, changed) };
          const sealed: Partial<repo.SealedPerson> = {
            ...(changed.includes('name') ? { name: next.name } : {}),
            ...(changed.includes('idNumber') ? sealIdNumber(next.idNumber) : {}),
            ...(changed.includes('phone') ? sealPhone(next.phone) : {}),
            ...(changed.includes('email') ? sealEmail(next.email) : {}),
          };
          if (sealed.idNumberIndex) {
            const holder = await repo.idByIdNumberIndex(trx, sealed.idNumberIndex);
            if (holder && holder !== personId) throw peopleErrors.duplicate();
          }
          await repo.update(trx, personId, sealed, clock.now());
          await audit.record(trx, {
            actor: auditActorOf(actor, UPDATE, registry),
            action: 'directory.person.update',
            target: { type: 'person', id: personId },
            before: pick(maskedPerson(current), changed),
            after: pick(maskedPerson(next), changed),
            requestId: ctx.requestId,
            address: ctx.address,
          });
          return next;
        });
        return view(actor, personId, person);
      } catch (error) {
        if (isIdNumberTaken(error)) throw peopleErrors.duplicate();
        throw error;
      }
    },

    /**
     * Where notices reach these people: their phone numbers (mobiles only, for SMS) or e-mail addresses, by
     * person. For the platform's own delivery of notices, not for showing; nothing is recorded per lookup.
     */
    async contactsOf(personIds: readonly string[], channel: 'email' | 'sms'): Promise<Map<string, string>> {
      const rows = await repo.contactsOf(db, personIds);
      const out = new Map<string, string>();
      for (const r of rows) {
        const sealed = channel === 'email' ? r.email_enc : r.phone_enc;
        if (sealed !== null) out.set(r.id, cipher.decrypt(sealed));
      }
      return out;
    },
  };
}

export type PeopleModule = ReturnType<typeof createPeopleModule>;
