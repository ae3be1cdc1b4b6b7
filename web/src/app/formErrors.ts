import type { TFunction } from 'i18next';
import type { ApiProblem } from './api';

/**
 * The server explains an invalid field in English (`check character should be X`).
 * The details it is known to give are shown in the interface language; any other
 * is shown as the server wrote it, which is better than hiding it.
 */
const knownDetails: { pattern: RegExp; say: (t: TFunction, match: RegExpExecArray) => string }[] = [
  { pattern: /^check character should be (\S+)$/, say: (t, m) => t('fieldError.checkCharacter', { expected: m[1] }) },
  { pattern: /^must be 18 characters/, say: (t) => t('fieldError.length18') },
  { pattern: /^must be 17 digits followed by a digit or X$/, say: (t) => t('fieldError.idCharset') },
  { pattern: /^does not begin with a province-level region code$/, say: (t) => t('fieldError.idRegion') },
  { pattern: /^characters 7 to 14 are not a birth date/, say: (t) => t('fieldError.idBirthDate') },
  { pattern: /^must be a mobile number/, say: (t) => t('fieldError.phone') },
  { pattern: /^is already registered/, say: (t) => t('fieldError.alreadyRegistered') },
  { pattern: /^must not be empty$|^required$/i, say: (t) => t('fieldError.required') },
  { pattern: /^may hold only digits and the letters/, say: (t) => t('fieldError.creditCodeCharset') },
  { pattern: /^give both longitude and latitude/, say: (t) => t('fieldError.bothOrNeither') },
  { pattern: /^the location lies outside every area/, say: (t) => t('fieldError.outsideJurisdiction') },
  { pattern: /^lies outside the area you govern$/, say: (t) => t('fieldError.outsideYourArea') },
  { pattern: /^is taken$/, say: (t) => t('fieldError.taken') },
  { pattern: /^no such organisation$/, say: (t) => t('fieldError.noSuchOrganisation') },
  {
    pattern: /^a \w+ is held in an? ([a-z ]+), not an? [a-z ]+$/,
    say: (t, m) => t('fieldError.wrongKind', { kind: kindLabel(t, m[1] ?? '') }),
  },
  { pattern: /^a \w+ governs an area: name it$/, say: (t) => t('fieldError.areaNeeded') },
  { pattern: /^a \w+ does not govern an area$/, say: (t) => t('fieldError.noArea') },
  { pattern: /^must be after validFrom$/, say: (t) => t('fieldError.afterStart') },
  { pattern: /^at least 10 characters$/, say: (t) => t('fieldError.passwordLength', { min: 10 }) },
  { pattern: /^2 to 64 letters, digits/, say: (t) => t('fieldError.username') },
];

const kinds = ['regulator', 'enterprise', 'provider', 'mutual_aid_group', 'rescue_team'] as const;

/** `mutual aid group` (as the server phrases it) → the kind's name in the interface language. */
function kindLabel(t: TFunction, phrase: string): string {
  const kind = kinds.find((k) => k.replaceAll('_', ' ') === phrase.trim());
  return kind ? t(`kind.${kind}`) : phrase;
}

export function fieldErrorMessage(detail: string, t: TFunction): string {
  for (const { pattern, say } of knownDetails) {
    const match = pattern.exec(detail);
    if (match) return say(t, match);
  }
  return detail;
}

/**
 * The body-field errors of a refused request, grouped by the form field each
 * belongs to (`nameOf` answers null for fields the form does not show), ready
 * for `form.setFields`.
 */
export function formFieldErrors<N>(
  problem: ApiProblem,
  nameOf: (field: string) => N | null,
  t: TFunction,
): { name: N; errors: string[] }[] {
  const fields = new Map<string, { name: N; errors: string[] }>();
  for (const e of problem.bodyFieldErrors) {
    const name = nameOf(e.field);
    if (name === null) continue;
    const key = JSON.stringify(name);
    const entry = fields.get(key) ?? { name, errors: [] };
    entry.errors.push(fieldErrorMessage(e.detail, t));
    fields.set(key, entry);
  }
  return [...fields.values()];
}

/** Whether every invalid field of the problem is shown beside its input, so the summary need not repeat them. */
export function allFieldsShown(problem: ApiProblem, nameOf: (field: string) => unknown): boolean {
  return problem.errors.length > 0 && problem.errors.every((e) => e.in === 'body' && e.field !== '' && nameOf(e.field) !== null);
}
