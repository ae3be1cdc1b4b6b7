import {
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  CarOutlined,
  ClusterOutlined,
  CompassOutlined,
  DashboardOutlined,
  FileProtectOutlined,
  FundOutlined,
  GiftOutlined,
  GlobalOutlined,
  HeatMapOutlined,
  NotificationOutlined,
  SafetyCertificateOutlined,
  SmileOutlined,
  TeamOutlined,
  UnorderedListOutlined,
  UserOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import type { ComponentType } from 'react';

/**
 * The navigation of the signed-in app, as data: each item names the mandate
 * permission that shows it. The router protects the same paths with the same
 * permissions, so a menu item and its route can never disagree.
 */
export interface NavItem {
  /** Stable key; the menu item gets `data-testid="nav-<key>"`. */
  key:
    | 'overview'
    | 'enterprises'
    | 'areas'
    | 'groups'
    | 'people'
    | 'entrustments'
    | 'checklists'
    | 'inspections'
    | 'risks'
    | 'hazards'
    | 'reports'
    | 'rewards'
    | 'volunteers'
    | 'volunteering'
    | 'dashboard'
    | 'monitoring'
    | 'vehicles'
    | 'ranking'
    | 'organisation'
    | 'mandate';
  path: string;
  /** The permission that shows the item; null for an item everyone signed in sees. */
  permission: string | null;
  /** Also open without signing in (then shown in the public frame, not the app's). */
  public: boolean;
  icon: ComponentType;
}

export const navigation: readonly NavItem[] = [
  { key: 'overview', path: '/', permission: 'directory.area.read', public: false, icon: DashboardOutlined },
  { key: 'enterprises', path: '/enterprises', permission: 'directory.enterprise.list', public: false, icon: BankOutlined },
  { key: 'areas', path: '/areas', permission: 'directory.area.read', public: false, icon: ClusterOutlined },
  { key: 'groups', path: '/groups', permission: 'directory.group.read', public: false, icon: TeamOutlined },
  { key: 'people', path: '/people', permission: 'directory.person.list', public: false, icon: UserOutlined },
  { key: 'entrustments', path: '/entrustments', permission: 'entrustment.entrustment.read', public: false, icon: FileProtectOutlined },
  { key: 'inspections', path: '/inspections', permission: 'inspections.inspection.read', public: false, icon: AuditOutlined },
  { key: 'checklists', path: '/checklists', permission: 'inspections.checklist.read', public: false, icon: UnorderedListOutlined },
  { key: 'risks', path: '/risks', permission: 'risks.risk_point.read', public: false, icon: HeatMapOutlined },
  { key: 'hazards', path: '/hazards', permission: 'hazards.hazard.read', public: false, icon: WarningOutlined },
  { key: 'reports', path: '/reports', permission: 'reports.report.read', public: false, icon: NotificationOutlined },
  { key: 'rewards', path: '/rewards', permission: 'rewards.case.read', public: false, icon: GiftOutlined },
  { key: 'volunteers', path: '/volunteers', permission: 'volunteers.volunteer.read', public: false, icon: SmileOutlined },
  // A volunteer's or grid worker's own phone page: patrols, hours and points.
  { key: 'volunteering', path: '/volunteer', permission: 'volunteers.patrol.log', public: false, icon: CompassOutlined },
  { key: 'dashboard', path: '/dashboard', permission: 'hazards.statistics.read', public: false, icon: FundOutlined },
  { key: 'monitoring', path: '/monitoring', permission: 'vehicles.track.read', public: false, icon: GlobalOutlined },
  { key: 'vehicles', path: '/vehicles', permission: 'vehicles.vehicle.list', public: false, icon: CarOutlined },
  { key: 'ranking', path: '/ranking', permission: 'alarms.ranking.read', public: false, icon: BarChartOutlined },
  { key: 'organisation', path: '/organisation', permission: 'directory.organisation.read_own', public: false, icon: ApartmentOutlined },
  // The published mandate is for everyone: signed in, it sits in the menu; signed out, it is one link from the sign-in page.
  { key: 'mandate', path: '/mandate', permission: null, public: true, icon: SafetyCertificateOutlined },
];

export type NavKey = NavItem['key'];

const shows = (item: NavItem, granted: ReadonlySet<string>) => item.permission === null || granted.has(item.permission);

/** The items the caller's permissions allow, in menu order. */
export function visibleNavigation(permissions: readonly string[]): NavItem[] {
  const granted = new Set(permissions);
  return navigation.filter((item) => shows(item, granted));
}

/** The item whose section contains `pathname` (`/` only matches itself). */
export function activeNavItem(pathname: string): NavItem | undefined {
  return navigation.find((item) => (item.path === '/' ? pathname === '/' : pathname === item.path || pathname.startsWith(`${item.path}/`)));
}
