// The approval inbox: my open tasks (overdue first, then by due date), many approved at once from the
// list; what was CC'd to me; what I have done. Keyboard: j / k (or the arrow keys) move between
// tasks, x selects, Enter opens, / searches, Shift+A approves the selected ones.
import { useEffect, useRef, useState } from 'react';
import { api, type ReplyOf } from '../api/client.ts';
import { useLocale, useMessages } from '../i18n/react.tsx';
import { Link } from '../shell/router.tsx';
import { useMe } from '../shell/session.tsx';
import { Alert, Button, EmptyState, Icon, Page, Spinner, dateOnly, dateTime, useLoad } from '../ui/index.ts';
import { useQueryParam, useRequestName, useUserNames, type InboxItem } from './data.ts';
import { CommentField } from './dialogs.tsx';
import { ActionDialog, Badge, Checkbox, Segmented } from '../ui/kit/index.ts';
import { portalMessages, type PortalKey } from './messages.ts';
import { RequestStatusBadge } from './RequestStatusBadge.tsx';
import { summaryOf } from './approval-views.ts';
import { BulkApproveList } from './BulkApproveList.tsx';
import { SummaryLine } from './RequestSummary.tsx';
import { UndoToast } from './UndoToast.tsx';
import { tasksChanged } from '../shell/task-count.ts';
import './portal.css';
import './lists.css';

type Tab = 'todo' | 'cc' | 'done';
/** What TaskPage reports after acting (?done=approve). */
const DONE_KEYS = new Set(['approve', 'reject', 'return', 'transfer', 'delegate', 'addSigner']);
const TABS: Tab[] = ['todo', 'cc', 'done'];
type BulkResult = ReplyOf<'/api/tasks/bulk-approve', 'post'>;

/** Tasks a bulk approval may take (a returned request is the requester's to resubmit). */
const approvable = (item: InboxItem) => item.kind !== 'resubmit';

const typing = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.isContentEditable) &&
  !(target instanceof HTMLInputElement && target.type === 'checkbox');

