import { describe, expect, it } from 'vitest';
import { child, childrenNamed, parseXml } from '../../../test/support/xml.js';
import {
  atomFeed,
  confirmationMail,
  emailKey,
  type FeedInput,
  node,
  normaliseEmail,
  type PublicItem,
  reportUrl,
  rfc822,
  rfc3339,
  rssFeed,
  scopeText,
  stateChangeMail,
  statusesFor,
  subscriptionCovers,
  xmlOf,
} from './feeds.rules.js';
import { PUBLIC_STATE_TEXT, PUBLIC_STATES, publicState, REPORT_STATUSES } from './reports.rules.js';

const gas = { code: 'gas_smell', name: { 'zh-CN': '燃气泄漏或异味', en: 'Gas leak or smell of gas' } };
const item = (over: Partial<PublicItem> = {}): PublicItem => ({
  code: 'JB-2026-000001',
  category: gas,
  state: 'received',
  stateText: PUBLIC_STATE_TEXT.received,
  description: '楼道里有很浓的煤气味 & <可能> 泄漏 "急"',
  location: { lng: 118.78901234, lat: 32.04123456 },
  receivedAt: new Date('2026-12-07T01:02:03Z'),
  updatedAt: new Date('2026-12-07T16:30:00Z'),
  ...over,
});
const input = (items: PublicItem[], over: Partial<FeedInput> = {}): FeedInput => ({
  site: 'https://gongzhi.example.cn',
  self: 'https://gongzhi.example.cn/api/v1/public/feeds/reports.rss?category=gas_smell&x=1',
  alternate: 'https://gongzhi.example.cn/reports/public?category=gas_smell',
  locale: 'zh-CN',
  scope: '安澜街道 · 燃气泄漏或异味',
  items,
  now: new Date('2026-12-08T00:00:00Z'),
  ...over,
});

describe('public states as filters', () => {
  it('every public state is reachable from the internal states it names (with the hazard states where it needs them)', () => {
    const hazardStates = [null, 'registered', 'treating', 'closed', 'dismissed'];
    for (const state of PUBLIC_STATES) {
      const { statuses, needsHazards } = statusesFor([state]);
      const sources = REPORT_STATUSES.flatMap((s) => hazardStates.map((h) => ({ s, h }))).filter(
        ({ s, h }) => publicState(s, s === 'hazard' ? (h ?? 'registered') : null) === state,
      );
      expect(sources.length, state).toBeGreaterThan(0);
      for (const { s } of sources) expect(statuses.includes(s) || (s === 'hazard' && needsHazards), `${state} from ${s}`).toBe(true);
      // And nothing else: a status listed always maps to the state asked for.
      for (const s of statuses) expect(publicState(s, null), `${s} listed for ${state}`).toBe(state);
    }
  });

  it('needs the hazards only for the states a hazard decides', () => {
    expect(statusesFor(['received', 'verified', 'duplicate']).needsHazards).toBe(false);
    expect(statusesFor(['fixed']).needsHazards).toBe(true);
    expect(statusesFor(['in_progress']).statuses).toEqual([]);
    expect(statusesFor(['not_a_hazard'])).toEqual({ statuses: ['not_a_hazard'], needsHazards: true });
    expect(statusesFor([])).toEqual({ statuses: [], needsHazards: false });
  });
});

describe('feed dates', () => {
  it('RSS uses RFC 822 in China Standard Time, with a four-digit year and the weekday of the local date', () => {
    expect(rfc822(new Date('2026-12-07T01:02:03Z'))).toBe('Mon, 07 Dec 2026 09:02:03 +0800');
    // 20:00 UTC on 31 December is already 1 January in Beijing.
    expect(rfc822(new Date('2026-12-31T20:00:00Z'))).toBe('Fri, 01 Jan 2027 04:00:00 +0800');
    expect(rfc822(new Date('2024-02-28T16:00:00Z'))).toBe('Thu, 29 Feb 2024 00:00:00 +0800');
  });

  it('Atom uses RFC 3339 with the +08:00 offset', () => {
    expect(rfc3339(new Date('2026-12-07T01:02:03.456Z'))).toBe('2026-12-07T09:02:03+08:00');
    expect(rfc3339(new Date('2026-12-31T20:00:00Z'))).toBe('2027-01-01T04:00:00+08:00');
  });
});

