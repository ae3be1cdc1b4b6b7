import { App as AntApp, ConfigProvider, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import { createContext, type ReactNode, useCallback, useContext, useLayoutEffect, useMemo, useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { Locale } from '../modules/access/access.types';
import { setAcceptLanguage } from './api';
import { i18n, readStoredLocale, storeLocale } from './i18n';

interface LocaleContextValue {
  locale: Locale;
  /** Switch the interface language on this device (the caller tells the server, if signed in). */
  setLocale: (locale: Locale) => void;
}

const LocaleContext = createContext<LocaleContextValue | null>(null);

const antdLocales = { 'zh-CN': zhCN, en: enUS } as const;
const dayjsLocales = { 'zh-CN': 'zh-cn', en: 'en' } as const;

function applyLocale(locale: Locale): void {
  if (i18n.language !== locale) void i18n.changeLanguage(locale);
  dayjs.locale(dayjsLocales[locale]);
  document.documentElement.lang = locale;
  setAcceptLanguage(locale);
}

// Before the first render, so that the first paint is already in the right language.
applyLocale(readStoredLocale());

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(readStoredLocale);

  useLayoutEffect(() => applyLocale(locale), [locale]);

  const setLocale = useCallback((next: Locale) => {
    storeLocale(next);
    setLocaleState(next);
  }, []);

  const value = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);

  return (
    <LocaleContext.Provider value={value}>
      <I18nextProvider i18n={i18n}>
        <ConfigProvider
          locale={antdLocales[locale]}
          theme={{ algorithm: theme.defaultAlgorithm, token: { colorPrimary: '#1d4ed8', borderRadius: 6 } }}
          // No space squeezed between two Chinese characters (登录, 中文): labels read and match as written.
          button={{ autoInsertSpace: false }}
        >
          <AntApp>{children}</AntApp>
        </ConfigProvider>
      </I18nextProvider>
    </LocaleContext.Provider>
  );
}

export function useLocale(): LocaleContextValue {
  const value = useContext(LocaleContext);
  if (!value) throw new Error('useLocale must be used inside <LocaleProvider>');
  return value;
}
