/**
 * Locale-aware formatting. Instants are always shown in China Standard Time
 * (Asia/Shanghai), whatever the device's time zone, because deadlines and
 * business rules speak of Beijing time.
 */

export const DISPLAY_TIME_ZONE = 'Asia/Shanghai';

type FormatLocale = string;

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(locale: FormatLocale, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    cache.set(key, format);
  }
  return format as Intl.NumberFormat;
}

function dateTimeFormat(locale: FormatLocale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    cache.set(key, format);
  }
  return format as Intl.DateTimeFormat;
}

/** `12345.6` → `12,345.6`. */
export function formatNumber(value: number, locale: FormatLocale, options: Intl.NumberFormatOptions = {}): string {
  return numberFormat(locale, options).format(value);
}

/** An instant as date and 24-hour time in Beijing time, e.g. `2025/03/01 14:05` (zh-CN) or `01 Mar 2025, 14:05` (en). */
export function formatDateTime(value: string | number | Date, locale: FormatLocale, options: { seconds?: boolean } = {}): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  return dateTimeFormat(locale, {
    timeZone: DISPLAY_TIME_ZONE,
    year: 'numeric',
    month: locale.startsWith('zh') ? '2-digit' : 'short',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    ...(options.seconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
  }).format(date);
}

/** The calendar date of an instant in Beijing time. */
export function formatDate(value: string | number | Date, locale: FormatLocale): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  return dateTimeFormat(locale, {
    timeZone: DISPLAY_TIME_ZONE,
    year: 'numeric',
    month: locale.startsWith('zh') ? '2-digit' : 'short',
    day: '2-digit',
  }).format(date);
}

/** An amount of renminbi in yuan, e.g. `¥12,000.00` (zh-CN) or `CN¥12,000.00` (en). */
export function formatMoney(amountYuan: number, locale: FormatLocale, options: { fractionDigits?: number } = {}): string {
  const digits = options.fractionDigits ?? 2;
  return numberFormat(locale, {
    style: 'currency',
    currency: 'CNY',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(amountYuan);
}

/** A coordinate pair for people: `121.473700, 31.230400`. */
export function formatLngLat(lng: number, lat: number, locale: FormatLocale): string {
  const options = { minimumFractionDigits: 6, maximumFractionDigits: 6, useGrouping: false };
  return `${formatNumber(lng, locale, options)}, ${formatNumber(lat, locale, options)}`;
}

/** A size in bytes for people: `912 B`, `1.5 KB`, `12.3 MB` (binary multiples). */
export function formatBytes(bytes: number, locale: FormatLocale): string {
  const units = ['B', 'KB', 'MB', 'GB'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${formatNumber(value, locale, { maximumFractionDigits: unit === 0 ? 0 : 1 })} ${units[unit]}`;
}