export default function InboxPage() {
  const t = useMessages(portalMessages);
  const { locale } = useLocale();
  const [tabParam, setTab] = useQueryParam('tab');
  const [doneParam, setDone] = useQueryParam('done');
  const requestName = useRequestName();
  const tab: Tab = TABS.includes(tabParam as Tab) ? (tabParam as Tab) : 'todo';
  const [query, setQuery] = useState('');
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulkOpen, setBulkOpen] = useState(false);
  const [bulkComment, setBulkComment] = useState('');
  const [bulkResult, setBulkResult] = useState<BulkResult | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const listRef = useRef<HTMLUListElement>(null);

  useEffect(() => {
    const timer = setTimeout(() => setSearch(query.trim()), 250);
    return () => clearTimeout(timer);
  }, [query]);

  // The server names steps and flows in the user's saved language: read again once a switch is saved.
  const savedLocale = useMe().user.locale;
  const tasks = useLoad(
    (signal) => api.get('/api/tasks', { query: { limit: 200, ...(search ? { q: search } : {}) }, signal }),
    [search, savedLocale],
  );
  const counts = useLoad((signal) => api.get('/api/tasks/counts', { signal }), [tasks.data]);
  const cc = useLoad(
    async (signal) => (tab === 'cc' ? api.get('/api/approvals/cc', { query: { limit: 50 }, signal }) : null),
    [tab, savedLocale],
  );
  const done = useLoad(
    async (signal) => (tab === 'done' ? api.get('/api/tasks/done', { query: { limit: 50 }, signal }) : null),
    [tab, savedLocale],
  );
  const ccNames = useUserNames(
    (cc.data?.items ?? []).flatMap((i) => [i.by, (i.request as { requester?: string } | null)?.requester]),
  );

  const items = tasks.data?.items ?? [];
  const chosen = items.filter((i) => selected.has(i.id));
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const allApprovable = items.filter(approvable);
  const allChosen = allApprovable.length > 0 && allApprovable.every((i) => selected.has(i.id));

  // ---- keyboard -------------------------------------------------------------------------------------
  const rows = () => [...(listRef.current?.querySelectorAll<HTMLAnchorElement>('a.fp-row') ?? [])];
  const onKeyDown = (e: KeyboardEvent) => {
    if (bulkOpen || typing(e.target) || e.metaKey || e.ctrlKey || e.altKey) return;
    const list = rows();
    const at = list.findIndex(
      (row) => row === document.activeElement || row.parentElement?.contains(document.activeElement),
    );
    if (e.key === '/') {
      e.preventDefault();
      searchRef.current?.focus();
    } else if (e.key === 'j' || (e.key === 'ArrowDown' && at >= 0)) {
      e.preventDefault();
      list[Math.min(at + 1, list.length - 1)]?.focus();
    } else if (e.key === 'k' || (e.key === 'ArrowUp' && at >= 0)) {
      e.preventDefault();
      list[Math.max(at - 1, 0)]?.focus();
    } else if (e.key === 'x' && at >= 0 && tab === 'todo') {
      const id = list[at]!.dataset.task;
      const item = items.find((i) => i.id === id);
      if (item && approvable(item)) toggle(item.id);
    } else if (e.key === 'A' && e.shiftKey && chosen.length > 0) {
      e.preventDefault();
      setBulkComment('');
      setBulkOpen(true);
    }
  };

  // On the document: the keys work wherever the focus is (but not while typing or in a dialog).
  useEffect(() => {
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  });

  /** Each row's checkbox says which request it selects: title, amount, step, requester, since when. */
  const rowLabel = (item: InboxItem) => {
    const summary = summaryOf(item);
    return [
      summary?.title || requestName(item),
      summary?.amount?.text,
      item.name,
      item.requesterName,
      dateTime(item.createdAt, locale),
    ]
      .filter(Boolean)
      .join(' · ');
  };

  const taskRow = (item: InboxItem) => (
    <li key={item.id} className={`fp-task${item.overdue ? ' fp-task--overdue' : ''}`}>
      {tab === 'todo' && (
        <input
          type="checkbox"
          className="fp-task__check"
          checked={selected.has(item.id)}
          disabled={!approvable(item)}
          aria-label={t('inbox.select', { name: rowLabel(item) })}
          onChange={() => toggle(item.id)}
        />
      )}
      <Link className="fp-row" to={`/inbox/${encodeURIComponent(item.id)}`} data-task={item.id}>
        <span className="fp-row__main">
          <span className="fp-row__title">
            {requestName(item)}
            <span className="fp-row__step"> · {item.name}</span>
          </span>
          <SummaryLine summary={summaryOf(item)} />
          <span className="fp-row__meta">
            {item.requesterName && `${item.requesterName} · `}
            {tab === 'done'
              ? t('inbox.doneOn', { when: dateTime(item.completedAt ?? item.createdAt, locale) })
              : t('inbox.since', { when: dateTime(item.createdAt, locale) })}
            {item.onBehalfOf && ` · ${t('inbox.forSomeone')}`}
          </span>
        </span>
        <span className="fp-row__badges">
          {item.kind === 'resubmit' && <Badge tone="warning">{t('kind.resubmit')}</Badge>}
          {item.kind === 'delegated' && <Badge tone="info">{t('kind.delegated')}</Badge>}
          {item.kind === 'group' && <Badge>{t('kind.group')}</Badge>}
          {tab === 'done' && item.outcome && (
            <Badge>
              {t(
                item.outcome === 'rejected'
                  ? 'outcome.rejected'
                  : item.outcome === 'approved'
                    ? 'outcome.approved'
                    : 'outcome.other',
              )}
            </Badge>
          )}
          {item.overdue ? (
            <Badge tone="danger">{t('inbox.overdue', { when: dateOnly(item.dueDate, locale) })}</Badge>
          ) : (
            item.dueDate && <Badge>{t('inbox.due', { when: dateOnly(item.dueDate, locale) })}</Badge>
          )}
        </span>
        <Icon name="forward" size={18} className="fp-row__go" />
      </Link>
    </li>
  );

  const c = counts.data ?? tasks.data?.counts;
  return (
    <Page
      title={t('inbox.title')}
      intro={t('inbox.intro')}
      actions={
        <Link className="f-btn f-btn--ghost" to="/account/away">
          <Icon name="plane" />
          {t('away.link')}
        </Link>
      }
    >
      {doneParam && DONE_KEYS.has(doneParam) && (
        <Alert tone="success">
          {t(`done.${doneParam}` as PortalKey)}{' '}
          <button type="button" className="fp-link-button" onClick={() => setDone(null)}>
            {t('dialog.close')}
          </button>
        </Alert>
      )}
      <div className="fp-inbox">
        <Segmented
          tabs
          label={t('inbox.tabs')}
          selected={tab}
          onSelect={(id) => setTab(id === 'todo' ? null : id)}
          items={TABS.map((id) => ({
            id,
            label: t(`inbox.tab.${id}`),
            extra:
              id === 'todo' && c?.open ? (
                <span className="fp-count">{c.open}</span>
              ) : id === 'cc' && counts.data?.cc ? (
                <span className="fp-count fp-count--quiet">{counts.data.cc}</span>
              ) : null,
          }))}
        />

        {tab === 'todo' && (
          <>
            {c && (c.overdue ?? 0) + (c.dueSoon ?? 0) > 0 && (
              <p className="fp-inbox__summary">
                {(c.overdue ?? 0) > 0 && (
                  <Badge tone="danger">{t('inbox.countOverdue', { n: c.overdue ?? 0 })}</Badge>
                )}
                {(c.dueSoon ?? 0) > 0 && (
                  <Badge tone="warning">{t('inbox.countDueSoon', { n: c.dueSoon ?? 0 })}</Badge>
                )}
              </p>
            )}
            <div className="fp-inbox__tools">
              <div className="fp-search">
                <Icon name="search" size={18} />
                <input
                  ref={searchRef}
                  type="search"
                  className="f-input fp-search__input"
                  placeholder={t('inbox.search')}
                  aria-label={t('inbox.search')}
                  value={query}
                  onChange={(e) => setQuery(e.target.value)}
                />
              </div>
              {allApprovable.length > 0 && (
                <Checkbox
                  roomy
                  label={t('inbox.selectAll')}
                  checked={allChosen}
                  onChange={() =>
                    setSelected(allChosen ? new Set() : new Set(allApprovable.map((i) => i.id)))
                  }
                />
              )}
            </div>
            {bulkResult && (
              <Alert tone={bulkResult.failed ? 'error' : 'success'}>
                <div>{t('bulk.result', { approved: bulkResult.approved, failed: bulkResult.failed })}</div>
                {bulkResult.failed > 0 && (
                  <ul>
                    {bulkResult.items
                      .filter((i) => !i.ok)
                      .map((i) => (
                        <li key={i.taskId}>{locale === 'zh-CN' ? (i.messageZh ?? i.message) : i.message}</li>
                      ))}
                  </ul>
                )}
              </Alert>
            )}
            {tasks.error && <Alert tone="error">{tasks.error.text(locale)}</Alert>}
            {tasks.loading && !tasks.data && <Spinner label={t('loading')} />}
            {tasks.data && items.length === 0 && (
              <EmptyState icon="inbox" title={search ? t('inbox.noMatch') : t('inbox.emptyTitle')}>
                {!search && t('inbox.emptyText')}
              </EmptyState>
            )}
            {items.length > 0 && (
              <ul className="fp-list fp-tasks" ref={listRef}>
                {items.map(taskRow)}
              </ul>
            )}
            {items.length > 0 && <p className="fp-hint fp-desktop-only">{t('inbox.keys')}</p>}
            {chosen.length > 0 && (
              <div className="fp-bulkbar" role="region" aria-label={t('bulk.region')}>
                <span>{t('bulk.selected', { n: chosen.length })}</span>
                <Button variant="ghost" onClick={() => setSelected(new Set())}>
                  {t('bulk.clear')}
                </Button>
                <Button
                  variant="primary"
                  icon="check"
                  onClick={() => {
                    setBulkComment('');
                    setBulkOpen(true);
                  }}
                >
                  {t('bulk.approve', { n: chosen.length })}
                </Button>
              </div>
            )}
          </>
        )}

        {tab === 'cc' && (
          <>
            {cc.error && <Alert tone="error">{cc.error.text(locale)}</Alert>}
            {!cc.data && !cc.error && <Spinner label={t('loading')} />}
            {cc.data && cc.data.items.length === 0 && <EmptyState icon="users" title={t('inbox.ccEmpty')} />}
            {cc.data && cc.data.items.length > 0 && (
              <ul className="fp-list" ref={listRef}>
                {cc.data.items.map((item) => {
                  const request = item.request as {
                    processName?: string;
                    status?: string;
                    requester?: string;
                  } | null;
                  return (
                    <li key={item.id}>
                      <Link className="fp-row" to={`/requests/${encodeURIComponent(item.instanceId)}`}>
                        <span className="fp-row__main">
                          <span className="fp-row__title">
                            {requestName({
                              processId: item.processId ?? '',
                              processName: request?.processName ?? item.instanceId,
                            })}
                          </span>
                          <span className="fp-row__meta">
                            {t('inbox.ccBy', { name: ccNames(item.by), when: dateTime(item.at, locale) })}
                            {request?.requester && ` · ${ccNames(request.requester)}`}
                          </span>
                          {item.comment && <span className="fp-row__comment">{item.comment}</span>}
                        </span>
                        <span className="fp-row__badges">
                          {request?.status && <RequestStatusBadge status={request.status} />}
                        </span>
                        <Icon name="forward" size={18} className="fp-row__go" />
                      </Link>
                    </li>
                  );
                })}
              </ul>
            )}
          </>
        )}

        {tab === 'done' && (
          <>
            {done.error && <Alert tone="error">{done.error.text(locale)}</Alert>}
            {!done.data && !done.error && <Spinner label={t('loading')} />}
            {done.data && done.data.items.length === 0 && (
              <EmptyState icon="check" title={t('inbox.doneEmpty')} />
            )}
            {done.data && done.data.items.length > 0 && (
              <ul className="fp-list fp-tasks" ref={listRef}>
                {done.data.items.map(taskRow)}
              </ul>
            )}
          </>
        )}
      </div>

      <UndoToast onUndone={tasks.reload} />
      {bulkOpen && (
        <ActionDialog
          sheet
          title={t('bulk.title', { n: chosen.length })}
          submitLabel={t('bulk.approve', { n: chosen.length })}
          submitIcon="check"
          onClose={() => setBulkOpen(false)}
          onSubmit={async () => {
            const result = await api.post('/api/tasks/bulk-approve', {
              body: {
                taskIds: chosen.map((i) => i.id),
                ...(bulkComment.trim() ? { comment: bulkComment.trim() } : {}),
              },
            });
            setBulkResult(result);
            setSelected(new Set(result.items.filter((i) => !i.ok).map((i) => i.taskId)));
            setBulkOpen(false);
            tasks.reload();
            void tasksChanged(result.items.filter((i) => i.ok).map((i) => i.taskId));
          }}
        >
          <BulkApproveList items={chosen} requestName={requestName} />
          <CommentField
            label={t('field.commentOptional')}
            value={bulkComment}
            onChange={setBulkComment}
            autoFocus
          />
        </ActionDialog>
      )}
    </Page>
  );
}
