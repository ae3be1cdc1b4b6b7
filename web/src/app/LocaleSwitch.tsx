import { App, Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { accessApi } from '../modules/access/access.api';
import { type Locale, locales } from '../modules/access/access.types';
import { useLocale } from './locale';
import { useSessionContext } from './session';

/** Each language is named in itself, so it can be found whatever the current language is. */
const endonyms: Record<Locale, string> = { 'zh-CN': '中文', en: 'English' };

/**
 * Two buttons, 中文 | English. The choice is remembered on this device and,
 * when signed in, on the account.
 */
export function LocaleSwitch({ size = 'small' }: { size?: 'small' | 'middle' }) {
  const { t } = useTranslation();
  const { locale, setLocale } = useLocale();
  const { state, rememberLocale } = useSessionContext();
  const { message } = App.useApp();

  const choose = (next: Locale) => {
    if (next === locale) return;
    setLocale(next);
    if (state.status !== 'signed-in') return;
    accessApi.saveLocale(next).then(
      () => rememberLocale(next),
      () => void message.warning(t('header.localeSaveFailed')),
    );
  };

  return (
    <Space.Compact size={size} data-testid="locale-switch" role="group" aria-label={t('header.language')}>
      {locales.map((option) => (
        <Button
          key={option}
          lang={option}
          data-testid={`locale-${option}`}
          type={option === locale ? 'primary' : 'default'}
          aria-pressed={option === locale}
          onClick={() => choose(option)}
        >
          {endonyms[option]}
        </Button>
      ))}
    </Space.Compact>
  );
}
