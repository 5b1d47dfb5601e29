// My requests: newest first, each with its status, the step it is at and who holds it now.
import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import { useLocale, useMessages } from '../i18n/react.tsx';
import { useOutboxItems } from '../offline/outbox.ts';
import { Link } from '../shell/router.tsx';
import { useMe } from '../shell/session.tsx';
import { Alert, Button, EmptyState, Icon, Page, Spinner, dateTime, useLoad } from '../ui/index.ts';
import { useRequestName, type RequestSummary } from './data.ts';
import { portalMessages } from './messages.ts';
import { QueuedRequests } from './QueuedRequests.tsx';
import { RequestStatusBadge } from './RequestStatusBadge.tsx';
import { summaryOf } from './approval-views.ts';
import { SummaryLine } from './RequestSummary.tsx';
import { Segmented } from '../ui/kit/index.ts';
import './portal.css';
import './lists.css';

type Filter = 'active' | 'all';

export default function MyRequestsPage() {
  const t = useMessages(portalMessages);
  const { locale } = useLocale();
  const requestName = useRequestName();
  const [filter, setFilter] = useState<Filter>('all');
  const [more, setMore] = useState<{ items: RequestSummary[]; cursor: string | null } | null>(null);
  // A queued request the outbox just sent is a request now: list it.
  const [sent, setSent] = useState(0);
  const queued = useOutboxItems(useMe().user.id);
  useEffect(() => {
    const onSent = () => setSent((n) => n + 1);
    window.addEventListener('forma:request-sent', onSent);
    return () => window.removeEventListener('forma:request-sent', onSent);
  }, []);
  // Step and flow names come in the user's saved language: read again once a switch is saved.
  const savedLocale = useMe().user.locale;
  const list = useLoad(
    (signal) =>
      api.get('/api/approvals/requests', {
        query: { limit: 30, ...(filter === 'active' ? { active: true } : {}) },
        signal,
      }),
    [filter, sent, savedLocale],
  );
  const items = [...(list.data?.items ?? []), ...(more?.items ?? [])];
  const cursor = more ? more.cursor : (list.data?.nextCursor ?? null);
  const loadMore = async () => {
    if (!cursor) return;
    const page = await api.get('/api/approvals/requests', {
      query: { limit: 30, cursor, ...(filter === 'active' ? { active: true } : {}) },
    });
    setMore({ items: [...(more?.items ?? []), ...page.items], cursor: page.nextCursor });
  };

  return (
    <Page
      title={t('mine.title')}
      intro={t('mine.intro')}
      actions={
        <Link className="f-btn f-btn--primary fp-desktop-only" to="/requests">
          <Icon name="plus" />
          {t('mine.new')}
        </Link>
      }
    >
      <Segmented
        label={t('mine.filter')}
        selected={filter}
        onSelect={(f) => {
          setMore(null);
          setFilter(f);
        }}
        items={(['all', 'active'] as const).map((f) => ({ id: f, label: t(`mine.filter.${f}`) }))}
      />
      {new URLSearchParams(window.location.search).has('queued') &&
        queued.some((q) => q.state === 'queued') && <Alert>{t('queue.justQueued')}</Alert>}
      <QueuedRequests items={queued} />
      {list.error && <Alert tone="error">{list.error.text(locale)}</Alert>}
      {list.loading && !list.data && <Spinner label={t('loading')} />}
      {list.data && items.length === 0 && queued.length === 0 && (
        <EmptyState icon="requests" title={t('mine.emptyTitle')}>
          <Link to="/requests">{t('mine.emptyText')}</Link>
        </EmptyState>
      )}
      {items.length > 0 && (
        <ul className="fp-list">
          {items.map((r) => (
            <li key={r.id}>
              <Link className="fp-row" to={`/requests/${encodeURIComponent(r.id)}`} data-request={r.id}>
                <span className="fp-row__main">
                  <span className="fp-row__title">{requestName(r)}</span>
                  <SummaryLine summary={summaryOf(r)} />
                  <span className="fp-row__meta">
                    {t('mine.started', { when: dateTime(r.startedAt, locale) })}
                    {r.currentSteps.length > 0 &&
                      ` · ${r.currentSteps
                        .map((s) =>
                          s.holderNames?.length ? `${s.name} (${s.holderNames.join(', ')})` : (s.name ?? ''),
                        )
                        .join('; ')}`}
                  </span>
                </span>
                <span className="fp-row__badges">
                  <RequestStatusBadge status={r.status} />
                </span>
                <Icon name="forward" size={18} className="fp-row__go" />
              </Link>
            </li>
          ))}
        </ul>
      )}
      {cursor && (
        <Button variant="ghost" onClick={() => void loadMore()}>
          {t('list.more')}
        </Button>
      )}
    </Page>
  );
}
