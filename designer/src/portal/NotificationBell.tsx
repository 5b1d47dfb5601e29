// The notification centre in the header: a bell with the unread count (asked for on start, every
// minute, when the tab comes back, and after each page change), and a panel with the latest
// notifications — open one to go where it points (and mark it read), or mark all read. Part of the
// shell, so of every first load: small, no dependencies beyond the API client.
import { dateTime } from '../ui/index.ts';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { api } from '../api/client.ts';
import { useLocale, useLocalized, useMessages } from '../i18n/react.tsx';
import { navigate, usePathname } from '../shell/router.tsx';
import { TASKS_CHANGED } from '../shell/task-count.ts';
import { Icon } from '../ui/icons.tsx';
import { type Notification } from './data.ts';
import { portalMessages } from './messages.ts';
import './bell.css';

const POLL_MS = 60_000;

export function NotificationBell() {
  const t = useMessages(portalMessages);
  const localized = useLocalized();
  const { locale } = useLocale();
  const pathname = usePathname();
  const [unread, setUnread] = useState(0);
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<Notification[] | null>(null);
  const [failed, setFailed] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const panelId = useId();

  const count = useCallback(() => {
    api
      .get('/api/notifications/unread-count')
      .then((r) => setUnread(r.unread))
      .catch(() => undefined);
  }, []);

  useEffect(() => {
    count();
    const timer = setInterval(count, POLL_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') count();
    };
    document.addEventListener('visibilitychange', onVisible);
    // Acting on tasks marks their notices read: count again at once.
    window.addEventListener(TASKS_CHANGED, count);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener(TASKS_CHANGED, count);
    };
  }, [count]);
  // Acting on a task usually changes what is unread: look again after each page change.
  useEffect(count, [pathname, count]);

  const load = useCallback(() => {
    setFailed(false);
    api
      .get('/api/notifications', { query: { limit: 20 } })
      .then((page) => setItems(page.items))
      .catch(() => setFailed(true));
  }, []);

  useEffect(() => {
    if (!open) return;
    load();
    const onPointer = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open, load]);

  const markRead = async (body: { ids: string[] } | { all: true }) => {
    await api.post('/api/notifications/read', { body }).catch(() => undefined);
    count();
  };

  const choose = (n: Notification) => {
    setOpen(false);
    if (!n.read) {
      setItems((list) => list?.map((x) => (x.id === n.id ? { ...x, read: true } : x)) ?? null);
      void markRead({ ids: [n.id] });
    }
    if (n.link?.startsWith('/')) navigate(n.link);
  };

  return (
    <div className="fp-bell" ref={root}>
      <button
        type="button"
        className="fp-bell__button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={unread > 0 ? t('bell.labelUnread', { n: unread }) : t('bell.label')}
        onClick={() => setOpen((v) => !v)}
      >
        <Icon name="bell" />
        {unread > 0 && (
          <span className="fp-bell__count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      <div className="fp-bell__panel" id={panelId} hidden={!open}>
        <div className="fp-bell__head">
          <h2>{t('bell.title')}</h2>
          {unread > 0 && (
            <button
              type="button"
              className="fp-link-button"
              onClick={() => {
                setItems((list) => list?.map((x) => ({ ...x, read: true })) ?? null);
                void markRead({ all: true });
              }}
            >
              {t('bell.markAll')}
            </button>
          )}
        </div>
        {failed && <p className="fp-bell__empty">{t('bell.failed')}</p>}
        {!failed && items?.length === 0 && <p className="fp-bell__empty">{t('bell.empty')}</p>}
        {!failed && items === null && open && <p className="fp-bell__empty">{t('loading')}</p>}
        {items && items.length > 0 && (
          <ul className="fp-bell__list">
            {items.map((n) => (
              <li key={n.id}>
                <button
                  type="button"
                  className={`fp-bell__item${n.read ? '' : ' fp-bell__item--unread'}`}
                  onClick={() => choose(n)}
                >
                  <span className="fp-bell__title">{localized(n.title)}</span>
                  {n.body && <span className="fp-bell__body">{localized(n.body)}</span>}
                  <span className="fp-bell__time">{dateTime(n.createdAt, locale)}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
