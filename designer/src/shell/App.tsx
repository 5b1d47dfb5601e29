// The app: language, session, then either the login page, the forced password change, or the
// frame with the page the URL names (routes.ts). A public link's page (/p/<token>: someone without
// an account, e.g. a customer's rating) has no session at all.
import { Component, lazy, Suspense, useEffect, type ReactNode } from 'react';
import { publicLinkToken } from '../public-actions/route.ts';
import { I18nProvider, useLocale, useMessages } from '../i18n/react.tsx';
import { Alert, Button, EmptyState, Spinner } from '../ui/index.ts';
import { ChangePasswordForm } from './ChangePasswordForm.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { Layout } from './Layout.tsx';
import { LoginPage } from './LoginPage.tsx';
import { shellMessages } from './messages.ts';
import { canOpen, findRoute, HOME } from './routes.ts';
import { Link, navigate, usePathname } from './router.tsx';
import { SessionProvider, useMe, useSession } from './session.tsx';
import { refreshTaskCount } from './task-count.ts';

const INBOX = '/inbox';
const PublicActionPage = lazy(() => import('../public-actions/PublicActionPage.tsx'));

export function App() {
  const token = publicLinkToken(location.pathname);
  return (
    <I18nProvider>
      {token ? (
        <PublicLink token={token} />
      ) : (
        <SessionProvider>
          <Root />
        </SessionProvider>
      )}
    </I18nProvider>
  );
}

function PublicLink({ token }: { token: string }) {
  const t = useMessages(shellMessages);
  return (
    <Suspense fallback={<Spinner label={t('loading')} />}>
      <PublicActionPage token={token} />
    </Suspense>
  );
}

function Root() {
  const t = useMessages(shellMessages);
  const { locale } = useLocale();
  const session = useSession();
  const { state } = session;
  switch (state.status) {
    case 'loading':
      return <Spinner label={t('loading')} />;
    case 'unreachable':
      return (
        <div className="f-auth">
          <main className="f-auth__card f-card">
            <Alert tone="error">
              {t('unreachable')} {state.error.text(locale)}
            </Alert>
            <Button variant="primary" onClick={session.retry}>
              {t('retry')}
            </Button>
          </main>
        </div>
      );
    case 'anonymous':
      return <LoginPage expired={state.expired} />;
    case 'signed-in':
      return state.me.mustChangePassword ? (
        <ForcedPasswordChange />
      ) : (
        <Layout>
          <RoutedPage />
        </Layout>
      );
  }
}

function ForcedPasswordChange() {
  const t = useMessages(shellMessages);
  const session = useSession();
  useEffect(() => {
    document.title = `${t('password.forcedTitle')} · ${t('appName')}`;
  }, [t]);
  return (
    <div className="f-auth">
      <div className="f-auth__lang">
        <LanguageSwitch />
      </div>
      <main className="f-auth__card f-card">
        <h1 className="f-auth__title">{t('password.forcedTitle')}</h1>
        <Alert>{t('password.forcedIntro')}</Alert>
        <ChangePasswordForm forced />
        <Button variant="ghost" icon="logout" block onClick={() => void session.logout()}>
          {t('logout')}
        </Button>
      </main>
    </div>
  );
}

function RoutedPage() {
  const t = useMessages(shellMessages);
  const me = useMe();
  const pathname = usePathname();
  const found = findRoute(pathname);
  // People with tasks waiting start on their inbox; everyone else on the request catalogue.
  useEffect(() => {
    if (pathname !== '/') return;
    let live = true;
    void refreshTaskCount().then((waiting) => {
      if (live && window.location.pathname === '/') navigate(waiting ? INBOX : HOME, { replace: true });
    });
    return () => {
      live = false;
    };
  }, [pathname]);
  if (pathname === '/') return null;
  if (!found)
    return (
      <EmptyState icon="alert" title={t('notFoundTitle')}>
        <p>{t('notFoundText')}</p>
        <Link to={HOME}>{t('backToStart')}</Link>
      </EmptyState>
    );
  if (!canOpen(found.route, me))
    return (
      <EmptyState icon="admin" title={t('noAccessTitle')}>
        <p>{t('noAccessText')}</p>
        <Link to={HOME}>{t('backToStart')}</Link>
      </EmptyState>
    );
  const Page = found.route.page.Component;
  return (
    <PageBoundary key={found.route.path}>
      <Suspense fallback={<Spinner label={t('loading')} />}>
        <Page params={found.params} />
      </Suspense>
    </PageBoundary>
  );
}

/** A page that throws (or whose chunk fails to download) shows a message, not a blank screen. */
class PageBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }
  override componentDidCatch(error: unknown): void {
    console.error(error);
  }
  override render(): ReactNode {
    return this.state.failed ? <PageFailed /> : this.props.children;
  }
}

function PageFailed() {
  const t = useMessages(shellMessages);
  return (
    <EmptyState icon="alert" title={t('pageFailed')}>
      <Button onClick={() => location.reload()}>{t('reload')}</Button>
    </EmptyState>
  );
}
