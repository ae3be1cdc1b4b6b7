import { describe, expect, it } from 'vitest';
import { PHOTO_MAX_BYTES, PUBLIC_STATES } from './reports.api';
import { photoRefusal, stepOf, stepStatuses } from './reports.public';

describe('stepOf and stepStatuses', () => {
  it('place every public state: the four steps in order, a re-opened report back at the first, closures beside them', () => {
    const expected: Record<(typeof PUBLIC_STATES)[number], number> = {
      received: 0,
      reopened: 0,
      verified: 1,
      in_progress: 2,
      fixed: 3,
      duplicate: -1,
      not_a_hazard: -1,
      not_our_responsibility: -1,
      no_further_action: -1,
    };
    for (const state of PUBLIC_STATES) expect(stepOf(state), state).toBe(expected[state]);
  });

  it('mark the steps done, under way and to come, all done once fixed, none for a closure', () => {
    expect(stepStatuses('received')).toEqual(['process', 'wait', 'wait', 'wait']);
    expect(stepStatuses('reopened')).toEqual(['process', 'wait', 'wait', 'wait']);
    expect(stepStatuses('verified')).toEqual(['finish', 'process', 'wait', 'wait']);
    expect(stepStatuses('in_progress')).toEqual(['finish', 'finish', 'process', 'wait']);
    expect(stepStatuses('fixed')).toEqual(['finish', 'finish', 'finish', 'finish']);
    for (const closure of ['duplicate', 'not_a_hazard', 'not_our_responsibility', 'no_further_action'] as const)
      expect(stepStatuses(closure), closure).toBeNull();
  });
});

describe('photoRefusal', () => {
  const jpeg = (size: number) => ({ type: 'image/jpeg', size });

  it('takes JPEG, PNG and WebP up to 10 MB, five in all', () => {
    for (const type of ['image/jpeg', 'image/png', 'image/webp']) expect(photoRefusal({ type, size: 1 }, 0), type).toBeNull();
    expect(photoRefusal(jpeg(PHOTO_MAX_BYTES), 4)).toBeNull();
  });

  it('refuses other types first, then a file over 10 MB, then a sixth photo', () => {
    for (const type of ['image/gif', 'image/heic', 'application/pdf', 'text/plain', ''])
      expect(photoRefusal({ type, size: PHOTO_MAX_BYTES + 1 }, 5), type).toBe('wrongType');
    expect(photoRefusal(jpeg(PHOTO_MAX_BYTES + 1), 5)).toBe('tooLarge');
    expect(photoRefusal(jpeg(10), 5)).toBe('tooMany');
    expect(photoRefusal(jpeg(10), 6)).toBe('tooMany');
  });
});
