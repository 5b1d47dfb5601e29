// The frame around every page: header (brand, language, account), the navigation — a sidebar on a
// desktop, a bottom tab bar with per-section tabs on a phone — and the page itself.
import { useEffect, useRef, type ReactNode } from 'react';
import { NotificationBell } from '../portal/NotificationBell.tsx';
import { Icon } from '../ui/icons.tsx';
import { useMessages } from '../i18n/react.tsx';
import { AccountMenu } from './AccountMenu.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { shellMessages } from './messages.ts';
import { navigationFor, type AppRoute } from './routes.ts';
import { Link, usePathname } from './router.tsx';
import { useMe } from './session.tsx';
import { useTaskCount } from './task-count.ts';

const isActive = (route: AppRoute, pathname: string): boolean =>
  pathname === route.path || pathname.startsWith(`${route.path}/`);

/** The page of a section the path is on: the most specific match (/admin/users, not /admin). */
const currentOf = (routes: AppRoute[], pathname: string): AppRoute | undefined =>
  routes.filter((r) => isActive(r, pathname)).sort((a, b) => b.path.length - a.path.length)[0];

export function Layout({ children }: { children: ReactNode }) {
  const t = useMessages(shellMessages);
  const me = useMe();
  const pathname = usePathname();
  const navigation = navigationFor(me);
  const current = navigation.find((n) => n.routes.some((r) => isActive(r, pathname)));
  const tabs = useRef<HTMLElement>(null);
  const waiting = useTaskCount(pathname);
  // A section with many pages (the admin console) scrolls its tabs sideways on a phone: keep the
  // current page's tab in sight.
  useEffect(() => {
    const bar = tabs.current;
    const tab = bar?.querySelector<HTMLElement>('[aria-current="page"]');
    if (bar && tab)
      bar.scrollLeft = tab.offsetLeft - bar.offsetLeft - (bar.clientWidth - tab.offsetWidth) / 2;
  }, [pathname]);

  return (
    <div className="f-shell">
      <a className="f-skip" href="#main">
        {t('skipToContent')}
      </a>
      <header className="f-header">
        <Link className="f-brand" to="/">
          <img className="f-brand__mark" src="/favicon.svg" alt="" width={28} height={28} />
          <span className="f-brand__name">{t('appName')}</span>
        </Link>
        <div className="f-header__tools">
          <Link className="f-header__scan" to="/scan" aria-label={t('nav.scan')} title={t('nav.scan')}>
            <Icon name="scan" />
          </Link>
          <NotificationBell />
          <LanguageSwitch compact />
          <AccountMenu />
        </div>
      </header>

      <nav className="f-nav" aria-label={t('mainNavigation')}>
        <ul className="f-nav__sections">
          {navigation.map(({ section, routes }) => {
            const sectionActive = current?.section.id === section.id;
            return (
              <li key={section.id} className="f-nav__section" data-section={section.id}>
                <Link
                  className="f-nav__link"
                  to={routes[0]!.path}
                  aria-current={sectionActive && routes.length === 1 ? 'page' : undefined}
                  data-active={sectionActive || undefined}
                >
                  <Icon name={section.icon} />
                  <span>{t(section.label)}</span>
                  {section.id === 'inbox' && waiting ? (
                    <span className="f-nav__badge" data-count={waiting}>
                      <span aria-hidden="true">{waiting > 99 ? '99+' : waiting}</span>
                      <span className="f-visually-hidden">{t('nav.inboxCount', { n: waiting })}</span>
                    </span>
                  ) : null}
                </Link>
                {routes.length > 1 && (
                  <ul className="f-nav__pages">
                    {routes.map((route) => (
                      <li key={route.path}>
                        <Link
                          className="f-nav__sublink"
                          to={route.path}
                          aria-current={currentOf(routes, pathname) === route ? 'page' : undefined}
                        >
                          <Icon name={route.icon} size={18} />
                          <span>{t(route.label)}</span>
                        </Link>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ul>
      </nav>

      <main className="f-main" id="main" tabIndex={-1}>
        {current && current.routes.length > 1 && (
          <nav className="f-tabs" aria-label={t('sectionNavigation')} ref={tabs}>
            {current.routes.map((route) => (
              <Link
                key={route.path}
                className="f-tabs__tab"
                to={route.path}
                aria-current={currentOf(current.routes, pathname) === route ? 'page' : undefined}
              >
                {t(route.label)}
              </Link>
            ))}
          </nav>
        )}
        {children}
      </main>
    </div>
  );
}
