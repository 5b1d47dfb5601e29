// Who is signed in: loads GET /api/auth/me on start, logs in and out, changes the password and the
// user's language. A user with a one-time password (first-start admin, admin reset) must change it
// before anything else; the API refuses other calls until then (PASSWORD_CHANGE_REQUIRED).
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { api, onUnauthenticated, type ReplyOf } from '../api/client.ts';
import { ApiError, asApiError } from '../api/errors.ts';
import type { Locale } from '../i18n/define.ts';
import { useLocale } from '../i18n/react.tsx';
import { navigate } from './router.tsx';

export type Me = ReplyOf<'/api/auth/me', 'get'>;

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous'; expired: boolean }
  | { status: 'signed-in'; me: Me }
  | { status: 'unreachable'; error: ApiError };

export interface Session {
  state: SessionState;
  login(login: string, password: string): Promise<void>;
  logout(): Promise<void>;
  changePassword(currentPassword: string, newPassword: string): Promise<void>;
  /** Switches the language; saved on the server for a signed-in user. */
  changeLocale(locale: Locale): Promise<void>;
  retry(): void;
}

const SessionContext = createContext<Session | null>(null);

export function hasRole(me: Me, ...roles: string[]): boolean {
  return roles.some((role) => me.user.roles.includes(role));
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const { setLocale } = useLocale();
  // A language picked on the login page is the user's explicit choice: it is kept and saved for
  // them at login. Otherwise the user's saved language wins over the browser's default.
  const picked = useRef<Locale | null>(null);

  const saveLocale = useCallback(async (me: Me, wanted: Locale): Promise<Me> => {
    if (me.user.locale === wanted || me.mustChangePassword) return me;
    const user = await api.patch('/api/auth/me', { body: { locale: wanted } });
    return { ...me, user };
  }, []);

  const adopt = useCallback(
    async (me: Me): Promise<void> => {
      let next = me;
      if (picked.current) next = await saveLocale(me, picked.current);
      else setLocale(me.user.locale);
      if (!next.mustChangePassword) picked.current = null;
      setState({ status: 'signed-in', me: next });
    },
    [saveLocale, setLocale],
  );

  const load = useCallback(async () => {
    try {
      await adopt(await api.get('/api/auth/me'));
    } catch (e) {
      const error = asApiError(e);
      if (error.status === 401) setState({ status: 'anonymous', expired: false });
      else setState({ status: 'unreachable', error });
    }
  }, [adopt]);

  useEffect(() => {
    void load();
    return onUnauthenticated(() => setState({ status: 'anonymous', expired: true }));
  }, [load]);

  const session = useMemo<Session>(
    () => ({
      state,
      async login(login, password) {
        await api.post('/api/auth/login', { body: { login, password } });
        await adopt(await api.get('/api/auth/me'));
      },
      async logout() {
        try {
          await api.post('/api/auth/logout');
        } catch (e) {
          // Already logged out (expired session): the goal is reached either way.
          if (!(e instanceof ApiError && e.status === 401)) throw e;
        }
        picked.current = null;
        setState({ status: 'anonymous', expired: false });
        navigate('/', { replace: true });
      },
      async changePassword(currentPassword, newPassword) {
        await api.post('/api/auth/password', { body: { currentPassword, newPassword } });
        await adopt(await api.get('/api/auth/me'));
      },
      async changeLocale(next) {
        setLocale(next);
        // Not signed in yet, or still on a one-time password (PATCH /me is refused): saved later.
        if (state.status !== 'signed-in' || state.me.mustChangePassword) {
          picked.current = next;
          return;
        }
        const me = await saveLocale(state.me, next);
        setState({ status: 'signed-in', me });
      },
      retry() {
        setState({ status: 'loading' });
        void load();
      },
    }),
    [state, adopt, load, saveLocale, setLocale],
  );

  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in user (only inside the signed-in part of the app). */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useMe without a signed-in user');
  return state.me;
}
