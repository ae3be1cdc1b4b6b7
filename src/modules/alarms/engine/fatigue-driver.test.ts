import { describe, expect, it } from 'vitest';
import { cst, engineWith, HOUR, MIN, only, pos, profile, run, SEC } from './testkit.js';
import type { AlarmEvent, RuleEngine, VehicleClass } from './types.js';

/*
 * Fatigue per driver: the qualification code on the IC card (0x0702) is the driver's key;
 * a vehicle without a card counts for its own unidentified driver ('vehicle').
 * Times are China Standard Time wall-clock; `a`, `b`, `c` are vehicles.
 */

const truck = (id: string) => profile(id, 'heavy_freight');
const fleet = (...ids: [string, VehicleClass][]) => engineWith({}, ...ids.map(([id, cls]) => profile(id, cls)));
const insert = (e: RuleEngine, vehicle: string, time: number, code: string | null, name: string | null = null) =>
  e.onDriver(vehicle, { event: 'card_inserted', time, qualificationCode: code, driverName: name });
const removeCard = (e: RuleEngine, vehicle: string, time: number) =>
  e.onDriver(vehicle, { event: 'card_removed', time, qualificationCode: null, driverName: null });
/** Moving at 60 km/h, a position every minute (or `step`), from..to inclusive. */
const drive = (e: RuleEngine, v: string, from: number, to: number, step = MIN) => run(e, v, from, to, step, { speedKmh: 60 });
/** Stopped, a position every minute, from..to inclusive. */
const park = (e: RuleEngine, v: string, from: number, to: number) => run(e, v, from, to, MIN, { speedKmh: 0 });
const fatigue = (events: AlarmEvent[]) => events.filter((x) => x.rule.startsWith('fatigue'));
const t = (hhmm: string, day = '2026-12-07') => cst(`${day}T${hhmm}`);
const oneMore = (e: RuleEngine, v: string, at: number) => e.onPosition(pos(v, at, { speedKmh: 60 }));

/** 张三 drives `a` 08:00–11:00 (3 h: the last minute ends at the first stopped position) and takes the card out at 11:05. */
function threeHoursOnA(e: RuleEngine, card = true): void {
  if (card) insert(e, 'a', t('07:59:00'), 'Q310101', '张三');
  drive(e, 'a', t('08:00:00'), t('10:59:00'));
  park(e, 'a', t('11:00:00'), t('11:05:00'));
  if (card) removeCard(e, 'a', t('11:05:00'));
}

describe('continuous driving follows the driver from vehicle to vehicle', () => {
  it('3 h on one truck, 15 min off, 1 h on another: exactly 4 h is allowed, one second more opens on the second truck', () => {
    const e = engineWith({}, truck('a'), truck('b'));
    threeHoursOnA(e);
    insert(e, 'b', t('11:10:00'), 'Q310101', '张三');
    park(e, 'b', t('11:10:00'), t('11:14:00'));
    expect(fatigue(drive(e, 'b', t('11:15:00'), t('12:15:00')))).toEqual([]);
    expect(only(oneMore(e, 'b', t('12:15:01')), 'fatigue_continuous')).toEqual([
      expect.objectContaining({
        type: 'open',
        vehicleId: 'b',
        startedAt: t('12:15:00'),
        limit: 240,
        peak: 240,
        detail: { limitKind: 'day', driverKey: 'Q310101', driverName: '张三' },
        episodeKey: `b:fatigue_continuous:${t('12:15:00')}`,
      }),
    ]);
  });

  it('the same driving without cards is two vehicles’ unidentified drivers: nothing opens', () => {
    const e = engineWith({}, truck('a'), truck('b'));
    threeHoursOnA(e, false);
    park(e, 'b', t('11:10:00'), t('11:14:00'));
    expect(fatigue([...drive(e, 'b', t('11:15:00'), t('12:15:00')), ...oneMore(e, 'b', t('12:15:01'))])).toEqual([]);
  });

  it('an episode ends on the first vehicle when the card comes out, and opens again on the next at its first minute of driving', () => {
    const e = engineWith({}, truck('a'), truck('b'));
    insert(e, 'a', t('07:59:00'), 'Q1', '李四');
    expect(only(drive(e, 'a', t('08:00:00'), t('12:09:00')), 'fatigue_continuous', 'open')).toHaveLength(1);
    park(e, 'a', t('12:10:00'), t('12:12:00'));
    expect(only(removeCard(e, 'a', t('12:12:00')), 'fatigue_continuous')).toEqual([
      expect.objectContaining({ type: 'close', vehicleId: 'a', startedAt: t('12:00:00'), endedAt: t('12:12:00'), peak: 250 }),
    ]);
    insert(e, 'b', t('12:15:00'), 'Q1', '李四');
    const opened = only(drive(e, 'b', t('12:20:00'), t('12:21:00')), 'fatigue_continuous');
    // 4 h 10 min on a, 1 min on b; the 10 min between are no rest.
    expect(opened).toEqual([
      expect.objectContaining({
        type: 'open',
        vehicleId: 'b',
        startedAt: t('12:21:00'),
        peak: 251,
        detail: expect.objectContaining({ driverKey: 'Q1' }),
      }),
    ]);
  });

  it('a driver whose card is in a vehicle stopped for hours has rested only since they last drove', () => {
    const e = engineWith({}, truck('a'), truck('b'));
    park(e, 'b', t('06:00:00'), t('10:09:00'));
    threeHoursOnA(e);
    insert(e, 'b', t('11:06:00'), 'Q310101', '张三');
    park(e, 'b', t('11:06:00'), t('11:14:00'));
    expect(fatigue(drive(e, 'b', t('11:15:00'), t('12:15:00')))).toEqual([]);
    expect(only(oneMore(e, 'b', t('12:15:01')), 'fatigue_continuous', 'open')).toHaveLength(1);
  });
});

