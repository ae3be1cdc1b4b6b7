import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { accessApi } from '../modules/access/access.api';
import type { Locale, Session, SignInRequest } from '../modules/access/access.types';
import { type ApiProblem, isApiProblem, onUnauthorized, setCsrfToken } from './api';
import { useLocale } from './locale';

export type SessionState =
  | { status: 'loading' }
  /** `by-user` after signing out here: nothing to come back to after the next sign-in. */
  | { status: 'signed-out'; reason: 'by-user' | 'no-session' }
  | { status: 'error'; problem: ApiProblem }
  | { status: 'signed-in'; session: Session };

interface SessionContextValue {
  state: SessionState;
  /** Signs in; on failure throws the server's `ApiProblem` for the form to show. */
  signIn: (credentials: SignInRequest) => Promise<Session>;
  signOut: () => Promise<void>;
  /** Asks the server again, e.g. after a failed first attempt. */
  reload: () => void;
  /** Records a language the server has accepted for this account. */
  rememberLocale: (locale: Locale) => void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const { setLocale } = useLocale();
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const enter = useCallback(
    (session: Session) => {
      setCsrfToken(session.csrfToken);
      // The account's language wins over the one remembered on this device.
      setLocale(session.account.locale);
      setState({ status: 'signed-in', session });
    },
    [setLocale],
  );

  const leave = useCallback((reason: 'by-user' | 'no-session' = 'no-session') => {
    setCsrfToken(null);
    setState({ status: 'signed-out', reason });
  }, []);

  const load = useCallback(
    (signal: AbortSignal) => {
      accessApi.getSession(signal).then(enter, (error: unknown) => {
        if (signal.aborted) return;
        if (isApiProblem(error) && error.status === 401) leave('no-session');
        else if (isApiProblem(error)) setState({ status: 'error', problem: error });
      });
    },
    [enter, leave],
  );

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, [load]);

  useEffect(() => onUnauthorized(() => leave('no-session')), [leave]);

  const signIn = useCallback(
    async (credentials: SignInRequest) => {
      const session = await accessApi.signIn(credentials);
      enter(session);
      return session;
    },
    [enter],
  );

  const signOut = useCallback(async () => {
    try {
      await accessApi.signOut();
    } catch (error) {
      // A session that has already ended is as good as signed out.
      if (!(isApiProblem(error) && error.status === 401)) throw error;
    }
    leave('by-user');
  }, [leave]);

  const reload = useCallback(() => {
    setState({ status: 'loading' });
    load(new AbortController().signal);
  }, [load]);

  const rememberLocale = useCallback((locale: Locale) => {
    setState((s) => (s.status === 'signed-in' ? { ...s, session: { ...s.session, account: { ...s.session.account, locale } } } : s));
  }, []);

  const value = useMemo(() => ({ state, signIn, signOut, reload, rememberLocale }), [state, signIn, signOut, reload, rememberLocale]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionContext(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSessionContext must be used inside <SessionProvider>');
  return value;
}

/** The signed-in session; only for components rendered behind <RequireSession>. */
export function useSession(): Session {
  const { state } = useSessionContext();
  if (state.status !== 'signed-in') throw new Error('useSession needs a signed-in session');
  return state.session;
}

/** Whether the signed-in caller's mandate includes a permission (false when signed out). */
export function usePermission(permission: string): boolean {
  const { state } = useSessionContext();
  return state.status === 'signed-in' && state.session.permissions.includes(permission);
}
