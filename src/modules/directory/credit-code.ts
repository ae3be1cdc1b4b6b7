/**
 * The unified social credit code (统一社会信用代码), GB 32100-2015.
 *
 * 18 characters drawn from the digits and 21 upper-case letters (no I, O, S, V, Z):
 *
 *   position 1      registration management department code (登记管理部门码), e.g. 1 organs, 5 civil affairs, 9 market regulation
 *   position 2      organisation category code (机构类别码), e.g. 91 enterprise, 92 individual business, 11 government organ
 *   positions 3-8   administrative division code of the registering authority (GB/T 2260, 6 digits)
 *   positions 9-17  subject identifier: the organisation code of GB 11714 (8 body characters and its own check character)
 *   position 18     check character over positions 1-17 (GB 32100, modulus 31)
 *
 * Pure functions; callers normalise user input with `normaliseCreditCode` before validating.
 */

/** The 31 characters of the code, in value order (the value of a character is its index). */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weights of positions 1-17 for the GB 32100 check: 3^i mod 31 for i = 0..16. */
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** Weights of the 8 body characters for the GB 11714 organisation-code check. */
const ORGANISATION_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

const CREDIT_CODE_VALUES: ReadonlyMap<string, number> = new Map([...CREDIT_CODE_ALPHABET].map((c, i) => [c, i]));

export type CreditCodeValidation = { ok: true } | { ok: false; reason: 'length' | 'charset' | 'check_character'; expected?: string };

/**
 * The GB 32100 check character (position 18) for the first 17 characters of a code.
 * Throws a RangeError when the input is not 17 characters of the code alphabet.
 */
export function creditCodeCheckCharacter(first17: string): string {
  if (first17.length !== 17) throw new RangeError(`expected 17 characters, got ${first17.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const ch = first17.charAt(i);
    const value = CREDIT_CODE_VALUES.get(ch);
    if (value === undefined) throw new RangeError(`character ${JSON.stringify(ch)} at position ${i + 1} is not allowed in a credit code`);
    sum += value * (CREDIT_CODE_WEIGHTS[i] as number);
  }
  const check = (31 - (sum % 31)) % 31;
  return CREDIT_CODE_ALPHABET.charAt(check);
}

/**
 * The GB 11714 check character of an organisation code from its 8 body characters:
 * digits count 0-9 and letters A=10 ... Z=35; check = 11 - (sum mod 11), 10 written 'X', 11 written '0'.
 * Throws a RangeError when the body is not 8 digits or upper-case Latin letters.
 */
export function organisationCodeCheckCharacter(body8: string): string {
  if (body8.length !== 8) throw new RangeError(`expected 8 characters, got ${body8.length}`);
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = body8.charAt(i);
    let value: number;
    if (ch >= '0' && ch <= '9') value = ch.charCodeAt(0) - 48;
    else if (ch >= 'A' && ch <= 'Z') value = ch.charCodeAt(0) - 55;
    else throw new RangeError(`character ${JSON.stringify(ch)} at position ${i + 1} is not allowed in an organisation code`);
    sum += value * (ORGANISATION_CODE_WEIGHTS[i] as number);
  }
  const check = 11 - (sum % 11);
  if (check === 10) return 'X';
  if (check === 11) return '0';
  return String(check);
}

/**
 * Validates a credit code that has already been normalised (upper case, no spaces).
 * Checks length, alphabet and the GB 32100 check character (position 18). It deliberately does not
 * reject codes whose embedded organisation code fails its GB 11714 check, since registries hold such
 * codes; use `hasValidOrganisationCode` for that stricter test.
 */
export function validateCreditCode(code: string): CreditCodeValidation {
  if (code.length !== 18) return { ok: false, reason: 'length' };
  for (const ch of code) {
    if (!CREDIT_CODE_VALUES.has(ch)) return { ok: false, reason: 'charset' };
  }
  const expected = creditCodeCheckCharacter(code.slice(0, 17));
  if (code.charAt(17) !== expected) return { ok: false, reason: 'check_character', expected };
  return { ok: true };
}

/** True when positions 9-17 of a (valid) credit code form an organisation code with a correct GB 11714 check. */
export function hasValidOrganisationCode(code: string): boolean {
  if (code.length !== 18) return false;
  const body = code.slice(8, 16);
  if (!/^[0-9A-Z]{8}$/.test(body)) return false;
  return organisationCodeCheckCharacter(body) === code.charAt(16);
}

/** Trims, removes all white space (including full-width spaces) and upper-cases user input. */
export function normaliseCreditCode(input: string): string {
  return input.replace(/[\s\u3000]+/g, '').toUpperCase();
}

/**
 * Builds a valid 18-character code: department (1 char) + category (1 char) + division (6 digits)
 * + organisation-code body (8 chars) + its GB 11714 check + the GB 32100 check.
 * Throws a RangeError on malformed parts.
 */
export function makeCreditCode(parts: { department: string; category: string; division: string; body8: string }): string {
  const { department, category, division, body8 } = parts;
  if (department.length !== 1 || !CREDIT_CODE_VALUES.has(department))
    throw new RangeError(`bad department code ${JSON.stringify(department)}`);
  if (category.length !== 1 || !CREDIT_CODE_VALUES.has(category)) throw new RangeError(`bad category code ${JSON.stringify(category)}`);
  if (!/^[0-9]{6}$/.test(division)) throw new RangeError(`bad division code ${JSON.stringify(division)}`);
  if (body8.length !== 8 || [...body8].some((c) => !CREDIT_CODE_VALUES.has(c)))
    throw new RangeError(`bad organisation code body ${JSON.stringify(body8)}`);
  const first17 = department + category + division + body8 + organisationCodeCheckCharacter(body8);
  return first17 + creditCodeCheckCharacter(first17);
}
