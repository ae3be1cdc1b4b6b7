/**
 * The public face of reports beyond the tracking page: the pure rules for the public list, the RSS 2.0 and Atom 1.0
 * feeds, and the e-mail subscriptions (address checks, the messages sent). No I/O here.
 */
import { formatW3c, PUBLIC_STATE_TEXT, type PublicState, type ReportStatus, roundCoordinate } from './reports.rules.js';
import { escapeXml } from './xml.js';

export interface Bilingual {
  'zh-CN': string;
  en: string;
}
export type FeedLocale = 'zh-CN' | 'en';

// ---------------------------------------------------------------------------------------------------------------------
// Public states as filters
// ---------------------------------------------------------------------------------------------------------------------

/**
 * The internal states a public state can come from. in_progress, fixed and not_a_hazard depend (also) on the linked
 * hazard's state, so a filter on them needs the hazards looked up as well (`needsHazards`).
 */
export function statusesFor(states: readonly PublicState[]): { statuses: ReportStatus[]; needsHazards: boolean } {
  const out = new Set<ReportStatus>();
  let needsHazards = false;
  for (const s of states) {
    switch (s) {
      case 'received':
        out.add('submitted');
        break;
      case 'reopened':
        out.add('reopened');
        break;
      case 'verified':
        out.add('verified');
        break;
      case 'in_progress':
      case 'fixed':
        needsHazards = true;
        break;
      case 'not_a_hazard':
        out.add('not_a_hazard');
        needsHazards = true;
        break;
      case 'duplicate':
      case 'not_our_responsibility':
      case 'no_further_action':
        out.add(s);
        break;
    }
  }
  return { statuses: [...out], needsHazards };
}

