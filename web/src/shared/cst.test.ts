import { describe, expect, it } from 'vitest';
import { fromCstPickerValue, toCstPickerValue } from './cst';

describe('Beijing wall-clock picker values', () => {
  it('show an instant as read in Beijing, whatever the device zone', () => {
    // 2025-03-01T16:30:00Z is 00:30 on 2 March in Beijing.
    const value = toCstPickerValue('2025-03-01T16:30:00Z');
    expect([value.year(), value.month() + 1, value.date(), value.hour(), value.minute()]).toEqual([2025, 3, 2, 0, 30]);
  });

  it('turn a Beijing reading back into the same instant', () => {
    for (const iso of ['2025-03-01T16:30:00.000Z', '2024-12-31T23:59:59.000Z', '2026-07-15T04:00:00.000Z']) {
      expect(fromCstPickerValue(toCstPickerValue(iso))).toBe(iso);
    }
  });
});
