/**
 * Quick checks of ID and phone numbers as they are typed, for hints beside the
 * fields. The server checks them again and decides; these only catch slips early.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK_CHARACTERS = '10X98765432';

/** Full-width digits and letters to ASCII, spaces removed, upper case (a final x becomes X). */
export const normaliseIdNumber = (input: string) =>
  input
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]+/g, '')
    .toUpperCase();

/** The GB 11643 check character of the first 17 digits. */
export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK_CHARACTERS.charAt(sum % 11);
}

export type IdNumberHint = { ok: true } | { ok: false; reason: 'length' | 'charset' | 'check_character'; expected?: string };

/** Length, characters and check character of a resident ID number (the server also checks region and birth date). */
export function checkIdNumber(input: string): IdNumberHint {
  const id = normaliseIdNumber(input);
  if (id.length !== 18) return { ok: false, reason: 'length' };
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, reason: 'charset' };
  const expected = idCheckCharacter(id.slice(0, 17));
  return id.charAt(17) === expected ? { ok: true } : { ok: false, reason: 'check_character', expected };
}

/** A mobile number or a landline with its area code (an extension after a hyphen), +86 allowed. */
export function looksLikePhone(input: string): boolean {
  let s = input.replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/[\s\u3000()]+/g, '');
  const country = /^(?:\+|00)86-?/.exec(s);
  if (country) {
    s = s.slice(country[0].length);
    // After +86 a landline drops its leading 0 ("+86 10 1234 5678").
    if (!s.startsWith('0') && !/^1[3-9]\d{9}$/.test(s)) s = `0${s}`;
  }
  return /^1[3-9]\d{9}$/.test(s) || /^0\d{2,3}-?\d{7,8}(?:-\d{1,6})?$/.test(s);
}