// ---------------------------------------------------------------------------------------------------------------------
// Times
// ---------------------------------------------------------------------------------------------------------------------

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** An RFC 822 date-time (as RFC 1123 amends it: four-digit year) in China Standard Time, as RSS 2.0 asks. */
export function rfc822(date: Date): string {
  const cst = new Date(date.getTime() + 8 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[cst.getUTCDay()]}, ${pad(cst.getUTCDate())} ${MONTHS[cst.getUTCMonth()]} ${cst.getUTCFullYear()} ${pad(cst.getUTCHours())}:${pad(cst.getUTCMinutes())}:${pad(cst.getUTCSeconds())} +0800`;
}

/** An RFC 3339 date-time in China Standard Time (+08:00), to the second, as Atom asks. */
export const rfc3339 = (date: Date): string => formatW3c(date, 480);

// ---------------------------------------------------------------------------------------------------------------------
// A small XML writer with attributes (feeds need them; the Open311 writer does not)
// ---------------------------------------------------------------------------------------------------------------------

/** An element: name, attributes, and text or child elements. */
export interface Node {
  name: string;
  attrs?: Readonly<Record<string, string>>;
  content?: string | readonly Node[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.:-]*$/;

export const node = (name: string, content?: string | readonly Node[], attrs?: Readonly<Record<string, string>>): Node => ({
  name,
  ...(attrs ? { attrs } : {}),
  ...(content === undefined ? {} : { content }),
});

function write(n: Node, out: string[]): void {
  if (!NAME.test(n.name)) throw new Error(`not an XML name: ${n.name}`);
  let open = `<${n.name}`;
  for (const [k, v] of Object.entries(n.attrs ?? {})) {
    if (!NAME.test(k)) throw new Error(`not an XML attribute name: ${k}`);
    open += ` ${k}="${escapeXml(v)}"`;
  }
  if (n.content === undefined || n.content === '' || (Array.isArray(n.content) && n.content.length === 0)) {
    out.push(`${open}/>`);
    return;
  }
  out.push(`${open}>`);
  if (typeof n.content === 'string') out.push(escapeXml(n.content));
  else for (const child of n.content as readonly Node[]) write(child, out);
  out.push(`</${n.name}>`);
}

/** A whole UTF-8 document with its declaration. */
export function xmlOf(root: Node): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  write(root, out);
  out.push('\n');
  return out.join('');
}

// ---------------------------------------------------------------------------------------------------------------------
// Feeds
// ---------------------------------------------------------------------------------------------------------------------

/** One report as the public sees it (no reporter, no token), the shape of the list and the feeds. */
export interface PublicItem {
  code: string;
  category: { code: string; name: Bilingual };
  state: PublicState;
  stateText: Bilingual;
  description: string;
  location: { lng: number; lat: number } | null;
  receivedAt: Date;
  updatedAt: Date;
}

export interface FeedInput {
  /** Absolute URL of the site, without a trailing slash (e.g. https://gongzhi.example.cn). */
  site: string;
  /** Absolute URL of this feed, as requested (its filters included). */
  self: string;
  /** The human page the feed mirrors (the public map and list, filtered alike). */
  alternate: string;
  locale: FeedLocale;
  /** What the filters chose, e.g. "安澜街道 · 燃气泄漏或异味"; empty for everything. */
  scope: string;
  items: readonly PublicItem[];
  /** The feed's own last change when it has no items. */
  now: Date;
}

/** The public page of one report, by its code (never the reporter's tracking token). */
export const reportUrl = (site: string, code: string) => `${site}/reports/public/${encodeURIComponent(code)}`;

const FEED_TITLE: Bilingual = { 'zh-CN': '群众举报', en: 'Public hazard reports' };
const FEED_SUBTITLE: Bilingual = {
  'zh-CN': '群众举报的安全隐患及其处理状态（不含个人信息，坐标约 10 米精度）',
  en: 'Hazards reported by the public and how each was handled (no personal data; places rounded to about 10 m)',
};

export const feedTitle = (locale: FeedLocale, scope: string) => (scope ? `${FEED_TITLE[locale]} · ${scope}` : FEED_TITLE[locale]);
export const itemTitle = (item: PublicItem, locale: FeedLocale) =>
  locale === 'en'
    ? `${item.code} ${item.category.name.en} (${item.stateText.en})`
    : `${item.code} ${item.category.name['zh-CN']}（${item.stateText['zh-CN']}）`;

/** The text of an entry: the state, the description as shown publicly, the rounded place. */
export function itemText(item: PublicItem, locale: FeedLocale): string {
  const place = item.location ? `${roundCoordinate(item.location.lat)}, ${roundCoordinate(item.location.lng)}` : null;
  const lines = [
    `${locale === 'en' ? 'State' : '状态'}: ${item.stateText[locale]}`,
    item.description,
    ...(place ? [`${locale === 'en' ? 'Place (lat, lng, WGS-84)' : '位置（纬度, 经度, WGS-84）'}: ${place}`] : []),
  ];
  return lines.join('\n');
}

const newest = (input: FeedInput) => input.items.reduce((d, i) => (i.updatedAt > d ? i.updatedAt : d), new Date(0));
const feedUpdated = (input: FeedInput) => (input.items.length ? newest(input) : input.now);

/** RSS 2.0: guid is the report's public page (a permalink), pubDate its last public change (RFC 822). */
export function rssFeed(input: FeedInput): string {
  const { locale } = input;
  return xmlOf(
    node(
      'rss',
      [
        node('channel', [
          node('title', feedTitle(locale, input.scope)),
          node('link', input.alternate),
          node('description', FEED_SUBTITLE[locale]),
          node('language', locale === 'en' ? 'en' : 'zh-cn'),
          node('lastBuildDate', rfc822(feedUpdated(input))),
          node('generator', 'Gongzhi'),
          node('atom:link', undefined, { href: input.self, rel: 'self', type: 'application/rss+xml' }),
          ...input.items.map((item) =>
            node('item', [
              node('title', itemTitle(item, locale)),
              node('link', reportUrl(input.site, item.code)),
              node('description', itemText(item, locale)),
              node('category', item.category.name[locale]),
              node('guid', reportUrl(input.site, item.code), { isPermaLink: 'true' }),
              node('pubDate', rfc822(item.updatedAt)),
            ]),
          ),
        ]),
      ],
      { version: '2.0', 'xmlns:atom': 'http://www.w3.org/2005/Atom' },
    ),
  );
}

/** Atom 1.0 (RFC 4287): id is the report's public page, updated its last public change (RFC 3339, +08:00). */
export function atomFeed(input: FeedInput): string {
  const { locale } = input;
  return xmlOf({
    name: 'feed',
    attrs: { xmlns: 'http://www.w3.org/2005/Atom', 'xml:lang': locale === 'en' ? 'en' : 'zh-CN' },
    content: [
      node('id', input.self),
      node('title', feedTitle(locale, input.scope)),
      node('subtitle', FEED_SUBTITLE[locale]),
      node('updated', rfc3339(feedUpdated(input))),
      node('author', [node('name', locale === 'en' ? 'Gongzhi' : '共治平台')]),
      node('generator', 'Gongzhi'),
      node('link', undefined, { rel: 'self', type: 'application/atom+xml', href: input.self }),
      node('link', undefined, { rel: 'alternate', type: 'text/html', href: input.alternate }),
      ...input.items.map((item) =>
        node('entry', [
          node('id', reportUrl(input.site, item.code)),
          node('title', itemTitle(item, locale)),
          node('link', undefined, { rel: 'alternate', type: 'text/html', href: reportUrl(input.site, item.code) }),
          node('published', rfc3339(item.receivedAt)),
          node('updated', rfc3339(item.updatedAt)),
          node('category', undefined, { term: item.category.code, label: item.category.name[locale] }),
          node('summary', itemText(item, locale), { type: 'text' }),
        ]),
      ),
    ],
  });
}

// ---------------------------------------------------------------------------------------------------------------------
// Subscriptions
// ---------------------------------------------------------------------------------------------------------------------

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/**
 * The address as kept and compared: trimmed, the domain lower-cased (the local part is the mailbox owner's, and
 * kept as typed), or null when it is not an address we can write to.
 */
export function normaliseEmail(raw: string): string | null {
  const s = raw.trim();
  if (s.length > 254 || !EMAIL.test(s)) return null;
  const at = s.lastIndexOf('@');
  const local = s.slice(0, at);
  if (local.length > 64) return null;
  return `${local}@${s.slice(at + 1).toLowerCase()}`;
}

/** The key two requests for the same mailbox share (for the blind index and the rate limit): all lower case. */
export const emailKey = (normalised: string) => normalised.toLowerCase();

/** Per e-mail address and per network address; subscribing is rarer than reporting. */
export const SUBSCRIBE_LIMITS = {
  email: { limit: 3, windowMs: 3_600_000 },
  address: { limit: 20, windowMs: 3_600_000 },
} as const;

export interface MailLinks {
  /** Where the subscriber confirms (double opt-in) or stops the mails (one click). */
  confirm?: string;
  unsubscribe: string;
}

export interface Mail {
  subject: Bilingual;
  body: Bilingual;
}

/** What the subscription covers, in words: "安澜街道 · 燃气泄漏或异味", or "all reports". */
export function scopeText(area: Bilingual | null, category: Bilingual | null): Bilingual {
  const parts = (l: FeedLocale) => [area?.[l] ?? null, category?.[l] ?? null].filter((p): p is string => p !== null && p !== '');
  return {
    'zh-CN': parts('zh-CN').join(' · ') || '全部举报',
    en: parts('en').join(' · ') || 'all reports',
  };
}

const both = (zh: string[], en: string[]) => [...zh, '', '——', '', ...en].join('\n');

/**
 * The double opt-in message. The outbox sends one text, so the message carries both languages, Chinese first.
 */
export function confirmationMail(scope: Bilingual, links: Required<MailLinks>): Mail {
  const subject = { 'zh-CN': `请确认订阅群众举报更新：${scope['zh-CN']}`, en: `Please confirm your subscription: ${scope.en}` };
  const text = both(
    [
      `有人（希望是您）用这个邮箱订阅了“${scope['zh-CN']}”的群众举报处理进展。`,
      `确认订阅请打开：${links.confirm}`,
      '如果不是您本人操作，请忽略本邮件，您不会再收到任何邮件。',
      `不再接收：${links.unsubscribe}`,
    ],
    [
      `Someone (we hope you) subscribed this address to updates on public hazard reports: ${scope.en}.`,
      `To confirm, open: ${links.confirm}`,
      'If it was not you, ignore this message and you will hear nothing more.',
      `Stop these e-mails: ${links.unsubscribe}`,
    ],
  );
  return { subject: { 'zh-CN': `${subject['zh-CN']} / ${subject.en}`, en: subject.en }, body: { 'zh-CN': text, en: text } };
}

/** One report changed its public state: what a matching subscriber is told (no personal data). */
export function stateChangeMail(
  report: { code: string; category: Bilingual; state: PublicState; description: string },
  links: { report: string; unsubscribe: string },
): Mail {
  const t = PUBLIC_STATE_TEXT[report.state];
  const excerpt = report.description.length > 280 ? `${report.description.slice(0, 279)}…` : report.description;
  const text = both(
    [`举报 ${report.code}（${report.category['zh-CN']}）：${t['zh-CN']}`, excerpt, `查看：${links.report}`, `退订：${links.unsubscribe}`],
    [`Report ${report.code} (${report.category.en}): ${t.en}`, excerpt, `View: ${links.report}`, `Unsubscribe: ${links.unsubscribe}`],
  );
  const subject = `${report.code} ${report.category['zh-CN']}：${t['zh-CN']} / ${t.en}`;
  return { subject: { 'zh-CN': subject, en: subject }, body: { 'zh-CN': text, en: text } };
}

/** Whether a subscription (an area and/or a category, or neither for all) covers a report. */
export function subscriptionCovers(
  sub: { areaId: string | null; category: string | null },
  report: { areaPath: readonly string[]; category: string },
): boolean {
  return (sub.areaId === null || report.areaPath.includes(sub.areaId)) && (sub.category === null || sub.category === report.category);
}
