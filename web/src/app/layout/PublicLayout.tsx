import { CameraOutlined, LoginOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { useIsPhone } from '../../shared/useMediaQuery';
import { FullPageSpin, type SignInLocationState } from '../guards';
import { LocaleSwitch } from '../LocaleSwitch';
import { Brand } from './AppLayout';

/**
 * The frame of pages open to everyone (the published mandate, verifying an
 * entrustment) for a reader who is not signed in: brand, language, sign-in.
 */
export function PublicLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  const isPhone = useIsPhone();
  const from = `${location.pathname}${location.search}${location.hash}`;
  return (
    <div className={isPhone ? 'gz-public gz-public-phone' : 'gz-public'}>
      <header className="gz-public-header">
        <Brand to="/" />
        <span className="gz-header-spacer" />
        {!/^\/report(\/|$)/.test(location.pathname) && (
          <Link to="/report" aria-label={t('reports.public.link')}>
            <Button size={isPhone ? 'small' : 'middle'} icon={<CameraOutlined />} data-testid="public-report">
              {isPhone ? null : t('reports.public.link')}
            </Button>
          </Link>
        )}
        <LocaleSwitch size={isPhone ? 'small' : 'middle'} />
        <Link to="/sign-in" state={{ from } satisfies SignInLocationState}>
          <Button type="primary" size={isPhone ? 'small' : 'middle'} icon={<LoginOutlined />} data-testid="public-sign-in">
            {t('signIn.title')}
          </Button>
        </Link>
      </header>
      <main className="gz-public-main">
        <Suspense fallback={<FullPageSpin />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
