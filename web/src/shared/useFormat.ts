import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes, formatDate, formatDateTime, formatLngLat, formatMoney, formatNumber } from './format';

/** The formatting helpers bound to the interface language. */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.language;
  return useMemo(
    () => ({
      locale,
      number: (value: number, options?: Intl.NumberFormatOptions) => formatNumber(value, locale, options),
      dateTime: (value: string | number | Date) => formatDateTime(value, locale),
      date: (value: string | number | Date) => formatDate(value, locale),
      money: (value: number) => formatMoney(value, locale),
      lngLat: (lng: number, lat: number) => formatLngLat(lng, lat, locale),
      bytes: (value: number) => formatBytes(value, locale),
    }),
    [locale],
  );
}
