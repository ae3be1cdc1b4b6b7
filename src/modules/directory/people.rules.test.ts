import { describe, expect, it } from 'vitest';
import { changedFields, checkPersonInput, maskedPerson, peopleScope } from './people.rules.js';
import { idNumberCheckCharacter } from './personal-data.js';

const today = new Date('2026-06-01T00:00:00Z');
const first17 = '44030519851231002';
const ID = `${first17}${idNumberCheckCharacter(first17)}`;

describe('checking a person’s details', () => {
  it('normalises spaces, full-width digits and a lower-case x, and keeps absent fields absent', () => {
    const full = ID.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    expect(checkPersonInput({ name: ' 张三 ', idNumber: ` ${full} ` }, today)).toEqual({ ok: true, value: { name: '张三', idNumber: ID } });
    expect(checkPersonInput({ phone: '+86 138 0013 8000' }, today)).toEqual({ ok: true, value: { phone: '13800138000' } });
  });

  it('blank or null ID and phone numbers mean none', () => {
    expect(checkPersonInput({ idNumber: '  ', phone: null }, today)).toEqual({ ok: true, value: { idNumber: null, phone: null } });
  });

  it.each([
    ['1101011990', 'must be 18 characters'],
    ['11010119900307123A', 'must be 17 digits followed by a digit or X'],
    ['99010119900307123X', 'province-level region code'],
    ['110101199002301234', 'not a birth date'],
    [`${first17}${idNumberCheckCharacter(first17) === '0' ? '1' : '0'}`, `check character should be ${idNumberCheckCharacter(first17)}`],
  ])('refuses the ID number %s, naming the reason', (idNumber, reason) => {
    const result = checkPersonInput({ idNumber }, today);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors).toEqual([{ in: 'body', field: 'idNumber', pointer: '/idNumber', detail: expect.stringContaining(reason) }]);
  });

  it('refuses an empty or over-long name and a malformed phone, all at once', () => {
    const result = checkPersonInput({ name: '', phone: '1234' }, today);
    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual(['name', 'phone']);
    expect(checkPersonInput({ name: '张'.repeat(101) }, today).ok).toBe(false);
  });
});

describe('masking and changes', () => {
  it('masks every field for the audit trail', () => {
    expect(maskedPerson({ name: '欧阳娜娜', idNumber: ID, phone: '13800138000', email: 'ouyang.nana@example.com' })).toEqual({
      name: '欧***',
      idNumber: `440305********${ID.slice(14)}`,
      phone: '138****8000',
      email: 'o***@example.com',
    });
  });

  it('names only the fields that change', () => {
    const current = { name: '张三', idNumber: ID, phone: null, email: null };
    expect(changedFields(current, { name: '张三', phone: '13800138000' })).toEqual(['phone']);
    expect(changedFields(current, { idNumber: null })).toEqual(['idNumber']);
    expect(changedFields(current, { email: 'zhang.san@example.com' })).toEqual(['email']);
  });

  it('takes an e-mail address with its domain in lower case, and full-width characters made half-width', () => {
    expect(checkPersonInput({ email: ' Zhang.San@Example.COM ' }, today)).toEqual({ ok: true, value: { email: 'Zhang.San@example.com' } });
    expect(checkPersonInput({ email: 'ｌｉ＠ｅｘａｍｐｌｅ．ｃｎ' }, today)).toEqual({ ok: true, value: { email: 'li@example.cn' } });
    expect(checkPersonInput({ email: '' }, today)).toEqual({ ok: true, value: { email: null } });
    expect(checkPersonInput({ email: null }, today)).toEqual({ ok: true, value: { email: null } });
  });

  it.each([
    'zhang.san',
    '@example.com',
    'zhang@',
    'zhang@example',
    'zhang@@example.com',
    'zhang san@example.com',
    '.zhang@example.com',
    'zhang..san@example.com',
    'zhang@-example.com',
    'zhang@example.123',
    `${'a'.repeat(65)}@example.com`,
    `a@${'b'.repeat(250)}.com`,
  ])('refuses %s as an e-mail address, naming the field', (email) => {
    const result = checkPersonInput({ email }, today);
    expect(result.ok ? [] : result.errors.map((e) => e.field)).toEqual(['email']);
  });
});

describe('whom the grants let one see', () => {
  const permission = { roles: ['regulator_officer', 'enterprise_principal'] as const };
  it('a regulator’s area grant sees everyone', () => {
    expect(peopleScope([{ role: 'regulator_officer', organisationId: 'r' }], permission)).toEqual({ kind: 'all' });
  });
  it('a principal sees the people of their own enterprise; a role without the permission nobody', () => {
    expect(
      peopleScope(
        [
          { role: 'enterprise_principal', organisationId: 'e1' },
          { role: 'volunteer', organisationId: 'street' },
        ],
        permission,
      ),
    ).toEqual({ kind: 'organisations', organisationIds: ['e1'] });
    expect(peopleScope([{ role: 'volunteer', organisationId: 'street' }], permission)).toEqual({
      kind: 'organisations',
      organisationIds: [],
    });
  });
  it('an ownOrganisationOnly permission narrows even a regulator to their own organisation', () => {
    expect(peopleScope([{ role: 'regulator_officer', organisationId: 'r' }], { ...permission, ownOrganisationOnly: true })).toEqual({
      kind: 'organisations',
      organisationIds: ['r'],
    });
  });
});
