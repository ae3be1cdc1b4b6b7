import { describe, expect, it } from 'vitest';
import { checkIdNumber, looksLikePhone } from './personalData';

describe('the hints beside the ID and phone fields', () => {
  it('accept a valid ID number, typed with spaces, full-width digits or a small x', () => {
    expect(checkIdNumber('11010519491231002X')).toEqual({ ok: true });
    expect(checkIdNumber('110105 19491231 002x')).toEqual({ ok: true });
    expect(checkIdNumber('１１０１０５１９４９１２３１００２Ｘ')).toEqual({ ok: true });
  });

  it('name the check character an ID number should end in', () => {
    expect(checkIdNumber('110105194912310021')).toEqual({ ok: false, reason: 'check_character', expected: 'X' });
    expect(checkIdNumber('11010519491231002')).toEqual({ ok: false, reason: 'length' });
    expect(checkIdNumber('1101051949123100AX')).toEqual({ ok: false, reason: 'charset' });
  });

  it('take mobile numbers and landlines with their area code', () => {
    for (const phone of ['13812345678', '+86 138 1234 5678', '+86 10 1234 5678', '010-12345678', '0571-8765432', '010-12345678-123']) {
      expect(looksLikePhone(phone), phone).toBe(true);
    }
    for (const phone of ['1381234', '12812345678', '12345678']) expect(looksLikePhone(phone), phone).toBe(false);
  });
});
