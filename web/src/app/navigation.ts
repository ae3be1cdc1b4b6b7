import { ApartmentOutlined, BankOutlined, DashboardOutlined } from '@ant-design/icons';
import type { ComponentType } from 'react';

/**
 * The navigation of the signed-in app, as data: each item names the mandate
 * permission that shows it. The router protects the same paths with the same
 * permissions, so a menu item and its route can never disagree.
 */
export interface NavItem {
  /** Stable key; the menu item gets `data-testid="nav-<key>"`. */
  key: 'overview' | 'enterprises' | 'organisation';
  path: string;
  permission: string;
  icon: ComponentType;
}

export const navigation = [
  { key: 'overview', path: '/', permission: 'directory.area.read', icon: DashboardOutlined },
  { key: 'enterprises', path: '/enterprises', permission: 'directory.enterprise.list', icon: BankOutlined },
  { key: 'organisation', path: '/organisation', permission: 'directory.organisation.read_own', icon: ApartmentOutlined },
] as const satisfies readonly NavItem[];

export type NavKey = NavItem['key'];

/** The items the caller's permissions allow, in menu order. */
export function visibleNavigation(permissions: readonly string[]): NavItem[] {
  const granted = new Set(permissions);
  return navigation.filter((item) => granted.has(item.permission));
}

/** The item whose section contains `pathname` (`/` only matches itself). */
export function activeNavItem(pathname: string): NavItem | undefined {
  return navigation.find((item) => (item.path === '/' ? pathname === '/' : pathname === item.path || pathname.startsWith(`${item.path}/`)));
}
