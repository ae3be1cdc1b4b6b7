import { type ComponentType, type LazyExoticComponent, lazy, Suspense } from 'react';
import { BrowserRouter, Outlet, Route, Routes } from 'react-router-dom';
import { FullPageSpin, NotFoundResult, RequirePermission, RequireSession } from './guards';
import { AppLayout } from './layout/AppLayout';
import { PublicLayout } from './layout/PublicLayout';
import { type NavKey, navigation } from './navigation';
import { useSessionContext } from './session';

const SignInPage = lazy(() => import('../modules/access/SignInPage'));

type Page = LazyExoticComponent<ComponentType>;

/** The page of each navigation item; its path and permission come from `navigation.ts`. */
const pages: Record<NavKey, Page> = {
  overview: lazy(() => import('../modules/directory/OverviewPage')),
  enterprises: lazy(() => import('../modules/directory/EnterprisesPage')),
  areas: lazy(() => import('../modules/directory/AreasPage')),
  groups: lazy(() => import('../modules/directory/GroupsPage')),
  people: lazy(() => import('../modules/directory/PeoplePage')),
  entrustments: lazy(() => import('../modules/entrustment/EntrustmentsPage')),
  inspections: lazy(() => import('../modules/inspections/InspectionsPage')),
  checklists: lazy(() => import('../modules/inspections/ChecklistsPage')),
  risks: lazy(() => import('../modules/risks/RisksPage')),
  hazards: lazy(() => import('../modules/hazards/HazardBoardPage')),
  reports: lazy(() => import('../modules/reports/InboxPage')),
  rewards: lazy(() => import('../modules/rewards/RewardsPage')),
  volunteers: lazy(() => import('../modules/volunteers/VolunteersPage')),
  volunteering: lazy(() => import('../modules/volunteers/MyVolunteeringPage')),
  dashboard: lazy(() => import('../modules/hazards/DashboardPage')),
  monitoring: lazy(() => import('../modules/vehicles/MonitoringWallPage')),
  vehicles: lazy(() => import('../modules/vehicles/FleetPage')),
  ranking: lazy(() => import('../modules/vehicles/RankingPage')),
  organisation: lazy(() => import('../modules/directory/OrganisationPage')),
  mandate: lazy(() => import('../modules/access/MandatePage')),
};

/** Pages below a navigation item, each behind its own permission. */
const subpages: { path: string; permission: string; page: Page }[] = [
  {
    path: '/volunteers/ranking',
    permission: 'volunteers.ranking.read',
    page: lazy(() => import('../modules/volunteers/RankingPage')),
  },
  {
    path: '/rewards/rules',
    permission: 'rewards.case.read',
    page: lazy(() => import('../modules/rewards/RewardRulesPage')),
  },
  {
    path: '/rewards/:id',
    permission: 'rewards.case.read',
    page: lazy(() => import('../modules/rewards/RewardDetailPage')),
  },
  {
    path: '/enterprises/import',
    permission: 'directory.enterprise.import',
    page: lazy(() => import('../modules/directory/ImportPage')),
  },
  {
    path: '/organisations/:id',
    permission: 'directory.organisation.read_own',
    page: lazy(() => import('../modules/directory/OrganisationDetailPage')),
  },
  {
    path: '/people/import',
    permission: 'directory.person.create',
    page: lazy(() => import('../modules/directory/PeopleImportPage')),
  },
  {
    path: '/people/:id',
    permission: 'directory.person.list',
    page: lazy(() => import('../modules/directory/PersonPage')),
  },
  {
    path: '/entrustments/new',
    permission: 'entrustment.entrustment.create',
    page: lazy(() => import('../modules/entrustment/EntrustmentNewPage')),
  },
  {
    path: '/entrustments/:id',
    permission: 'entrustment.entrustment.read',
    page: lazy(() => import('../modules/entrustment/EntrustmentDetailPage')),
  },
  {
    path: '/checklists/new',
    permission: 'inspections.checklist.author',
    page: lazy(() => import('../modules/inspections/ChecklistEditPage')),
  },
  {
    path: '/checklists/:id',
    permission: 'inspections.checklist.read',
    page: lazy(() => import('../modules/inspections/ChecklistPage')),
  },
  {
    path: '/checklists/:id/edit',
    permission: 'inspections.checklist.author',
    page: lazy(() => import('../modules/inspections/ChecklistEditPage')),
  },
  {
    path: '/inspections/new',
    permission: 'inspections.inspection.read',
    page: lazy(() => import('../modules/inspections/InspectionNewPage')),
  },
  {
    path: '/inspections/:id',
    permission: 'inspections.inspection.read',
    page: lazy(() => import('../modules/inspections/InspectionPage')),
  },
  {
    path: '/risks/enterprises/:id',
    permission: 'risks.risk_point.read',
    page: lazy(() => import('../modules/risks/EnterpriseRiskPage')),
  },
  {
    path: '/risks/schemes',
    permission: 'risks.scheme.read',
    page: lazy(() => import('../modules/risks/SchemesPage')),
  },
  {
    path: '/risks/points/:id/card',
    permission: 'risks.risk_point.read',
    page: lazy(() => import('../modules/risks/NoticeCardPage')),
  },
  {
    path: '/hazards/quarterly',
    permission: 'hazards.statistics.quarterly',
    page: lazy(() => import('../modules/hazards/QuarterlyStatistics')),
  },
  {
    path: '/hazards/:id',
    // Anyone may open a hazard they reported; the server answers 404 for the rest.
    permission: 'hazards.hazard.report',
    page: lazy(() => import('../modules/hazards/HazardPage')),
  },
  {
    path: '/reports/clients',
    permission: 'reports.client.manage',
    page: lazy(() => import('../modules/reports/Open311ClientsPage')),
  },
  {
    path: '/reports/figures',
    permission: 'reports.report.read',
    page: lazy(() => import('../modules/reports/ReportFiguresPage')),
  },
  {
    path: '/reports/:id',
    permission: 'reports.report.read',
    page: lazy(() => import('../modules/reports/ReportDetailPage')),
  },
  {
    path: '/vehicles/:id',
    permission: 'vehicles.vehicle.list',
    page: lazy(() => import('../modules/vehicles/VehiclePage')),
  },
  {
    path: '/alarms/:id',
    permission: 'alarms.alarm.list',
    page: lazy(() => import('../modules/alarms/AlarmPage')),
  },
  {
    path: '/hazards/:id/dossier',
    permission: 'hazards.hazard.report',
    page: lazy(() => import('../modules/hazards/MajorDossierPage')),
  },
];

