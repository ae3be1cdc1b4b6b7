/**
 * The pure core of the people directory: checking a person's details, masking them for lists and the audit
 * trail, and whom a caller's grants let them see. No I/O here.
 */

import type { InvalidField } from '../../platform/http/index.js';
import { type Grant, type PermissionDefinition, ROLE_SCOPE } from '../access/index.js';
import {
  type IdNumberValidation,
  maskEmail,
  maskIdNumber,
  maskName,
  maskPhone,
  normaliseEmail,
  normaliseIdNumber,
  normalisePhone,
  validateEmail,
  validateIdNumber,
  validatePhone,
} from './personal-data.js';

/** A person's details in plain text, normalised; only ever held in memory. */
export interface PlainPerson {
  name: string;
  idNumber: string | null;
  phone: string | null;
  email: string | null;
}

/** Details as a caller sends them; absent means "leave as is", null or blank means "none". */
export interface PersonInput {
  name?: string | undefined;
  idNumber?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
}

export type PersonField = keyof PlainPerson;
export const PERSON_FIELDS = ['name', 'idNumber', 'phone', 'email'] as const satisfies readonly PersonField[];

const NAME_MAX = 100;

const ID_NUMBER_PROBLEMS = {
  length: () => 'must be 18 characters (the 15-digit numbers issued before 1999 are not accepted)',
  charset: () => 'must be 17 digits followed by a digit or X',
  region: () => 'does not begin with a province-level region code',
  birth_date: () => 'characters 7 to 14 are not a birth date between 1900-01-01 and today',
  check_character: (expected?: string) => `check character should be ${expected ?? 'different'}`,
} as const satisfies Record<Extract<IdNumberValidation, { ok: false }>['reason'], (expected?: string) => string>;

const field = (name: PersonField, detail: string): InvalidField => ({ in: 'body', field: name, pointer: `/${name}`, detail });

/**
 * Normalises and checks the given fields: the name trimmed (1 to 100 characters, no control characters), the ID
 * number per GB 11643-1999 as of `today` (China Standard Time), the phone as a mobile or landline number. Fields
 * not given stay absent; blank or null ID and phone numbers become null. Every fault is reported, each naming
 * its field and the reason.
 */
export function checkPersonInput(
  input: PersonInput,
  today: Date,
): { ok: true; value: Partial<PlainPerson> } | { ok: false; errors: InvalidField[] } {
  const errors: InvalidField[] = [];
  const value: Partial<PlainPerson> = {};

  if (input.name !== undefined) {
    const name = input.name.trim();
    const length = Array.from(name).length;
    if (length === 0) errors.push(field('name', 'must not be empty'));
    else if (length > NAME_MAX) errors.push(field('name', `must be at most ${NAME_MAX} characters`));
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused here
    else if (/[\u0000-\u001f\u007f]/.test(name)) errors.push(field('name', 'must not contain control characters'));
    else value.name = name;
  }

  if (input.idNumber !== undefined) {
    const id = input.idNumber === null ? '' : normaliseIdNumber(input.idNumber);
    if (id === '') value.idNumber = null;
    else {
      const checked = validateIdNumber(id, today);
      if (checked.ok) value.idNumber = id;
      else errors.push(field('idNumber', ID_NUMBER_PROBLEMS[checked.reason](checked.expected)));
    }
  }

  if (input.phone !== undefined) {
    const phone = input.phone === null ? '' : normalisePhone(input.phone);
    if (phone === '') value.phone = null;
    else if (validatePhone(phone).ok) value.phone = phone;
    else
      errors.push(field('phone', 'must be a mobile number (11 digits from 13 to 19) or a landline with its area code, e.g. 010-12345678'));
  }

  if (input.email !== undefined) {
    const email = input.email === null ? '' : normaliseEmail(input.email);
    if (email === '') value.email = null;
    else if (validateEmail(email)) value.email = email;
    else errors.push(field('email', 'must be an e-mail address such as zhang.san@example.com'));
  }

  return errors.length ? { ok: false, errors } : { ok: true, value };
}

/** The details as lists and the audit trail show them: masked, never whole. */
export function maskedPerson(person: PlainPerson): { name: string; idNumber: string | null; phone: string | null; email: string | null } {
  return {
    name: maskName(person.name),
    idNumber: person.idNumber === null ? null : maskIdNumber(person.idNumber),
    phone: person.phone === null ? null : maskPhone(person.phone),
    email: person.email === null ? null : maskEmail(person.email),
  };
}

/** The fields whose value `patch` changes. */
export function changedFields(current: PlainPerson, patch: Partial<PlainPerson>): PersonField[] {
  return PERSON_FIELDS.filter((f) => patch[f] !== undefined && patch[f] !== current[f]);
}

/** Whom a permission lets the caller see: everyone, or the people holding grants in some organisations. */
export type PeopleScope = { kind: 'all' } | { kind: 'organisations'; organisationIds: string[] };

/**
 * A grant whose role reaches an area sees everyone: the platform serves one street today, so every person of the
 * directory is within a regulator's area (narrowing to people with grants below the area is for when there are
 * several). A grant that reaches its organisation (or any grant, for an `ownOrganisationOnly` permission) sees
 * the people holding grants in that organisation. Entrustment-scoped grants see nobody here.
 */
export function peopleScope(
  grants: readonly Pick<Grant, 'role' | 'organisationId'>[],
  permission: Pick<PermissionDefinition, 'roles' | 'ownOrganisationOnly'> | undefined,
): PeopleScope {
  const organisationIds = new Set<string>();
  if (!permission) return { kind: 'organisations', organisationIds: [] };
  for (const grant of grants) {
    if (!permission.roles.includes(grant.role)) continue;
    const reach = permission.ownOrganisationOnly ? 'organisation' : ROLE_SCOPE[grant.role];
    switch (reach) {
      case 'area':
        return { kind: 'all' };
      case 'organisation':
        organisationIds.add(grant.organisationId);
        break;
      case 'entrustment':
        break;
    }
  }
  return { kind: 'organisations', organisationIds: [...organisationIds] };
}
