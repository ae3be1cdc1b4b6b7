import { describe, expect, it } from 'vitest';
import { foldEvents } from './alarms.sink.js';
import type { AlarmEvent } from './engine/index.js';

const event = (over: Partial<AlarmEvent>): AlarmEvent => ({
  type: 'open',
  vehicleId: 'v1',
  rule: 'overspeed',
  severity: 'low',
  episodeKey: 'v1:overspeed:1000',
  startedAt: 1000,
  peak: 70,
  unit: 'km/h',
  limit: 60,
  detail: { limitKind: 'class' },
  evidence: [{ time: 1000, lat: 31, lng: 121, speedKmh: 70 }],
  ...over,
});

describe('folding one batch’s events into one row per episode', () => {
  it('keeps the open, the highest peak, the newest evidence and the end', () => {
    const folded = foldEvents([
      event({}),
      event({ type: 'update', peak: 90, severity: 'high', evidence: [{ time: 2000, lat: 31, lng: 121, speedKmh: 90 }] }),
      event({ type: 'close', peak: 80, endedAt: 3000, evidence: [], detail: { night: false } }),
    ]);
    expect([...folded.values()]).toEqual([
      event({
        type: 'open',
        peak: 90,
        endedAt: 3000,
        detail: { limitKind: 'class', night: false },
        evidence: [{ time: 2000, lat: 31, lng: 121, speedKmh: 90 }],
      }),
    ]);
  });

  it('keeps episodes apart, in the order they first appeared', () => {
    const folded = foldEvents([
      event({ episodeKey: 'b' }),
      event({ episodeKey: 'a', rule: 'long_parking' }),
      event({ episodeKey: 'b', type: 'close', endedAt: 5000 }),
    ]);
    expect([...folded.keys()]).toEqual(['b', 'a']);
    expect(folded.get('b')).toMatchObject({ type: 'open', endedAt: 5000 });
    expect(folded.get('a')).toMatchObject({ type: 'open', rule: 'long_parking' });
    expect(folded.get('a')?.endedAt).toBeUndefined();
  });

  it('an update or close alone stays what it is', () => {
    expect(foldEvents([event({ type: 'close', endedAt: 9000 })]).get('v1:overspeed:1000')).toMatchObject({ type: 'close', endedAt: 9000 });
  });
});
