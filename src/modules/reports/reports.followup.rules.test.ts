import { describe, expect, it } from 'vitest';
import {
  CLOSURES,
  canAddInformation,
  canReopen,
  type FigureReport,
  figuresOf,
  HIDDEN_TEXT,
  type HistoryEvent,
  isOpenState,
  PUBLIC_STATES,
  publicDescription,
  publicHistory,
  publicNote,
  responseFigures,
  spamCheck,
  textProblem,
} from './reports.rules.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const CLOSED = new Date('2026-11-01T04:00:00Z');
const later = (ms: number) => new Date(CLOSED.getTime() + ms);

describe('re-opening a report', () => {
  it('is allowed for a fixed report up to exactly 30 days after the fix, and not 1 ms later', () => {
    expect(canReopen('fixed', CLOSED, CLOSED)).toEqual({ ok: true });
    expect(canReopen('fixed', CLOSED, later(30 * DAY - 1))).toEqual({ ok: true });
    expect(canReopen('fixed', CLOSED, later(30 * DAY))).toEqual({ ok: true });
    expect(canReopen('fixed', CLOSED, later(30 * DAY + 1))).toEqual({ ok: false, reason: 'closed_too_long_ago' });
    expect(canReopen('fixed', CLOSED, later(365 * DAY))).toEqual({ ok: false, reason: 'closed_too_long_ago' });
  });

  it('is refused in every other public state, however recent', () => {
    for (const state of PUBLIC_STATES.filter((s) => s !== 'fixed')) {
      expect(canReopen(state, CLOSED, later(1)), state).toEqual({ ok: false, reason: 'not_fixed' });
      expect(canReopen(state, null, later(1)), state).toEqual({ ok: false, reason: 'not_fixed' });
    }
  });

  it('is refused for a fixed report whose closing time is unknown', () => {
    expect(canReopen('fixed', null, CLOSED)).toEqual({ ok: false, reason: 'no_closing_time' });
  });
});

describe('adding information or photos', () => {
  it('is allowed at any time while the report is open', () => {
    for (const state of ['received', 'reopened', 'verified', 'in_progress'] as const) {
      expect(isOpenState(state)).toBe(true);
      expect(canAddInformation(state, null, later(1000 * DAY)), state).toEqual({ ok: true });
    }
  });

  it('is allowed up to exactly 30 days after closing (fixed or any closing reason), and not 1 ms later', () => {
    for (const state of ['fixed', ...CLOSURES] as const) {
      expect(isOpenState(state)).toBe(false);
      expect(canAddInformation(state, CLOSED, later(30 * DAY)), state).toEqual({ ok: true });
      expect(canAddInformation(state, CLOSED, later(30 * DAY - 1)), state).toEqual({ ok: true });
      expect(canAddInformation(state, CLOSED, later(30 * DAY + 1)), state).toEqual({ ok: false, reason: 'closed_too_long_ago' });
      expect(canAddInformation(state, null, CLOSED), state).toEqual({ ok: false, reason: 'no_closing_time' });
    }
  });
});

describe('moderation', () => {
  it('replaces a hidden description publicly with a bilingual placeholder', () => {
    expect(publicDescription({ description: '张三家门口堆放了液化气罐', description_hidden_at: null })).toBe('张三家门口堆放了液化气罐');
    const hidden = publicDescription({ description: '张三家门口堆放了液化气罐', description_hidden_at: CLOSED });
    expect(hidden).toBe(HIDDEN_TEXT);
    expect(hidden).not.toContain('张三');
    expect(hidden).toMatch(/隐藏/);
    expect(hidden).toMatch(/hidden/);
  });
});