/** Pages anyone may open without signing in, besides public navigation items. */
const publicPages: { path: string; page: Page }[] = [
  // An enterprise shows it to an inspector at the door, or the inspector to the enterprise.
  { path: '/verify/:code?', page: lazy(() => import('../modules/entrustment/VerifyPage')) },
  // An enterprise answers an inspection's questionnaire from the link it was sent, without an account.
  { path: '/q/:token', page: lazy(() => import('../modules/inspections/QuestionnairePage')) },
  // A resident reports a hazard (随手拍) and follows it from the link it was given, without an account.
  { path: '/report', page: lazy(() => import('../modules/reports/PublicReportPage')) },
  { path: '/report/:token', page: lazy(() => import('../modules/reports/TrackReportPage')) },
  // The tracking link the intake API answers with.
  { path: '/report/track/:token', page: lazy(() => import('../modules/reports/TrackReportPage')) },
  // A resident applies to volunteer, without an account.
  { path: '/volunteer/apply', page: lazy(() => import('../modules/volunteers/ApplyPage')) },
  // Anyone sees the reports on a map and a list, follows them by feed or e-mail, and opens one by its code.
  { path: '/reports/public/:code?', page: lazy(() => import('../modules/reports/PublicMapPage')) },
];

/**
 * One frame for every page: the app's (menu, account) when signed in, the
 * public one otherwise. Public pages live in both, so signing in or out on one
 * keeps the reader where they are.
 */
function Frame() {
  const { state } = useSessionContext();
  if (state.status === 'loading') return <FullPageSpin />;
  return state.status === 'signed-in' ? <AppLayout /> : <PublicLayout />;
}

export function AppRouter() {
  return (
    <BrowserRouter>
      <Routes>
        <Route
          path="/sign-in"
          element={
            <Suspense fallback={<FullPageSpin />}>
              <SignInPage />
            </Suspense>
          }
        />
        <Route element={<Frame />}>
          {navigation
            .filter((item) => item.public)
            .map((item) => {
              const Page = pages[item.key];
              return <Route key={item.key} path={item.path} element={<Page />} />;
            })}
          {publicPages.map(({ path, page: Page }) => (
            <Route key={path} path={path} element={<Page />} />
          ))}
          <Route
            element={
              <RequireSession>
                <Outlet />
              </RequireSession>
            }
          >
            {navigation
              .filter((item) => !item.public)
              .map((item) => {
                const Page = pages[item.key];
                return (
                  <Route
                    key={item.key}
                    path={item.path}
                    element={
                      <RequirePermission permission={item.permission}>
                        <Page />
                      </RequirePermission>
                    }
                  />
                );
              })}
            {subpages.map(({ path, permission, page: Page }) => (
              <Route
                key={path}
                path={path}
                element={
                  <RequirePermission permission={permission}>
                    <Page />
                  </RequirePermission>
                }
              />
            ))}
            <Route path="*" element={<NotFoundResult />} />
          </Route>
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
