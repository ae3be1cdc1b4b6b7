import { describe, expect, it } from 'vitest';
import {
  boxAround,
  CLOSURES,
  checkAttributes,
  fmsStatus,
  formatW3c,
  haversineMeters,
  isOverdue,
  nextStatus,
  open311Status,
  PUBLIC_STATES,
  parseW3cDateTime,
  publicState,
  REPORT_STATUSES,
  type ReportStatus,
  type RoutingArea,
  requestWindow,
  responseDeadline,
  route,
  SERVICE_ATTRIBUTES,
  SERVICES,
  serviceByCode,
  slidingWindow,
  statusNotes,
  TRIAGE_ACTIONS,
  type TriageAction,
  within,
} from './reports.rules.js';
import { escapeXml, xmlDocument } from './xml.js';

const T0 = new Date('2026-12-07T08:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;
const HOUR = 60 * MIN;

describe('slidingWindow', () => {
  const policy = { limit: 3, windowMs: HOUR };

  it('allows while fewer than the limit fall in the window', () => {
    expect(slidingWindow([], T0, policy)).toEqual({ allowed: true });
    expect(slidingWindow([at(-10 * MIN), at(-5 * MIN)], T0, policy)).toEqual({ allowed: true });
  });

  it('refuses the next one at the limit, until the oldest of the last `limit` leaves the window', () => {
    const hits = [at(-50 * MIN), at(-20 * MIN), at(-1 * MIN)];
    expect(slidingWindow(hits, T0, policy)).toEqual({ allowed: false, retryAfterSeconds: 10 * 60 });
    expect(slidingWindow(hits, at(10 * MIN - 1000), policy)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(slidingWindow(hits, at(10 * MIN), policy)).toEqual({ allowed: true });
  });

  it('forgets hits older than the window and ignores hits in the future', () => {
    expect(slidingWindow([at(-2 * HOUR), at(-61 * MIN), at(-HOUR), at(-5 * MIN)], T0, policy)).toEqual({ allowed: true });
    expect(slidingWindow([at(-5 * MIN), at(-4 * MIN), at(5 * MIN)], T0, policy)).toEqual({ allowed: true });
  });

  it('uses the oldest of the most recent `limit` hits, whatever the order given', () => {
    const hits = [at(-1 * MIN), at(-40 * MIN), at(-30 * MIN), at(-59 * MIN)];
    // The last three are at -40, -30, -1 min: the one at -40 min leaves in 20 minutes.
    expect(slidingWindow(hits, T0, policy)).toEqual({ allowed: false, retryAfterSeconds: 20 * 60 });
  });

  it('never says retry after less than a second', () => {
    expect(slidingWindow([at(-HOUR + 1)], T0, { limit: 1, windowMs: HOUR })).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });
});

describe('distances and nearby reports', () => {
  const tiananmen = { lng: 116.3975, lat: 39.9087 };

  it('measures great-circle distances', () => {
    expect(haversineMeters(tiananmen, tiananmen)).toBe(0);
    // One thousandth of a degree of latitude is about 111 m anywhere.
    expect(haversineMeters(tiananmen, { ...tiananmen, lat: tiananmen.lat + 0.001 })).toBeCloseTo(111.2, 0);
    // A degree of longitude shrinks with the cosine of the latitude.
    expect(haversineMeters(tiananmen, { ...tiananmen, lng: tiananmen.lng + 0.001 })).toBeCloseTo(85.2, 0);
    // Beijing to Shanghai, about 1,067 km.
    expect(haversineMeters(tiananmen, { lng: 121.4737, lat: 31.2304 }) / 1000).toBeCloseTo(1067, -1);
  });

  it('boxes hold the whole circle', () => {
    const box = boxAround(tiananmen, 250);
    for (const bearing of [0, 45, 90, 135, 180, 225, 270, 315]) {
      const rad = (bearing * Math.PI) / 180;
      const p = { lng: tiananmen.lng + (Math.sin(rad) * 249) / 85_200, lat: tiananmen.lat + (Math.cos(rad) * 249) / 111_200 };
      expect(haversineMeters(tiananmen, p)).toBeLessThan(250);
      expect(p.lng >= box.minLng && p.lng <= box.maxLng && p.lat >= box.minLat && p.lat <= box.maxLat).toBe(true);
    }
    expect(box.maxLat - box.minLat).toBeCloseTo((2 * 250) / 111_195, 5);
  });

  it('keeps candidates within the radius, nearest first, and drops those beyond', () => {
    const c = (id: string, dLatMetres: number) => ({ id, lng: tiananmen.lng, lat: tiananmen.lat + dLatMetres / 111_195 });
    const found = within([c('far', 260), c('edge', 249), c('near', 10), c('mid', 120)], tiananmen, 250);
    expect(found.map((f) => f.id)).toEqual(['near', 'mid', 'edge']);
    expect(found.map((f) => f.distanceMeters)).toEqual([10, 120, 249]);
    expect(within([c('far', 260)], tiananmen, 250)).toEqual([]);
  });
});

describe('states', () => {
  const table: Record<ReportStatus, Partial<Record<TriageAction, ReportStatus>>> = {
    submitted: {
      verify: 'verified',
      duplicate: 'duplicate',
      not_a_hazard: 'not_a_hazard',
      not_our_responsibility: 'not_our_responsibility',
      no_further_action: 'no_further_action',
    },
    reopened: {
      verify: 'verified',
      duplicate: 'duplicate',
      not_a_hazard: 'not_a_hazard',
      not_our_responsibility: 'not_our_responsibility',
      no_further_action: 'no_further_action',
    },
    verified: {
      create_hazard: 'hazard',
      duplicate: 'duplicate',
      not_a_hazard: 'not_a_hazard',
      not_our_responsibility: 'not_our_responsibility',
      no_further_action: 'no_further_action',
    },
    hazard: {},
    duplicate: {},
    not_a_hazard: {},
    not_our_responsibility: {},
    no_further_action: {},
  };

  it('allows exactly the transitions of the table', () => {
    for (const status of REPORT_STATUSES)
      for (const action of TRIAGE_ACTIONS) expect(nextStatus(status, action), `${status} ${action}`).toBe(table[status][action] ?? null);
  });

  it('tells the public "fixed" only when the linked hazard is closed', () => {
    expect(publicState('submitted', null)).toBe('received');
    expect(publicState('verified', null)).toBe('verified');
    // A re-opened report reads as re-opened whatever its old (closed) hazard says.
    expect(publicState('reopened', 'closed')).toBe('reopened');
    expect(publicState('reopened', null)).toBe('reopened');
    for (const h of ['discovered', 'registered', 'assessed', 'treating', 'awaiting_acceptance', 'accepted', null])
      expect(publicState('hazard', h)).toBe('in_progress');
    expect(publicState('hazard', 'closed')).toBe('fixed');
    expect(publicState('hazard', 'dismissed')).toBe('not_a_hazard');
    for (const c of CLOSURES) {
      expect(publicState(c, null)).toBe(c);
      expect(publicState(c, 'closed')).toBe(c);
    }
  });

  it('maps every public state onto Open311 open or closed', () => {
    const open = PUBLIC_STATES.filter((s) => open311Status(s) === 'open');
    expect(open).toEqual(['received', 'reopened', 'verified', 'in_progress']);
    expect(PUBLIC_STATES.filter((s) => open311Status(s) === 'closed')).toEqual(['fixed', ...CLOSURES]);
  });

  it('gives every public state a FixMyStreet extended status', () => {
    expect(Object.fromEntries(PUBLIC_STATES.map((s) => [s, fmsStatus(s)]))).toEqual({
      received: 'OPEN',
      reopened: 'OPEN',
      verified: 'INVESTIGATING',
      in_progress: 'IN_PROGRESS',
      fixed: 'FIXED',
      duplicate: 'DUPLICATE',
      not_a_hazard: 'CLOSED',
      not_our_responsibility: 'NOT_COUNCILS_RESPONSIBILITY',
      no_further_action: 'NO_FURTHER_ACTION',
    });
  });

  it('puts the detail into status_notes, naming whose responsibility or which report', () => {
    expect(statusNotes('not_our_responsibility', { referredTo: '区交通运输局' })).toContain('区交通运输局');
    expect(statusNotes('duplicate', { duplicateOf: 'JB-2026-000001' })).toContain('JB-2026-000001');
    expect(statusNotes('fixed', {})).toMatch(/销号.*Fixed/);
    expect(statusNotes('received', { referredTo: 'x' })).not.toContain('x');
  });

  it('is overdue only while unanswered past the category deadline', () => {
    const service = serviceByCode('gas_smell');
    expect(service?.responseHours).toBe(2);
    const due = responseDeadline(T0, service as NonNullable<typeof service>);
    expect(due.toISOString()).toBe('2026-12-07T10:00:00.000Z');
    expect(isOverdue('submitted', due, at(2 * HOUR))).toBe(false);
    expect(isOverdue('submitted', due, at(2 * HOUR + 1))).toBe(true);
    expect(isOverdue('reopened', due, at(2 * HOUR))).toBe(false);
    expect(isOverdue('reopened', due, at(2 * HOUR + 1))).toBe(true);
    for (const s of REPORT_STATUSES.filter((x) => x !== 'submitted' && x !== 'reopened'))
      expect(isOverdue(s, due, at(10 * HOUR))).toBe(false);
  });
});

describe('routing', () => {
  const square = (x0: number, y0: number, x1: number, y1: number) => ({
    type: 'Polygon' as const,
    coordinates: [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ] as [number, number][],
    ],
  });
  const areas: RoutingArea[] = [
    { id: 'city', parentId: null, boundary: square(0, 0, 10, 10) },
    { id: 'district', parentId: 'city', boundary: square(0, 0, 6, 6) },
    { id: 'street-a', parentId: 'district', boundary: square(0, 0, 3, 3) },
    { id: 'street-b', parentId: 'district', boundary: square(3, 0, 6, 3) },
    { id: 'grid-a1', parentId: 'street-a', boundary: square(0, 0, 1, 1) },
  ];
  const regulators = [
    { id: 'office-a', areaId: 'street-a', department: 'emergency' as const },
    { id: 'district-emergency', areaId: 'district', department: 'emergency' as const },
    { id: 'district-transport', areaId: 'district', department: 'transport' as const },
  ];

  it('routes to the street office whose area holds the point, through the deepest area', () => {
    expect(route({ lng: 0.5, lat: 0.5 }, 'emergency', areas, regulators)).toEqual({
      areaId: 'grid-a1',
      areaPath: ['city', 'district', 'street-a', 'grid-a1'],
      organisationId: 'office-a',
    });
    expect(route({ lng: 2, lat: 2 }, 'emergency', areas, regulators)?.organisationId).toBe('office-a');
  });

  it('goes up the path when the street has no office of its own', () => {
    expect(route({ lng: 4, lat: 1 }, 'emergency', areas, regulators)).toEqual({
      areaId: 'street-b',
      areaPath: ['city', 'district', 'street-b'],
      organisationId: 'district-emergency',
    });
  });

  it('routes by category to another department, falling back to emergency management', () => {
    expect(route({ lng: 0.5, lat: 0.5 }, 'transport', areas, regulators)?.organisationId).toBe('district-transport');
    expect(route({ lng: 0.5, lat: 0.5 }, 'fire', areas, regulators)?.organisationId).toBe('office-a');
  });

  it('refuses points outside every area and puts reports without a point at the root', () => {
    expect(route({ lng: 20, lat: 20 }, 'emergency', areas, regulators)).toBeNull();
    expect(route(null, 'emergency', areas, regulators)).toEqual({
      areaId: 'city',
      areaPath: ['city'],
      organisationId: 'district-emergency',
    });
  });

  it('honours holes in polygons', () => {
    const holed: RoutingArea[] = [
      {
        id: 'ring',
        parentId: null,
        boundary: { type: 'Polygon', coordinates: [...square(0, 0, 4, 4).coordinates, ...square(1, 1, 2, 2).coordinates] },
      },
    ];
    expect(route({ lng: 0.5, lat: 0.5 }, 'emergency', holed, [])?.areaId).toBe('ring');
    expect(route({ lng: 1.5, lat: 1.5 }, 'emergency', holed, [])).toBeNull();
  });
});

describe('services and their questions', () => {
  it('have unique codes, an "other", and attributes with unique orders from 1', () => {
    expect(new Set(SERVICES.map((s) => s.code)).size).toBe(SERVICES.length);
    expect(serviceByCode('other')).toBeDefined();
    for (const [code, attributes] of Object.entries(SERVICE_ATTRIBUTES)) {
      expect(serviceByCode(code), code).toBeDefined();
      expect(attributes.map((a) => a.order).sort()).toEqual(attributes.map((_, i) => i + 1));
    }
  });

  it('checks required answers, list values and unknown questions', () => {
    expect(checkAttributes('gas_smell', { indoors: 'yes' })).toEqual([]);
    expect(checkAttributes('gas_smell', {})).toEqual([{ attribute: 'indoors', problem: 'required' }]);
    expect(checkAttributes('gas_smell', { indoors: ' ' })).toEqual([{ attribute: 'indoors', problem: 'required' }]);
    expect(checkAttributes('gas_smell', { indoors: 'maybe' })).toEqual([{ attribute: 'indoors', problem: 'not among the values: maybe' }]);
    expect(checkAttributes('gas_smell', { indoors: ['yes', 'no'] })).toEqual([{ attribute: 'indoors', problem: 'takes one value' }]);
    expect(checkAttributes('muck_truck', { problems: ['overloaded', 'spilling'] })).toEqual([]);
    expect(checkAttributes('muck_truck', { problems: ['overloaded', 'flying'] })).toEqual([
      { attribute: 'problems', problem: 'not among the values: flying' },
    ]);
    expect(checkAttributes('other', { colour: 'red' })).toEqual([{ attribute: 'colour', problem: 'not a question of this service' }]);
    // An informational notice is not a question.
    expect(checkAttributes('gas_smell', { indoors: 'no', emergency_notice: 'x' })).toEqual([
      { attribute: 'emergency_notice', problem: 'not a question of this service' },
    ]);
  });
});

describe('Open311 date-times and windows', () => {
  it('accepts W3C date-times only with a timezone', () => {
    expect(parseW3cDateTime('2026-12-07T08:00:00+08:00')?.toISOString()).toBe('2026-12-07T00:00:00.000Z');
    expect(parseW3cDateTime('2026-12-07T08:00:00Z')?.toISOString()).toBe('2026-12-07T08:00:00.000Z');
    expect(parseW3cDateTime('2026-12-07T08:00+08:00')?.toISOString()).toBe('2026-12-07T00:00:00.000Z');
    expect(parseW3cDateTime('2026-12-07T08:00:00.250-05:00')?.toISOString()).toBe('2026-12-07T13:00:00.250Z');
    for (const bad of [
      '2026-12-07T08:00:00',
      '2026-12-07',
      'yesterday',
      '2026-02-30T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-12-07T24:00:00Z',
      '',
    ])
      expect(parseW3cDateTime(bad), bad).toBeNull();
  });

  it('writes times in China Standard Time with the offset', () => {
    expect(formatW3c(new Date('2026-12-07T16:30:05.900Z'))).toBe('2026-12-08T00:30:05+08:00');
    expect(formatW3c(new Date('2026-12-07T16:30:05Z'), 0)).toBe('2026-12-07T16:30:05+00:00');
    expect(formatW3c(new Date('2026-12-07T16:30:05Z'), -330)).toBe('2026-12-07T11:00:05-05:30');
  });

  it('defaults to the last 90 days and refuses longer or inverted ranges', () => {
    const DAY = 86_400_000;
    expect(requestWindow(null, null, T0)).toEqual({ ok: true, start: at(-90 * DAY), end: T0 });
    expect(requestWindow(at(-10 * DAY), null, T0)).toEqual({ ok: true, start: at(-10 * DAY), end: at(80 * DAY) });
    expect(requestWindow(null, at(-10 * DAY), T0)).toEqual({ ok: true, start: at(-100 * DAY), end: at(-10 * DAY) });
    expect(requestWindow(at(-90 * DAY), T0, T0)).toEqual({ ok: true, start: at(-90 * DAY), end: T0 });
    expect(requestWindow(at(-90 * DAY - 1), T0, T0)).toMatchObject({ ok: false });
    expect(requestWindow(T0, at(-1), T0)).toMatchObject({ ok: false, problem: 'end_date is before start_date' });
  });
});

describe('the XML writer', () => {
  it('escapes markup and drops characters XML cannot hold', () => {
    expect(escapeXml(`<a href="x">Tom & 'Jerry'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;');
    expect(escapeXml('bell\u0007 tab\t nl\n \uD800lone 𝄞 燃气')).toBe('bell tab\t nl\n lone 𝄞 燃气');
  });

  it('writes the declaration, nested elements and empty elements', () => {
    expect(
      xmlDocument([
        'service_requests',
        [
          [
            'request',
            [
              ['service_request_id', 'JB-1'],
              ['lat', 31.5],
              ['metadata', false],
              ['address_id', null],
            ],
          ],
        ],
      ]),
    ).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<service_requests><request><service_request_id>JB-1</service_request_id><lat>31.5</lat><metadata>false</metadata><address_id/></request></service_requests>\n',
    );
    expect(() => xmlDocument(['bad name', 'x'])).toThrow();
  });
});