describe('rest counts in the driver’s own time, across vehicles', () => {
  /** 2 h on a (08:00–10:00), card out at 10:01, into b at 10:02, b stopped until it moves at `move`. */
  function twoHoursThenB(e: RuleEngine, move: number): void {
    insert(e, 'a', t('07:59:00'), 'Q1');
    drive(e, 'a', t('08:00:00'), t('09:59:00'));
    park(e, 'a', t('10:00:00'), t('10:01:00'));
    removeCard(e, 'a', t('10:01:00'));
    insert(e, 'b', t('10:02:00'), 'Q1');
    park(e, 'b', t('10:02:00'), move - SEC);
  }

  it('19 min 59 s without driving is no rest: 2 h more is exactly 4 h, one second more opens', () => {
    const e = engineWith({}, truck('a'), truck('b'));
    const move = t('10:19:59');
    twoHoursThenB(e, move);
    expect(fatigue(drive(e, 'b', move, move + 2 * HOUR))).toEqual([]);
    expect(only(oneMore(e, 'b', move + 2 * HOUR + SEC), 'fatigue_continuous', 'open')[0]).toMatchObject({ startedAt: move + 2 * HOUR });
  });

  it('20 min without driving is a rest: 4 h more are allowed', () => {
    const e = engineWith({}, truck('a'), truck('b'));
    const move = t('10:20:00');
    twoHoursThenB(e, move);
    expect(fatigue(drive(e, 'b', move, move + 4 * HOUR))).toEqual([]);
  });

  it('time with the card in no reader is rest; a vehicle reporting nothing in between changes nothing', () => {
    const e = engineWith({}, truck('a'), truck('b'));
    threeHoursOnA(e);
    insert(e, 'b', t('11:25:00'), 'Q310101');
    // b’s first position is moving: the 25 min since 11:00 were the driver’s rest.
    expect(fatigue(drive(e, 'b', t('11:25:00'), t('15:25:00')))).toEqual([]);
  });

  it('a rest in the first vehicle with the card still in counts too', () => {
    const e = engineWith({}, truck('a'), truck('b'));
    insert(e, 'a', t('07:59:00'), 'Q1');
    drive(e, 'a', t('08:00:00'), t('10:59:00'));
    park(e, 'a', t('11:00:00'), t('11:20:00'));
    removeCard(e, 'a', t('11:20:00'));
    insert(e, 'b', t('11:21:00'), 'Q1');
    expect(fatigue(drive(e, 'b', t('11:21:00'), t('15:21:00')))).toEqual([]);
  });
});

