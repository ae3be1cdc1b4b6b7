import type { ReactNode } from 'react';
import { LocaleProvider } from './locale';
import { SessionProvider } from './session';

/** Language (with Ant Design's and dayjs's locales) outside, the session inside: signing in sets the language. */
export function Providers({ children }: { children: ReactNode }) {
  return (
    <LocaleProvider>
      <SessionProvider>{children}</SessionProvider>
    </LocaleProvider>
  );
}
