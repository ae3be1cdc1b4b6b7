import { type ComponentType, type LazyExoticComponent, lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { FullPageSpin, NotFoundResult, RequirePermission, RequireSession } from './guards';
import { AppLayout } from './layout/AppLayout';
import { type NavKey, navigation } from './navigation';

const SignInPage = lazy(() => import('../modules/access/SignInPage'));

/** The page of each navigation item; its path and permission come from `navigation.ts`. */
const pages: Record<NavKey, LazyExoticComponent<ComponentType>> = {
  overview: lazy(() => import('../modules/directory/OverviewPage')),
  enterprises: lazy(() => import('../modules/directory/EnterprisesPage')),
  organisation: lazy(() => import('../modules/directory/OrganisationPage')),
};

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
        <Route
          element={
            <RequireSession>
              <AppLayout />
            </RequireSession>
          }
        >
          {navigation.map((item) => {
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
          <Route path="*" element={<NotFoundResult />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