describe('a driver change on one vehicle starts the new driver’s own counters', () => {
  it('after 3.5 h of one driver, another drives on without a rest: their 4 h count from their card; the first keeps theirs', () => {
    const e = engineWith({}, truck('a'), truck('b'));
    insert(e, 'a', t('07:59:00'), 'Q1', '张三');
    drive(e, 'a', t('08:00:00'), t('11:29:00'));
    park(e, 'a', t('11:30:00'), t('11:31:00'));
    removeCard(e, 'a', t('11:31:00'));
    insert(e, 'a', t('11:32:00'), 'Q2', '王五');
    expect(fatigue(drive(e, 'a', t('11:33:00'), t('15:33:00')))).toEqual([]);
    expect(only(oneMore(e, 'a', t('15:33:01')), 'fatigue_continuous', 'open')[0]).toMatchObject({
      startedAt: t('15:33:00'),
      detail: { limitKind: 'day', driverKey: 'Q2', driverName: '王五' },
    });
    // 张三 takes b at 11:40 after 10 min off: 30 min more makes his 4 h.
    insert(e, 'b', t('11:40:00'), 'Q1', '张三');
    expect(fatigue(drive(e, 'b', t('11:41:00'), t('12:11:00')))).toEqual([]);
    expect(only(oneMore(e, 'b', t('12:11:01')), 'fatigue_continuous', 'open')[0]).toMatchObject({
      vehicleId: 'b',
      startedAt: t('12:11:00'),
      detail: { driverKey: 'Q1', driverName: '张三' },
    });
  });

  it('without the change, the same driving opens at 12:03:01 for the vehicle', () => {
    const e = engineWith({}, truck('a'));
    drive(e, 'a', t('08:00:00'), t('11:29:00'));
    park(e, 'a', t('11:30:00'), t('11:31:00'));
    drive(e, 'a', t('11:33:00'), t('12:03:00'));
    expect(only(oneMore(e, 'a', t('12:03:01')), 'fatigue_continuous', 'open')[0]).toMatchObject({ detail: { driverKey: 'vehicle' } });
  });

  it('a card inserted over another closes the first driver’s episodes at that moment', () => {
    const e = engineWith({}, truck('a'));
    insert(e, 'a', t('07:59:00'), 'Q1');
    drive(e, 'a', t('08:00:00'), t('12:30:00'));
    const swap = insert(e, 'a', t('12:30:30'), 'Q2');
    expect(swap).toEqual([expect.objectContaining({ type: 'close', rule: 'fatigue_continuous', endedAt: t('12:30:30'), peak: 270 })]);
    expect(e.openEpisodes()).toBe(0);
    expect(fatigue(drive(e, 'a', t('12:31:00'), t('13:31:00')))).toEqual([]);
  });

  it('a card change while moving splits the interval: the new driver counts from the card', () => {
    const e = engineWith({}, truck('a'));
    insert(e, 'a', t('07:59:00'), 'Q1');
    drive(e, 'a', t('08:00:00'), t('10:00:00'), 30 * SEC);
    insert(e, 'a', t('10:00:10'), 'Q2');
    // Q2 from 10:00:10: 4 h at 14:00:10.
    expect(fatigue(drive(e, 'a', t('10:00:30'), t('14:00:00'), 30 * SEC))).toEqual([]);
    expect(only(drive(e, 'a', t('14:00:30'), t('14:00:30')), 'fatigue_continuous', 'open')[0]).toMatchObject({
      startedAt: t('14:00:10'),
      detail: { driverKey: 'Q2' },
    });
  });

  it('a card is in one reader at a time: inserted elsewhere, it leaves the first vehicle to its unidentified driver', () => {
    const e = engineWith({}, truck('a'), truck('b'));
    insert(e, 'a', t('07:59:00'), 'Q1');
    drive(e, 'a', t('08:00:00'), t('12:10:00'));
    const moved = insert(e, 'b', t('12:20:00'), 'Q1');
    expect(moved).toEqual([expect.objectContaining({ type: 'close', vehicleId: 'a', rule: 'fatigue_continuous', endedAt: t('12:20:00') })]);
    // a goes on without a card: its own driver has not driven yet.
    expect(fatigue(drive(e, 'a', t('12:21:00'), t('16:20:00')))).toEqual([]);
    expect(only(drive(e, 'b', t('12:21:00'), t('12:22:00')), 'fatigue_continuous', 'open')[0]?.detail).toEqual({
      limitKind: 'day',
      driverKey: 'Q1',
    });
  });

  it('the same card again, or a removal with no card in, changes nothing', () => {
    const e = engineWith({}, truck('a'));
    insert(e, 'a', t('07:59:00'), 'Q1');
    drive(e, 'a', t('08:00:00'), t('12:01:00'));
    expect(insert(e, 'a', t('12:01:10'), 'Q1')).toEqual([]);
    expect(e.openEpisodes()).toBe(1);
    const f = engineWith({}, truck('a'));
    drive(f, 'a', t('08:00:00'), t('12:01:00'));
    expect(removeCard(f, 'a', t('12:01:10'))).toEqual([]);
    expect(f.openEpisodes()).toBe(1);
  });

  it('a card change for a vehicle the engine does not know yet is ignored', () => {
    expect(insert(engineWith({}), 'x', t('08:00:00'), 'Q1')).toEqual([]);
  });
});