describe('the XML writer', () => {
  it('escapes text and attributes and drops characters XML forbids', () => {
    const doc = xmlOf(node('a', [node('b', 'x < y & "z"\u0001'), node('c', undefined, { href: 'https://e.cn/?a=1&b="2"' })]));
    expect(doc).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<a><b>x &lt; y &amp; &quot;z&quot;</b><c href="https://e.cn/?a=1&amp;b=&quot;2&quot;"/></a>\n',
    );
    const parsed = parseXml(doc);
    expect(child(parsed, 'b').text).toBe('x < y & "z"');
    expect(child(parsed, 'c').attrs.href).toBe('https://e.cn/?a=1&b="2"');
  });

  it('refuses names that are not XML names', () => {
    expect(() => xmlOf(node('1a'))).toThrow(/not an XML name/);
    expect(() => xmlOf(node('a', undefined, { 'b c': 'x' }))).toThrow(/attribute name/);
  });
});

describe('the RSS 2.0 feed', () => {
  const doc = rssFeed(input([item(), item({ code: 'JB-2026-000002', state: 'fixed', stateText: PUBLIC_STATE_TEXT.fixed })]));
  const rss = parseXml(doc);
  const channel = child(rss, 'channel');
  const items = childrenNamed(channel, 'item');

  it('is well-formed RSS 2.0 with a self link, in the chosen language', () => {
    expect(rss.attrs.version).toBe('2.0');
    expect(child(channel, 'title').text).toBe('群众举报 · 安澜街道 · 燃气泄漏或异味');
    expect(child(channel, 'language').text).toBe('zh-cn');
    expect(child(channel, 'atom:link').attrs).toMatchObject({ rel: 'self', href: input([]).self, type: 'application/rss+xml' });
    expect(child(channel, 'lastBuildDate').text).toBe('Tue, 08 Dec 2026 00:30:00 +0800');
  });

  it('gives each report a permalink guid to its public page by code, never a tracking token', () => {
    expect(items).toHaveLength(2);
    const first = items[0] as NonNullable<(typeof items)[number]>;
    expect(child(first, 'guid').text).toBe('https://gongzhi.example.cn/reports/public/JB-2026-000001');
    expect(child(first, 'guid').attrs.isPermaLink).toBe('true');
    expect(child(first, 'link').text).toBe(child(first, 'guid').text);
    expect(child(first, 'title').text).toBe('JB-2026-000001 燃气泄漏或异味（已收到，等待核实）');
    expect(child(first, 'pubDate').text).toBe('Tue, 08 Dec 2026 00:30:00 +0800');
    expect(child(first, 'category').text).toBe('燃气泄漏或异味');
    // The description survives escaping intact, with the rounded place.
    expect(child(first, 'description').text).toContain('楼道里有很浓的煤气味 & <可能> 泄漏 "急"');
    expect(child(first, 'description').text).toContain('32.0412, 118.789');
    expect(child(first, 'description').text).not.toContain('118.78901234');
  });

  it('an empty feed is still valid and dated by now', () => {
    const empty = child(parseXml(rssFeed(input([], { locale: 'en', scope: '' }))), 'channel');
    expect(childrenNamed(empty, 'item')).toHaveLength(0);
    expect(child(empty, 'title').text).toBe('Public hazard reports');
    expect(child(empty, 'lastBuildDate').text).toBe('Tue, 08 Dec 2026 08:00:00 +0800');
  });
});

describe('the Atom 1.0 feed', () => {
  const feed = parseXml(atomFeed(input([item()], { locale: 'en', scope: 'Gas leak or smell of gas' })));

  it('is well-formed Atom with the required feed elements', () => {
    expect(feed.name).toBe('feed');
    expect(feed.attrs.xmlns).toBe('http://www.w3.org/2005/Atom');
    expect(child(feed, 'id').text).toBe(input([]).self);
    expect(child(feed, 'title').text).toBe('Public hazard reports · Gas leak or smell of gas');
    expect(child(feed, 'updated').text).toBe('2026-12-08T00:30:00+08:00');
    expect(child(child(feed, 'author'), 'name').text).toBe('Gongzhi');
    const links = childrenNamed(feed, 'link').map((l) => l.attrs);
    expect(links).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rel: 'self', type: 'application/atom+xml' }),
        expect.objectContaining({ rel: 'alternate', href: input([]).alternate }),
      ]),
    );
  });

  it('gives each entry a stable id, its dates in RFC 3339 and the category term', () => {
    const entry = child(feed, 'entry');
    expect(child(entry, 'id').text).toBe(reportUrl('https://gongzhi.example.cn', 'JB-2026-000001'));
    expect(child(entry, 'published').text).toBe('2026-12-07T09:02:03+08:00');
    expect(child(entry, 'updated').text).toBe('2026-12-08T00:30:00+08:00');
    expect(child(entry, 'category').attrs).toEqual({ term: 'gas_smell', label: 'Gas leak or smell of gas' });
    expect(child(entry, 'title').text).toBe('JB-2026-000001 Gas leak or smell of gas (Received, awaiting verification)');
    expect(child(entry, 'summary').attrs.type).toBe('text');
  });
});