describe('the public history', () => {
  const t = (h: number) => new Date(CLOSED.getTime() + h * HOUR);
  const ev = (h: number, kind: string, to: HistoryEvent['to_status'], note: string | null = null, hidden = false): HistoryEvent => ({
    at: t(h),
    kind,
    to_status: to,
    public_note: note,
    note_hidden_at: hidden ? t(h + 1) : null,
  });

  it('hides a moderated note and leaves out moderation itself', () => {
    expect(publicNote({ public_note: '王五 139', note_hidden_at: CLOSED })).toBe(HIDDEN_TEXT);
    expect(publicNote({ public_note: '补充', note_hidden_at: null })).toBe('补充');
    expect(publicNote({ public_note: null, note_hidden_at: CLOSED })).toBeNull();
    const h = publicHistory(
      [ev(0, 'submit', 'submitted'), ev(1, 'information', 'submitted', '王五 139', true), ev(2, 'moderate', 'submitted')],
      'submitted',
      null,
    );
    expect(h.map((x) => [x.kind, x.state, x.note])).toEqual([
      ['submit', 'received', null],
      ['information', 'received', HIDDEN_TEXT],
    ]);
  });

  it('adds the fixed step of a closed hazard in time order, and reads later information as added to a fixed report', () => {
    const events = [
      ev(0, 'submit', 'submitted'),
      ev(1, 'verify', 'verified'),
      ev(2, 'create_hazard', 'hazard'),
      ev(3, 'information', 'hazard', '还在'),
      ev(9, 'information', 'hazard', '已经好了'),
    ];
    const fixed = publicHistory(events, 'hazard', { status: 'closed', closedAt: t(5) });
    expect(fixed.map((x) => [x.kind, x.state])).toEqual([
      ['submit', 'received'],
      ['verify', 'verified'],
      ['create_hazard', 'in_progress'],
      ['information', 'in_progress'],
      ['hazard_closed', 'fixed'],
      ['information', 'fixed'],
    ]);
    const underway = publicHistory(events, 'hazard', { status: 'treating', closedAt: null });
    expect(underway.map((x) => x.state)).toEqual(['received', 'verified', 'in_progress', 'in_progress', 'in_progress']);
  });

  it('keeps a re-opened report’s fixed step from its own event, not from the hazard', () => {
    const h = publicHistory(
      [
        ev(0, 'submit', 'submitted'),
        ev(2, 'create_hazard', 'hazard'),
        ev(5, 'hazard_closed', 'hazard'),
        ev(8, 'reopen', 'reopened', '又堵了'),
      ],
      'reopened',
      { status: 'closed', closedAt: t(5) },
    );
    expect(h.map((x) => [x.kind, x.state, x.note])).toEqual([
      ['submit', 'received', null],
      ['create_hazard', 'in_progress', null],
      ['hazard_closed', 'fixed', null],
      ['reopen', 'reopened', '又堵了'],
    ]);
  });
});

describe('the anti-spam check', () => {
  it('lets ordinary reports through, short Chinese ones and ones naming a website among words', () => {
    for (const d of [
      '有煤气味',
      '商场后门安全出口被铁链锁住',
      '楼道里有电动车充电 3楼',
      'The fire exit at the back of the mall is chained shut',
      '店铺招牌上写着 www.example.com，后面仓库住人',
      '第0个',
    ])
      expect(spamCheck({ description: d }), d).toEqual([]);
    expect(spamCheck({ description: '有煤气味', website: '' })).toEqual([]);
    expect(spamCheck({ description: '有煤气味', website: '   ' })).toEqual([]);
  });

  it('refuses a filled honeypot, naming the website field', () => {
    expect(spamCheck({ description: '有煤气味', website: 'http://spam.example' })).toEqual([
      { field: 'website', problem: 'must be left empty' },
    ]);
  });

  it('refuses a description that is only links', () => {
    for (const d of ['http://spam.example/buy', 'https://a.example/x https://b.example/y', 'www.casino.com', '  spam.cn , cheap.top/x  '])
      expect(
        spamCheck({ description: d }).map((p) => p.field),
        d,
      ).toEqual(['description']);
  });

  it('refuses a description of one or two characters repeated, or one character 20 times in a row', () => {
    for (const d of ['aaaaaa', '哈哈哈哈哈哈', 'ababababab', '!!!! 1111 !!!! 1111', `消防通道${'啊'.repeat(20)}`])
      expect(textProblem(d), d).not.toBeNull();
    for (const d of ['aaaaa', '哈哈哈', `消防通道${'啊'.repeat(19)}`]) expect(textProblem(d), d).toBeNull();
  });

  it('names both fields when both are wrong', () => {
    expect(spamCheck({ description: 'http://x.example', website: 'x' }).map((p) => p.field)).toEqual(['website', 'description']);
  });
});