describe('no card: the vehicle’s own key', () => {
  it('without a card, after a removal, or with a card that could not be read, fatigue is the vehicle’s', () => {
    for (const setup of [
      (_e: RuleEngine) => {},
      (e: RuleEngine) => {
        insert(e, 'a', t('07:00:00'), 'Q1', '张三');
        removeCard(e, 'a', t('07:30:00'));
      },
      (e: RuleEngine) => insert(e, 'a', t('07:30:00'), null),
      (e: RuleEngine) => insert(e, 'a', t('07:30:00'), '   '),
    ]) {
      const e = engineWith({}, truck('a'));
      setup(e);
      drive(e, 'a', t('08:00:00'), t('12:00:00'));
      expect(only(oneMore(e, 'a', t('12:00:01')), 'fatigue_continuous', 'open')[0]?.detail).toEqual({
        limitKind: 'day',
        driverKey: 'vehicle',
      });
    }
  });

  it('after a card comes out, the vehicle’s own driver counts from then, not from before the card went in', () => {
    const e = engineWith({}, truck('a'));
    drive(e, 'a', t('06:00:00'), t('07:59:00'));
    insert(e, 'a', t('08:00:00'), 'Q1');
    drive(e, 'a', t('08:00:00'), t('09:00:00'));
    removeCard(e, 'a', t('09:00:30'));
    // The unidentified driver's 2 h ended at 08:00, an hour ago: rested.
    expect(fatigue(drive(e, 'a', t('09:01:00'), t('13:00:30')))).toEqual([]);
  });
});

