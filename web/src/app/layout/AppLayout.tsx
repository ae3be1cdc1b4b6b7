import { LogoutOutlined, MenuOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Layout, Menu, type MenuProps, Tag, Tooltip, Typography } from 'antd';
import { Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router-dom';
import type { Session } from '../../modules/access/access.types';
import { NotificationsBell } from '../../modules/hazards/NotificationsBell';
import { useLabels, useLocalName } from '../../shared/labels';
import { useIsPhone } from '../../shared/useMediaQuery';
import { isApiProblem } from '../api';
import { FullPageSpin, homePath } from '../guards';
import { LocaleSwitch } from '../LocaleSwitch';
import { activeNavItem, visibleNavigation } from '../navigation';
import { problemMessage } from '../problem';
import { useSession, useSessionContext } from '../session';

const { Header, Sider, Content } = Layout;

/**
 * The app around every signed-in page: side menu on desktop; below 768 px a
 * compact header whose menu button opens a drawer. Both share one tree, so the
 * page in <Outlet/> keeps its state when the width crosses the breakpoint.
 */
export function AppLayout() {
  const session = useSession();
  const isPhone = useIsPhone();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const { t } = useTranslation();
  const home = homePath(session.permissions);

  return (
    <Layout className={isPhone ? 'gz-shell gz-shell-phone' : 'gz-shell'} hasSider={!isPhone}>
      {!isPhone && (
        <Sider width={220} theme="light" className="gz-sider">
          <div className="gz-sider-brand">
            <Brand to={home} />
            <Typography.Text type="secondary" className="gz-tagline">
              {t('app.tagline')}
            </Typography.Text>
          </div>
          <Navigation session={session} />
        </Sider>
      )}
      <Layout>
        <Header className={isPhone ? 'gz-header gz-header-phone' : 'gz-header'}>
          {isPhone && (
            <>
              <Button
                type="text"
                icon={<MenuOutlined />}
                aria-label={t('nav.menu')}
                aria-expanded={drawerOpen}
                data-testid="nav-toggle"
                onClick={() => setDrawerOpen(true)}
              />
              <Brand to={home} />
            </>
          )}
          <span className="gz-header-spacer" />
          <NotificationsBell />
          <UserName session={session} />
          {!isPhone && <UserRoles session={session} />}
          <LocaleSwitch size={isPhone ? 'small' : 'middle'} />
          {!isPhone && <SignOutButton />}
        </Header>
        {isPhone && (
          <Drawer
            placement="left"
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            size={280}
            title={<Brand to={home} />}
            destroyOnHidden
            styles={{ body: { padding: 0, display: 'flex', flexDirection: 'column' } }}
          >
            <div className="gz-drawer-user">
              <Typography.Text strong>{session.person.name}</Typography.Text>
              <UserRoles session={session} />
            </div>
            <Navigation session={session} onNavigate={() => setDrawerOpen(false)} />
            <div className="gz-drawer-footer">
              <SignOutButton block />
            </div>
          </Drawer>
        )}
        <Content className="gz-content">
          <Suspense fallback={<FullPageSpin />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}

export function Brand({ to }: { to: string }) {
  return (
    <Link to={to} className="gz-brand" data-testid="brand">
      <span className="gz-brand-mark" aria-hidden="true">
        共
      </span>
      <span className="gz-brand-name">共治 Gongzhi</span>
    </Link>
  );
}

function UserName({ session }: { session: Session }) {
  return (
    <Typography.Text strong className="gz-user-name" data-testid="user-name" title={session.account.username}>
      {session.person.name}
    </Typography.Text>
  );
}

/** One tag per distinct role, the organisations it is held in as a tooltip. */
function UserRoles({ session }: { session: Session }) {
  const labels = useLabels();
  const localName = useLocalName();
  const roles = useMemo(() => {
    const byRole = new Map<string, string[]>();
    for (const grant of session.grants) {
      const orgs = byRole.get(grant.role) ?? [];
      orgs.push(localName(grant.organisation));
      byRole.set(grant.role, orgs);
    }
    return [...byRole.entries()];
  }, [session.grants, localName]);

  return (
    <span className="gz-user-roles" data-testid="user-roles">
      {roles.map(([role, orgs]) => (
        <Tooltip key={role} title={[...new Set(orgs)].join('、')}>
          <Tag color="blue" data-testid={`role-${role}`} className="gz-role-tag">
            {labels.role(role)}
          </Tag>
        </Tooltip>
      ))}
    </span>
  );
}

function Navigation({ session, onNavigate }: { session: Session; onNavigate?: () => void }) {
  const { t } = useTranslation();
  const location = useLocation();
  const items: MenuProps['items'] = visibleNavigation(session.permissions).map((item) => {
    const Icon = item.icon;
    return {
      key: item.key,
      icon: <Icon />,
      label: (
        <Link to={item.path} data-testid={`nav-${item.key}`} onClick={onNavigate}>
          {t(`nav.${item.key}`)}
        </Link>
      ),
    };
  });
  const active = activeNavItem(location.pathname);
  return (
    <nav aria-label={t('nav.label')} className="gz-nav">
      <Menu mode="inline" items={items} selectedKeys={active ? [active.key] : []} data-testid="nav" className="gz-menu" />
    </nav>
  );
}

function SignOutButton({ block = false }: { block?: boolean }) {
  const { t, i18n } = useTranslation();
  const { signOut } = useSessionContext();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const onClick = async () => {
    setBusy(true);
    try {
      await signOut();
      void message.success(t('header.signedOut'));
    } catch (error) {
      setBusy(false);
      void message.error(isApiProblem(error) ? problemMessage(error, t, i18n.language) : t('problem.generic'));
    }
  };
  return (
    <Button icon={<LogoutOutlined />} onClick={onClick} loading={busy} block={block} data-testid="sign-out">
      {t('header.signOut')}
    </Button>
  );
}