describe('e-mail addresses', () => {
  it('keeps usable addresses, lower-casing only the domain', () => {
    expect(normaliseEmail('  Li.Si@Example.CN ')).toBe('Li.Si@example.cn');
    expect(normaliseEmail('a+tag@mail.example.com')).toBe('a+tag@mail.example.com');
    expect(emailKey('Li.Si@example.cn')).toBe('li.si@example.cn');
  });

  it('refuses what is not an address one can write to', () => {
    for (const bad of ['', 'li', 'li@', '@example.cn', 'li@localhost', 'li si@example.cn', 'li@exa mple.cn', '<li@example.cn>', 'a@b@c.cn'])
      expect(normaliseEmail(bad), bad).toBeNull();
    expect(normaliseEmail(`${'x'.repeat(65)}@example.cn`)).toBeNull();
    expect(normaliseEmail(`a@${'b'.repeat(250)}.cn`)).toBeNull();
  });
});

describe('subscriptions', () => {
  const report = { areaPath: ['city', 'district', 'street-1', 'community-1'], category: 'gas_smell' };

  it('cover a report by area (anywhere on its path), by category, by both, or everything', () => {
    expect(subscriptionCovers({ areaId: null, category: null }, report)).toBe(true);
    expect(subscriptionCovers({ areaId: 'street-1', category: null }, report)).toBe(true);
    expect(subscriptionCovers({ areaId: 'street-2', category: null }, report)).toBe(false);
    expect(subscriptionCovers({ areaId: null, category: 'gas_smell' }, report)).toBe(true);
    expect(subscriptionCovers({ areaId: null, category: 'fire_exit' }, report)).toBe(false);
    expect(subscriptionCovers({ areaId: 'community-1', category: 'gas_smell' }, report)).toBe(true);
    expect(subscriptionCovers({ areaId: 'community-1', category: 'fire_exit' }, report)).toBe(false);
  });

  it('name what they cover in both languages', () => {
    expect(scopeText({ 'zh-CN': '安澜街道', en: 'Anlan Street' }, gas.name)).toEqual({
      'zh-CN': '安澜街道 · 燃气泄漏或异味',
      en: 'Anlan Street · Gas leak or smell of gas',
    });
    expect(scopeText(null, null)).toEqual({ 'zh-CN': '全部举报', en: 'all reports' });
  });

  it('the confirmation mail carries the confirm and unsubscribe links in both languages', () => {
    const mail = confirmationMail(scopeText(null, gas.name), { confirm: 'https://x.cn/c?1', unsubscribe: 'https://x.cn/u?2' });
    expect(mail.body['zh-CN'].match(/https:\/\/x\.cn\/c\?1/g)).toHaveLength(2);
    expect(mail.body['zh-CN'].match(/https:\/\/x\.cn\/u\?2/g)).toHaveLength(2);
    expect(mail.subject['zh-CN']).toContain('燃气泄漏或异味');
    expect(mail.subject['zh-CN']).toContain('Gas leak or smell of gas');
  });

  it('an update names the report, its new state and both links, shortening a long description', () => {
    const mail = stateChangeMail(
      { code: 'JB-2026-000009', category: gas.name, state: 'verified', description: '长'.repeat(500) },
      { report: 'https://x.cn/reports/public/JB-2026-000009', unsubscribe: 'https://x.cn/u?3' },
    );
    expect(mail.subject['zh-CN']).toBe(
      'JB-2026-000009 燃气泄漏或异味：已核实，正在决定处理方式 / Verified; the office is deciding what to do',
    );
    expect(mail.body['zh-CN']).toContain('https://x.cn/reports/public/JB-2026-000009');
    expect(mail.body['zh-CN']).toContain('https://x.cn/u?3');
    expect(mail.body['zh-CN']).toContain(`${'长'.repeat(279)}…`);
    expect(mail.body['zh-CN']).not.toContain('长'.repeat(281));
  });
});
