/**
 * Personal information (个人信息): resident ID numbers and phone numbers.
 *
 * The platform stores such values encrypted at rest, shows them masked in lists and shows them whole only to
 * roles whose mandate allows it (each such view is audited by the caller). This module holds the pure parts:
 *
 *   - validation and normalisation of resident ID numbers (GB 11643-1999) and Chinese phone numbers,
 *   - masking for lists,
 *   - AES-256-GCM encryption with a blind index (HMAC) so equal values can be found without decrypting,
 *   - loading or creating the 32-byte data key.
 *
 * Only node:crypto and node:fs are used.
 */

import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// ---------------------------------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------------------------------

/** Replaces full-width digits, letters and the full-width plus and hyphen-minus by their ASCII forms. */
function toHalfWidth(input: string): string {
  return input.replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

/** Keeps the first character (code point) and replaces every other one by a star. */
function maskAllButFirst(value: string): string {
  const chars = Array.from(value);
  if (chars.length === 0) return '';
  return (chars[0] as string) + '*'.repeat(chars.length - 1);
}

// ---------------------------------------------------------------------------------------------------------------------
// Resident ID numbers (公民身份号码), GB 11643-1999
// ---------------------------------------------------------------------------------------------------------------------

/** Weights of positions 1-17 (2^(18-i) mod 11). */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;

/** Check character by (weighted sum mod 11). */
const ID_CHECK_CHARACTERS = '10X98765432';

/**
 * Province-level codes (first two digits of the address code, GB/T 2260), plus 71 Taiwan, 81 Hong Kong, 82 Macao
 * and 83, used since 2018 for residence permits of Taiwan residents.
 */
const PROVINCE_CODES: ReadonlySet<string> = new Set(
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83'.split(' '),
);

/** Earliest birth date accepted, as YYYYMMDD. */
const EARLIEST_BIRTH_DATE = '19000101';

const CHINA_STANDARD_TIME_OFFSET_MS = 8 * 60 * 60 * 1000;

export type IdNumberValidation =
  | { ok: true; birthDate: string; sex: 'male' | 'female' }
  | { ok: false; reason: 'length' | 'charset' | 'region' | 'birth_date' | 'check_character'; expected?: string };

/**
 * Normalises user input of an ID number: removes all white space (including full-width spaces), turns full-width
 * digits and letters into ASCII and upper-cases (so a final 'x' becomes 'X').
 */
export function normaliseIdNumber(input: string): string {
  return toHalfWidth(input)
    .replace(/[\s\u3000]+/g, '')
    .toUpperCase();
}

/**
 * The check character (position 18) for the first 17 digits of an ID number: the weighted sum of the digits with
 * weights 7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2, mod 11, mapped to '1','0','X','9',...,'2' (ISO 7064 MOD 11-2).
 * Throws a RangeError when the input is not 17 ASCII digits.
 */
export function idNumberCheckCharacter(first17: string): string {
  if (!/^[0-9]{17}$/.test(first17)) throw new RangeError(`expected 17 digits, got ${JSON.stringify(first17)}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (ID_WEIGHTS[i] as number);
  return ID_CHECK_CHARACTERS.charAt(sum % 11);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** The calendar date of `instant` in China Standard Time (UTC+8, no daylight saving), as YYYYMMDD. */
function chinaDate(instant: Date): string {
  const time = instant.getTime();
  if (Number.isNaN(time)) throw new RangeError('today is an invalid Date');
  const shifted = new Date(time + CHINA_STANDARD_TIME_OFFSET_MS);
  const y = String(shifted.getUTCFullYear()).padStart(4, '0');
  const m = String(shifted.getUTCMonth() + 1).padStart(2, '0');
  const d = String(shifted.getUTCDate()).padStart(2, '0');
  return `${y}${m}${d}`;
}

/**
 * Validates an 18-character resident ID number (GB 11643-1999) that has been normalised with `normaliseIdNumber`;
 * a lower-case 'x' as check character is accepted as 'X'. Checks, in this order:
 *
 *   - length: exactly 18 characters;
 *   - charset: 17 ASCII digits then a digit or X;
 *   - region: the first two digits are a province-level code (11-15, 21-23, 31-37, 41-46, 50-54, 61-65, 71, 81-83);
 *   - birth_date: positions 7-14 are a real calendar date from 1900-01-01 to `today` in China Standard Time;
 *   - check_character: position 18 matches `idNumberCheckCharacter`; `expected` then holds the correct one.
 *
 * On success returns the birth date as YYYY-MM-DD and the sex from the parity of the sequence (odd = male).
 *
 * The 15-digit numbers issued before 1999 are refused with reason 'length': converting them to 18 digits (inserting
 * the century '19' and computing a check character) is out of scope, since a converted number is not necessarily
 * the one the holder was later issued.
 *
 * Throws a RangeError only when `today` is an invalid Date.
 */
export function validateIdNumber(id: string, today: Date = new Date()): IdNumberValidation {
  if (id.length !== 18) return { ok: false, reason: 'length' };
  const candidate = id.endsWith('x') ? `${id.slice(0, 17)}X` : id;
  if (!/^[0-9]{17}[0-9X]$/.test(candidate)) return { ok: false, reason: 'charset' };
  if (!PROVINCE_CODES.has(candidate.slice(0, 2))) return { ok: false, reason: 'region' };

  const birth = candidate.slice(6, 14);
  const year = Number(birth.slice(0, 4));
  const month = Number(birth.slice(4, 6));
  const day = Number(birth.slice(6, 8));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return { ok: false, reason: 'birth_date' };
  if (birth < EARLIEST_BIRTH_DATE || birth > chinaDate(today)) return { ok: false, reason: 'birth_date' };

  const expected = idNumberCheckCharacter(candidate.slice(0, 17));
  if (candidate.charAt(17) !== expected) return { ok: false, reason: 'check_character', expected };

  const sequenceLastDigit = candidate.charCodeAt(16) - 48;
  return {
    ok: true,
    birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
    sex: sequenceLastDigit % 2 === 1 ? 'male' : 'female',
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Phone numbers
// ---------------------------------------------------------------------------------------------------------------------

export type PhoneValidation = { ok: true; kind: 'mobile' | 'landline' } | { ok: false; reason: 'format' };

const MOBILE = /^1[3-9]\d{9}$/;

/**
 * A landline: area code then local number, optionally separated by a hyphen, then an optional extension.
 * Area codes are either 3 digits (010 Beijing, 02x) with 8-digit local numbers, or 4 digits (03xx-09xx) with
 * 7- or 8-digit local numbers; this split makes the area code of an unseparated number unambiguous.
 * Groups: 1-2 area code and local number after a 3-digit area code, 3-4 after a 4-digit one, 5 extension.
 */
const LANDLINE = /^(?:(0(?:10|2\d))-?(\d{8})|(0[3-9]\d{2})-?(\d{7,8}))(?:-(\d{1,6}))?$/;

interface Landline {
  area: string;
  local: string;
  extension: string | undefined;
}

function parseLandline(phone: string): Landline | undefined {
  const m = LANDLINE.exec(phone);
  if (!m) return undefined;
  return { area: m[1] ?? m[3] ?? '', local: m[2] ?? m[4] ?? '', extension: m[5] };
}

/**
 * Normalises user input of a phone number: full-width characters to ASCII, removes white space, parentheses
 * (as in "(0571) 8765432") and the hyphens used to group digits, and a leading country code +86 or 0086. After a
 * country code, the trunk prefix 0 that it replaces is restored on landlines ("+86 10 1234 5678" → "01012345678").
 * A hyphen before a final group of 1-6 digits that follows a complete landline number is kept as the extension
 * separator ("010-1234-5678" → "01012345678" but "010-12345678-123" → "01012345678-123").
 */
export function normalisePhone(input: string): string {
  let s = toHalfWidth(input).replace(/[\s\u3000()]+/g, '');
  let hadCountryCode = false;
  const country = /^(?:\+|00)86-?/.exec(s);
  if (country) {
    s = s.slice(country[0].length);
    hadCountryCode = true;
  }
  if (hadCountryCode && s !== '' && !s.startsWith('0') && !/^1[3-9]/.test(s)) s = `0${s}`;

  const groups = s.split('-');
  if (groups.length >= 2) {
    const extension = groups[groups.length - 1] as string;
    const number = groups.slice(0, -1).join('');
    // `number` has no hyphen left, so a landline match here has no extension of its own.
    if (/^\d{1,6}$/.test(extension) && parseLandline(number)) {
      return `${number}-${extension}`;
    }
  }
  return groups.join('');
}

/**
 * Validates a phone number normalised with `normalisePhone`: a mobile number `1[3-9]` + 9 digits, or a landline
 * (area code 0 + 2 or 3 digits, 7-8 digit local number, optional extension `-\d{1,6}`). A hyphen between area code
 * and local number is also accepted ("010-12345678").
 */
export function validatePhone(phone: string): PhoneValidation {
  if (MOBILE.test(phone)) return { ok: true, kind: 'mobile' };
  if (LANDLINE.test(phone)) return { ok: true, kind: 'landline' };
  return { ok: false, reason: 'format' };
}

// ---------------------------------------------------------------------------------------------------------------------
// Masking for lists
// ---------------------------------------------------------------------------------------------------------------------

/**
 * Masks a phone number for lists. Mobile: first 3 and last 4 digits ("138****5678"). Landline: area code, four
 * stars (whatever the length of the local number) and the last 4 digits ("0571****5432"); an extension is shown
 * as one star per digit ("010****5678-***"). Anything else keeps its first character only. Never throws.
 */
export function maskPhone(phone: string): string {
  if (typeof phone !== 'string') return '';
  const normalised = normalisePhone(phone);
  if (MOBILE.test(normalised)) return `${normalised.slice(0, 3)}****${normalised.slice(7)}`;
  const landline = parseLandline(normalised);
  if (landline) {
    const { area, local, extension } = landline;
    return `${area}****${local.slice(-4)}${extension === undefined ? '' : `-${'*'.repeat(extension.length)}`}`;
  }
  return maskAllButFirst(normalised);
}

/**
 * An e-mail address as stored: trimmed, full-width characters made half-width, the domain in lower case (the part
 * before the @ is kept as written: some mail systems tell case apart there).
 */
export function normaliseEmail(input: string): string {
  const s = toHalfWidth(input).trim();
  const at = s.lastIndexOf('@');
  return at < 0 ? s : `${s.slice(0, at)}@${s.slice(at + 1).toLowerCase()}`;
}

/**
 * Whether a normalised address is one a mail server would take: one @, a local part of 1 to 64 printable characters
 * without spaces, and a domain of dot-separated labels (letters, digits, hyphens; not starting or ending with a
 * hyphen) with at least two labels; 254 characters at most (RFC 5321). Not every address RFC 5322 allows, but
 * every one people write.
 */
export function validateEmail(email: string): boolean {
  if (email.length > 254) return false;
  const at = email.lastIndexOf('@');
  if (at <= 0 || email.indexOf('@') !== at) return false;
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (
    local.length > 64 ||
    !/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$/.test(local) ||
    local.startsWith('.') ||
    local.endsWith('.') ||
    local.includes('..')
  )
    return false;
  const labels = domain.split('.');
  return (
    labels.length >= 2 && labels.every((l) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(l)) && !/^[0-9]+$/.test(labels.at(-1) ?? '')
  );
}

/**
 * Masks an e-mail address for lists: the first character of the local part, three stars, and the domain whole
 * ("zhang.san@example.com" → "z***@example.com"). Never throws.
 */
export function maskEmail(email: string): string {
  if (typeof email !== 'string') return '';
  const at = email.lastIndexOf('@');
  if (at <= 0) return maskAllButFirst(email);
  return `${Array.from(email)[0] as string}***${email.slice(at)}`;
}

/**
 * Masks an ID number for lists: the 6-digit address code, 8 stars and the last 4 characters
 * ("110101********4512"). Anything that is not 17 digits and a digit or X (after `normaliseIdNumber`) keeps its
 * first character only. Never throws.
 */
export function maskIdNumber(id: string): string {
  if (typeof id !== 'string') return '';
  const normalised = normaliseIdNumber(id);
  if (/^[0-9]{17}[0-9X]$/.test(normalised)) return `${normalised.slice(0, 6)}********${normalised.slice(14)}`;
  return maskAllButFirst(normalised);
}

/**
 * Masks a person's name for lists: the first character and one star for every further character, spaces
 * included ("张三" → "张*", "欧阳娜娜" → "欧***", "John Smith" → "J*********"). Leading and trailing white space is
 * dropped. Never throws.
 */
export function maskName(name: string): string {
  if (typeof name !== 'string') return '';
  return maskAllButFirst(name.trim());
}

// ---------------------------------------------------------------------------------------------------------------------
// Encryption at rest
// ---------------------------------------------------------------------------------------------------------------------

export interface PersonalDataCipher {
  /** Seals a value as `v1.<iv>.<ciphertext>.<tag>` (base64url, AES-256-GCM, a fresh random 12-byte IV each call). */
  encrypt(plain: string): string;
  /** Opens a sealed value; throws an Error whose message starts "personal data cannot be decrypted" on any failure. */
  decrypt(sealed: string): string;
  /**
   * HMAC-SHA256 of the value under a key derived from the data key, as 64 hex digits: equal values give equal
   * indices, so a unique index or a lookup works without decrypting. Normalise values before indexing them.
   */
  blindIndex(value: string): string;
}

const DATA_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SEALED_VERSION = 'v1';
const ENCRYPTION_INFO = 'gongzhi encryption v1';
const BLIND_INDEX_INFO = 'gongzhi blind index v1';
/** Additional authenticated data: binds the ciphertext to the format version. */
const AAD = Buffer.from(`gongzhi personal data ${SEALED_VERSION}`, 'utf8');

const DECRYPT_ERROR = 'personal data cannot be decrypted';

function deriveKey(key: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), info, DATA_KEY_BYTES));
}

/** Decodes canonical unpadded base64url, or returns undefined (so no two strings decode to the same bytes). */
function decodeBase64Url(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}

/**
 * Creates the cipher for personal data from the 32-byte data key. Encryption and blind-index keys are derived
 * from it with HKDF-SHA256 (infos 'gongzhi encryption v1' and 'gongzhi blind index v1'), so the two never share
 * a key. Throws a RangeError when the key is not a 32-byte Buffer.
 */
export function createPersonalDataCipher(key: Buffer): PersonalDataCipher {
  if (!Buffer.isBuffer(key) || key.length !== DATA_KEY_BYTES) {
    throw new RangeError(`the personal data key must be a Buffer of ${DATA_KEY_BYTES} bytes`);
  }
  const encryptionKey = deriveKey(key, ENCRYPTION_INFO);
  const indexKey = deriveKey(key, BLIND_INDEX_INFO);

  return {
    encrypt(plain: string): string {
      if (typeof plain !== 'string') throw new TypeError('only strings can be encrypted');
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(AAD);
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [SEALED_VERSION, iv.toString('base64url'), ciphertext.toString('base64url'), tag.toString('base64url')].join('.');
    },

    decrypt(sealed: string): string {
      if (typeof sealed !== 'string') throw new Error(`${DECRYPT_ERROR}: not a string`);
      const parts = sealed.split('.');
      if (parts.length !== 4 || parts[0] !== SEALED_VERSION) throw new Error(`${DECRYPT_ERROR}: not a ${SEALED_VERSION} sealed value`);
      const iv = decodeBase64Url(parts[1] as string);
      const ciphertext = decodeBase64Url(parts[2] as string);
      const tag = decodeBase64Url(parts[3] as string);
      if (!iv || iv.length !== IV_BYTES || !ciphertext || !tag || tag.length !== TAG_BYTES) {
        throw new Error(`${DECRYPT_ERROR}: malformed sealed value`);
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', encryptionKey, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(AAD);
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
      } catch {
        throw new Error(`${DECRYPT_ERROR}: authentication failed (tampered value or wrong key)`);
      }
    },

    blindIndex(value: string): string {
      return createHmac('sha256', indexKey).update(value, 'utf8').digest('hex');
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// The data key
// ---------------------------------------------------------------------------------------------------------------------

/**
 * Decodes a data key given as base64 (standard or URL alphabet, padding optional), e.g. the DATA_KEY environment
 * variable. Throws an Error, which never contains the key, unless it decodes to exactly 32 bytes.
 */
export function parseDataKey(base64: string): Buffer {
  const hint = `generate one with: node -e "console.log(require('crypto').randomBytes(${DATA_KEY_BYTES}).toString('base64'))"`;
  const text = typeof base64 === 'string' ? base64.trim() : '';
  if (text === '') throw new Error(`the data key is empty; it must be ${DATA_KEY_BYTES} bytes encoded as base64 (${hint})`);
  const unpadded = text.replace(/=+$/, '');
  const padding = text.length - unpadded.length;
  if (!/^[A-Za-z0-9+/_-]+$/.test(unpadded) || (padding > 0 && (padding > 2 || text.length % 4 !== 0))) {
    throw new Error(`the data key is not valid base64; it must be ${DATA_KEY_BYTES} bytes encoded as base64 (${hint})`);
  }
  const standard = unpadded.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Buffer.from(standard, 'base64');
  if (bytes.toString('base64').replace(/=+$/, '') !== standard) {
    throw new Error(`the data key is not canonical base64; it must be ${DATA_KEY_BYTES} bytes encoded as base64 (${hint})`);
  }
  if (bytes.length !== DATA_KEY_BYTES) {
    throw new Error(`the data key must be ${DATA_KEY_BYTES} bytes encoded as base64, but it decodes to ${bytes.length} bytes (${hint})`);
  }
  return bytes;
}

function isErrnoException(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

function readDataKeyFile(file: string): Buffer {
  const text = readFileSync(file, 'utf8');
  try {
    return parseDataKey(text);
  } catch (error) {
    throw new Error(`the data key file ${file} is unusable: ${(error as Error).message}`);
  }
}

/** Flushes a directory entry to disk where the platform allows it (not on Windows). */
function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Best effort: some platforms cannot open or fsync a directory.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Reads the 32-byte data key stored as base64 in `file`, or, when the file does not exist, creates it (and its
 * parent folders) with a new random key, readable by the owner only (mode 0600). The new file is written to a
 * temporary name, flushed and then linked into place, so a crash never leaves a partial key and two processes
 * starting at once end up with the same key. An existing file is never overwritten: one that does not hold a
 * valid key makes this throw, since data sealed with the old key would otherwise be lost.
 */
export function loadOrCreateDataKey(file: string): Buffer {
  try {
    return readDataKeyFile(file);
  } catch (error) {
    if (!isErrnoException(error, 'ENOENT')) throw error;
  }

  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = randomBytes(DATA_KEY_BYTES);
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeFileSync(fd, `${key.toString('base64')}\n`, 'utf8');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temporary, file);
  } catch (error) {
    if (!isErrnoException(error, 'EEXIST')) throw error;
    // Another process created the key first: use theirs.
    return readDataKeyFile(file);
  } finally {
    unlinkSync(temporary);
  }
  fsyncDirectory(dir);
  return key;
}
