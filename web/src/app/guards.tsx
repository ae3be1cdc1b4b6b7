import { Button, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation } from 'react-router-dom';
import { visibleNavigation } from './navigation';
import { ProblemResult } from './problem';
import { usePermission, useSessionContext } from './session';

/** The first page the caller may see: where sign-in and "back" buttons lead. */
export function homePath(permissions: readonly string[]): string {
  return visibleNavigation(permissions)[0]?.path ?? '/';
}

function useHomePath(): string {
  const { state } = useSessionContext();
  return state.status === 'signed-in' ? homePath(state.session.permissions) : '/';
}

/** Where the sign-in page sends the user back to. */
export interface SignInLocationState {
  from?: string;
}

export function FullPageSpin() {
  const { t } = useTranslation();
  return (
    <div className="gz-full-page-center" data-testid="loading">
      <Spin size="large" description={t('common.loading')} />
    </div>
  );
}

/** Renders its children only for a signed-in user; sends everyone else to /sign-in and back afterwards. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { state, reload } = useSessionContext();
  const location = useLocation();
  switch (state.status) {
    case 'loading':
      return <FullPageSpin />;
    case 'error':
      return (
        <div className="gz-full-page-center">
          <ProblemResult problem={state.problem} onRetry={reload} />
        </div>
      );
    case 'signed-out': {
      if (state.reason === 'by-user') return <Navigate to="/sign-in" replace />;
      const from = `${location.pathname}${location.search}${location.hash}`;
      return <Navigate to="/sign-in" replace state={{ from } satisfies SignInLocationState} />;
    }
    case 'signed-in':
      return children;
  }
}

export function ForbiddenResult() {
  const { t } = useTranslation();
  const home = useHomePath();
  return (
    <Result
      status="403"
      title={t('result.forbiddenTitle')}
      subTitle={t('result.forbidden')}
      data-testid="result-403"
      extra={
        <Link to={home}>
          <Button type="primary">{t('result.backHome')}</Button>
        </Link>
      }
    />
  );
}

export function NotFoundResult() {
  const { t } = useTranslation();
  const home = useHomePath();
  return (
    <Result
      status="404"
      title={t('result.notFoundTitle')}
      subTitle={t('result.notFound')}
      data-testid="result-404"
      extra={
        <Link to={home}>
          <Button type="primary">{t('result.backHome')}</Button>
        </Link>
      }
    />
  );
}

/** A page of the signed-in app that needs a mandate permission (none when null); without it, a 403 page. */
export function RequirePermission({ permission, children }: { permission: string | null; children: ReactNode }) {
  const allowed = usePermission(permission ?? '');
  return permission === null || allowed ? children : <ForbiddenResult />;
}