describe('night limits for passenger drivers (22:00–06:00 CST), across vehicles', () => {
  it('1.5 h on a truck, then a coach: the night’s 2 h are reached on the coach at 22:15, one second more opens', () => {
    const e = fleet(['a', 'heavy_freight'], ['c', 'coach']);
    insert(e, 'a', t('19:59:00'), 'Q1');
    drive(e, 'a', t('20:00:00'), t('21:29:00'));
    park(e, 'a', t('21:30:00'), t('21:31:00'));
    removeCard(e, 'a', t('21:31:00'));
    insert(e, 'c', t('21:40:00'), 'Q1');
    expect(fatigue(drive(e, 'c', t('21:45:00'), t('22:15:00')))).toEqual([]);
    expect(only(oneMore(e, 'c', t('22:15:01')), 'fatigue_continuous', 'open')[0]).toMatchObject({
      vehicleId: 'c',
      limit: 120,
      startedAt: t('22:15:00'),
      detail: { limitKind: 'night', driverKey: 'Q1' },
    });
  });

  it('2 h 49 min by 21:59 across vehicles is allowed by day; at 22:00 the night limit opens at once', () => {
    const e = fleet(['a', 'heavy_freight'], ['c', 'tourist_coach']);
    insert(e, 'a', t('18:59:00'), 'Q1');
    drive(e, 'a', t('19:00:00'), t('20:59:00'));
    park(e, 'a', t('21:00:00'), t('21:01:00'));
    removeCard(e, 'a', t('21:01:00'));
    insert(e, 'c', t('21:05:00'), 'Q1');
    expect(fatigue(drive(e, 'c', t('21:10:00'), t('21:59:00')))).toEqual([]);
    expect(only(oneMore(e, 'c', t('22:00:00')), 'fatigue_continuous', 'open')[0]).toMatchObject({
      startedAt: t('22:00:00'),
      limit: 120,
      peak: 170,
      detail: { limitKind: 'night' },
    });
  });

  it('the night ends at 06:00: 2 h + 1 s reached at 05:59:59 opens, reached at 06:00:00 does not', () => {
    const late = fleet(['c', 'coach']);
    insert(late, 'c', t('03:00:00', '2026-12-08'), 'Q1');
    const opened = only(drive(late, 'c', t('03:59:58', '2026-12-08'), t('05:59:59', '2026-12-08')), 'fatigue_continuous', 'open');
    expect(opened).toEqual([expect.objectContaining({ startedAt: t('05:59:58', '2026-12-08'), limit: 120 })]);
    const day = fleet(['c', 'coach']);
    insert(day, 'c', t('03:00:00', '2026-12-08'), 'Q1');
    expect(fatigue(drive(day, 'c', t('03:59:59', '2026-12-08'), t('05:59:59', '2026-12-08')))).toEqual([]);
    expect(
      fatigue([
        ...oneMore(day, 'c', t('06:00:00', '2026-12-08')),
        ...drive(day, 'c', t('06:01:00', '2026-12-08'), t('07:59:59', '2026-12-08')),
      ]),
    ).toEqual([]);
    expect(only(oneMore(day, 'c', t('08:00:00', '2026-12-08')), 'fatigue_continuous', 'open')[0]).toMatchObject({ limit: 240 });
  });

  it('a truck driver has 4 h at night even after a coach', () => {
    const e = fleet(['c', 'coach'], ['a', 'heavy_freight']);
    insert(e, 'c', t('20:59:00'), 'Q1');
    drive(e, 'c', t('21:00:00'), t('21:59:00'));
    park(e, 'c', t('22:00:00'), t('22:01:00'));
    removeCard(e, 'c', t('22:01:00'));
    insert(e, 'a', t('22:05:00'), 'Q1');
    expect(fatigue(drive(e, 'a', t('22:10:00'), t('01:10:00', '2026-12-08')))).toEqual([]);
    expect(only(oneMore(e, 'a', t('01:10:01', '2026-12-08')), 'fatigue_continuous', 'open')[0]).toMatchObject({ limit: 240 });
  });
});

describe('8 h in a rolling 24 h, across vehicles and midnight', () => {
  it('3.5 h on one truck, 3.5 h on another across midnight, 1 h more: exactly 8 h at 03:00, one second more opens', () => {
    const e = engineWith({}, truck('a'), truck('b'));
    insert(e, 'a', t('17:59:00'), 'Q1', '张三');
    drive(e, 'a', t('18:00:00'), t('21:29:00'));
    park(e, 'a', t('21:30:00'), t('21:45:00'));
    removeCard(e, 'a', t('21:45:00'));
    insert(e, 'b', t('21:50:00'), 'Q1', '张三');
    park(e, 'b', t('21:50:00'), t('21:59:00'));
    const night = [
      ...drive(e, 'b', t('22:00:00'), t('01:29:00', '2026-12-08')),
      ...park(e, 'b', t('01:30:00', '2026-12-08'), t('01:59:00', '2026-12-08')),
      ...drive(e, 'b', t('02:00:00', '2026-12-08'), t('03:00:00', '2026-12-08')),
    ];
    expect(fatigue(night)).toEqual([]);
    expect(only(oneMore(e, 'b', t('03:00:01', '2026-12-08')), 'fatigue_daily')).toEqual([
      expect.objectContaining({
        type: 'open',
        vehicleId: 'b',
        startedAt: t('03:00:00', '2026-12-08'),
        limit: 480,
        peak: 480,
        detail: { windowHours: 24, driverKey: 'Q1', driverName: '张三' },
      }),
    ]);
  });

  it('yesterday afternoon’s 4 h on one truck count in this morning’s window on another; they leave it 24 h later', () => {
    const e = engineWith({}, truck('a'), truck('b'));
    insert(e, 'a', t('11:59:00'), 'Q1');
    drive(e, 'a', t('12:00:00'), t('15:59:00'));
    park(e, 'a', t('16:00:00'), t('16:01:00'));
    removeCard(e, 'a', t('16:01:00'));
    const d2 = (hhmm: string) => t(hhmm, '2026-12-08');
    insert(e, 'b', d2('05:59:00'), 'Q1');
    const morning = [...drive(e, 'b', d2('06:00:00'), d2('09:29:00')), ...park(e, 'b', d2('09:30:00'), d2('09:59:00'))];
    expect(fatigue([...morning, ...drive(e, 'b', d2('10:00:00'), d2('10:30:00'))])).toEqual([]);
    const opened = only(oneMore(e, 'b', d2('10:30:01')), 'fatigue_daily');
    expect(opened).toEqual([
      expect.objectContaining({ type: 'open', startedAt: d2('10:30:00'), detail: expect.objectContaining({ driverKey: 'Q1' }) }),
    ]);
    // Parked until 16:00 of day two: yesterday's 12:00–16:00 has left the window, 4 h today remain.
    park(e, 'b', d2('10:31:00'), d2('16:00:00'));
    const later = [...drive(e, 'b', d2('16:00:00'), d2('19:00:00')), ...oneMore(e, 'b', d2('19:00:01'))];
    expect(only(later, 'fatigue_daily', 'open')).toEqual([]);
  });

  it('the unidentified drivers of two vehicles do not add up', () => {
    const e = engineWith({}, truck('a'), truck('b'));
    drive(e, 'a', t('06:00:00'), t('09:29:00'));
    park(e, 'a', t('09:30:00'), t('09:59:00'));
    drive(e, 'a', t('10:00:00'), t('13:29:00'));
    park(e, 'a', t('13:30:00'), t('13:31:00'));
    expect(fatigue([...drive(e, 'b', t('14:00:00'), t('15:00:00')), ...oneMore(e, 'b', t('15:00:01'))])).toEqual([]);
  });
});