describe('response figures', () => {
  const T0 = new Date('2026-11-01T00:00:00Z');
  const NOW = new Date(T0.getTime() + 100 * HOUR);
  const report = (over: Partial<FigureReport>): FigureReport => ({
    organisationId: 'org-a',
    serviceCode: 'fire_exit',
    receivedAt: T0,
    status: 'submitted',
    state: 'received',
    verifiedAt: null,
    firstResponseAt: null,
    firstDueAt: new Date(T0.getTime() + 24 * HOUR),
    dueAt: new Date(T0.getTime() + 24 * HOUR),
    ...over,
  });
  const at = (h: number) => new Date(T0.getTime() + h * HOUR);

  it('counts nothing for no reports', () => {
    expect(figuresOf([], NOW)).toEqual({
      received: 0,
      verified: 0,
      handled: 0,
      closed: { fixed: 0, duplicate: 0, not_a_hazard: 0, not_our_responsibility: 0, no_further_action: 0 },
      respondedInTime: 0,
      inTimeRate: null,
      medianHoursToFirstResponse: null,
      open: 0,
      overdue: 0,
    });
  });

  it('counts received, verified, handled, closings by reason, open and overdue', () => {
    const f = figuresOf(
      [
        report({ status: 'verified', state: 'verified', verifiedAt: at(2), firstResponseAt: at(2) }),
        report({ status: 'hazard', state: 'fixed', verifiedAt: at(4), firstResponseAt: at(4) }),
        report({ status: 'duplicate', state: 'duplicate', firstResponseAt: at(30) }),
        report({ status: 'not_a_hazard', state: 'not_a_hazard', firstResponseAt: at(24) }),
        report({}),
        report({ status: 'reopened', state: 'reopened', verifiedAt: at(1), firstResponseAt: at(1), dueAt: at(200) }),
        report({ status: 'reopened', state: 'reopened', firstResponseAt: at(3), dueAt: at(99) }),
      ],
      NOW,
    );
    expect(f).toMatchObject({
      received: 7,
      verified: 3,
      handled: 6,
      closed: { fixed: 1, duplicate: 1, not_a_hazard: 1, not_our_responsibility: 0, no_further_action: 0 },
      open: 4,
      // the unanswered one (due at 24 h), and the re-opened one past its new deadline (99 h)
      overdue: 2,
    });
  });

  it('counts an answer at the deadline as in time and 1 ms later as late; the rate leaves out those not yet due', () => {
    const f = figuresOf(
      [
        report({ firstResponseAt: at(24), status: 'verified', state: 'verified' }),
        report({ firstResponseAt: new Date(at(24).getTime() + 1), status: 'verified', state: 'verified' }),
        // unanswered and past due: counts against the rate
        report({}),
        // unanswered, not yet due: not counted either way
        report({ receivedAt: at(90), firstDueAt: at(114), dueAt: at(114) }),
      ],
      NOW,
    );
    expect(f.respondedInTime).toBe(1);
    expect(f.inTimeRate).toBe(0.333);
    expect(f.overdue).toBe(1);
  });

  it('takes the median hours to the first answer (odd and even counts)', () => {
    const odd = [1, 3, 10].map((h) => report({ firstResponseAt: at(h), status: 'verified', state: 'verified' }));
    expect(figuresOf(odd, NOW).medianHoursToFirstResponse).toBe(3);
    const even = [1, 2, 4, 10].map((h) => report({ firstResponseAt: at(h), status: 'verified', state: 'verified' }));
    expect(figuresOf(even, NOW).medianHoursToFirstResponse).toBe(3);
    expect(figuresOf([report({ firstResponseAt: new Date(T0.getTime() + 90 * 60_000) })], NOW).medianHoursToFirstResponse).toBe(1.5);
  });

  it('groups per organisation and per service, most reports first, with a total', () => {
    const out = responseFigures(
      [
        report({ organisationId: 'org-b', serviceCode: 'gas_smell' }),
        report({ organisationId: 'org-a', serviceCode: 'gas_smell' }),
        report({ organisationId: 'org-a' }),
        report({ organisationId: null, serviceCode: 'other' }),
      ],
      NOW,
    );
    expect(out.total.received).toBe(4);
    expect(out.byOrganisation.map((g) => [g.key, g.figures.received])).toEqual([
      ['org-a', 2],
      ['org-b', 1],
      [null, 1],
    ]);
    expect(out.byService.map((g) => [g.key, g.figures.received])).toEqual([
      ['gas_smell', 2],
      ['fire_exit', 1],
      ['other', 1],
    ]);
  });
});