describe('memory: drivers idle for over 24 h are dropped on tick', () => {
  it('drops a driver without a vehicle 24 h after their last activity; keeps one whose card is in', () => {
    const e = engineWith({}, truck('a'), truck('b'));
    insert(e, 'a', t('07:59:00'), 'Q1');
    drive(e, 'a', t('08:00:00'), t('09:00:00'));
    removeCard(e, 'a', t('09:00:00'));
    insert(e, 'b', t('09:00:00'), 'Q2');
    expect(e.trackedDrivers()).toBe(2);
    e.tick(t('09:00:00', '2026-12-08'));
    expect(e.trackedDrivers()).toBe(2);
    e.tick(t('09:00:01', '2026-12-08'));
    expect(e.trackedDrivers()).toBe(1);
    e.tick(t('09:00:00', '2026-12-10'));
    expect(e.trackedDrivers()).toBe(1);
    // Q1 comes back fresh, as a 24 h break would leave them anyway.
    insert(e, 'a', t('10:00:00', '2026-12-08'), 'Q1');
    expect(e.trackedDrivers()).toBe(2);
    expect(fatigue(drive(e, 'a', t('10:00:00', '2026-12-08'), t('14:00:00', '2026-12-08')))).toEqual([]);
  });

  it('reuses a dropped driver’s log slot without mixing logs', () => {
    const e = engineWith({}, truck('a'), truck('b'));
    insert(e, 'a', t('07:59:00'), 'Q1');
    drive(e, 'a', t('08:00:00'), t('11:00:00'));
    removeCard(e, 'a', t('11:00:00'));
    e.tick(t('12:00:00', '2026-12-08'));
    expect(e.trackedDrivers()).toBe(0);
    insert(e, 'b', t('12:00:00', '2026-12-08'), 'Q9');
    drive(e, 'b', t('12:00:00', '2026-12-08'), t('16:00:00', '2026-12-08'));
    expect(only(oneMore(e, 'b', t('16:00:01', '2026-12-08')), 'fatigue_continuous', 'open')[0]).toMatchObject({
      startedAt: t('16:00:00', '2026-12-08'),
      detail: { driverKey: 'Q9' },
    });
  });

  it('holds 100,000 carded drivers at under 1 KB each (≈ 0.5 KB measured)', () => {
    const e = engineWith({}, truck('a'));
    const before = process.memoryUsage();
    for (let i = 0; i < 100_000; i++) {
      insert(e, 'a', t('08:00:00') + i * SEC, `Q${i}`, '驾驶员');
      drive(e, 'a', t('08:00:00') + i * SEC, t('08:00:00') + i * SEC);
    }
    expect(e.trackedDrivers()).toBe(100_000);
    const after = process.memoryUsage();
    const grown = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers);
    expect(grown / 100_000).toBeLessThan(1000);
  });
});
