// One task, read in the order an approver decides on a phone: the request's summary (title, amount,
// key fields), the approval chain, attachments, then the form and the history on demand (open at
// once when this step has fields to fill in). Approve is one tap (an optional comment, no
// confirmation): the server holds it for its undo window and the inbox shows a toast to take it
// back. The other actions — reject with a reason, return (to the requester or an earlier step),
// transfer, delegate, add a signer, CC, comment, claim — open their sheet. Only the actions the
// server allows for me are offered.
// Keyboard: a approve · r reject · e return · t transfer · d delegate · s add signer · c CC ·
// m comment; Ctrl+Enter sends a dialog; Escape closes it.
import { useEffect, useState } from 'react';
import { api, type PathsFor } from '../api/client.ts';
import { useLocale, useMessages } from '../i18n/react.tsx';
import type { PageProps } from '../shell/routes.ts';
import { Link, navigate } from '../shell/router.tsx';
import { useMe } from '../shell/session.tsx';
import {
  Alert,
  Button,
  Icon,
  Page,
  Spinner,
  type ButtonVariant,
  type IconName,
  dateOnly,
  dateTime,
  useLoad,
} from '../ui/index.ts';
import { rememberName, useRequestName, useUserNames, type Attachment, type TaskDetail } from './data.ts';
import { ActionSheet, AttachField, CcDialog, CommentDialog, CommentField } from './dialogs.tsx';
import { tasksChanged } from '../shell/task-count.ts';
import { Badge, ChoiceField } from '../ui/kit/index.ts';
import { portalMessages, type PortalKey } from './messages.ts';
import { CurrentSteps, Timeline } from './parts.tsx';
import { RequestStatusBadge } from './RequestStatusBadge.tsx';
import { RecordView } from './RecordView.tsx';
import { ApprovalChain } from './ApprovalChain.tsx';
import { documentOf, roadOf, summaryOf } from './approval-views.ts';
import { approverMessages } from './approver-messages.ts';
import { DocumentForm } from './DocumentForm.tsx';
import { SummaryCard } from './RequestSummary.tsx';
import { approveWithUndo } from './UndoToast.tsx';
import { AttachmentList } from './parts.tsx';
import { UserPicker } from './UserPicker.tsx';
import './portal.css';
import './request.css';

type Action = 'approve' | 'reject' | 'return' | 'transfer' | 'delegate' | 'addSigner' | 'cc' | 'comment';

const ACTIONS: Array<{ id: Action; key: string; icon: IconName; variant: ButtonVariant }> = [
  { id: 'approve', key: 'a', icon: 'check', variant: 'primary' },
  { id: 'reject', key: 'r', icon: 'close', variant: 'danger' },
  { id: 'return', key: 'e', icon: 'undo', variant: 'secondary' },
  { id: 'transfer', key: 't', icon: 'transfer', variant: 'secondary' },
  { id: 'delegate', key: 'd', icon: 'forward', variant: 'secondary' },
  { id: 'addSigner', key: 's', icon: 'userPlus', variant: 'secondary' },
  { id: 'cc', key: 'c', icon: 'users', variant: 'secondary' },
  { id: 'comment', key: 'm', icon: 'message', variant: 'secondary' },
];

/** On a phone the bar shows these; the others are under "More". */
const PRIMARY: Action[] = ['approve', 'reject'];

const typing = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.isContentEditable);

/** Earlier approval steps a task can be returned to (from the timeline). */
function earlierSteps(detail: TaskDetail): Array<{ id: string; name: string }> {
  const seen = new Map<string, string>();
  for (const e of detail.timeline)
    if (e.elementId && e.elementId !== detail.task.elementId && ['approve', 'complete'].includes(e.action))
      seen.set(e.elementId, e.stepName ?? e.elementId);
  return [...seen].map(([id, name]) => ({ id, name }));
}

export default function TaskPage({ params }: PageProps) {
  const id = params.id ?? '';
  const t = useMessages(portalMessages);
  const ta = useMessages(approverMessages);
  const { locale } = useLocale();
  const me = useMe();
  const detail = useLoad((signal) => api.get('/api/tasks/{id}', { path: { id }, signal }), [id]);
  const requestId = detail.data?.request.id;
  const chain = useLoad(
    async (signal) =>
      requestId
        ? api
            .get('/api/approvals/requests/{id}/chain', { path: { id: requestId }, signal })
            .then(roadOf)
            .catch(() => null)
        : null,
    [requestId],
  );
  const [edits, setEdits] = useState<Record<string, unknown>>({});
  const [approving, setApproving] = useState(false);
  const [approveError, setApproveError] = useState<string | null>(null);
  const [open, setOpen] = useState<Action | null>(null);
  const [comment, setComment] = useState('');
  const [files, setFiles] = useState<Attachment[]>([]);
  const [people, setPeople] = useState<string[]>([]);
  const [returnTo, setReturnTo] = useState('requester');
  const [position, setPosition] = useState<'before' | 'after'>('before');
  const [more, setMore] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [claiming, setClaiming] = useState(false);
  const name = useUserNames([detail.data?.task.onBehalfOf]);
  const requestName = useRequestName();

  const d = detail.data;
  const allowed = new Set(d?.actions ?? []);
  const offered = ACTIONS.filter((a) => allowed.has(a.id));

  const start = (action: Action) => {
    if (action === 'approve') {
      void approveNow();
      return;
    }
    setComment('');
    setFiles([]);
    setPeople([]);
    setReturnTo('requester');
    setPosition('before');
    setMore(false);
    setOpen(action);
  };

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (open || typing(e.target) || e.metaKey || e.ctrlKey || e.altKey) return;
      const action = offered.find((a) => a.key === e.key);
      if (action) {
        e.preventDefault();
        start(action.id);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  /** One tap: held on the server for the undo window; the inbox shows the toast to take it back. */
  const approveNow = async () => {
    if (!d || approving) return;
    const summary = summaryOf(d.task);
    const label = [summary?.title || requestName(d.task), summary?.amount?.text].filter(Boolean).join(' · ');
    setApproving(true);
    setApproveError(null);
    try {
      await approveWithUndo(id, label, {
        ...(comment.trim() ? { comment: comment.trim() } : {}),
        ...(Object.keys(edits).length ? { data: edits } : {}),
      });
      navigate('/inbox');
    } catch (e) {
      setApproveError(
        e instanceof Error && 'text' in e ? (e as { text(l: string): string }).text(locale) : String(e),
      );
    } finally {
      setApproving(false);
    }
  };

  if (detail.error)
    return (
      <Page title={t('task.title')}>
        <Alert tone="error">{detail.error.text(locale)}</Alert>
        <Link to="/inbox">{t('task.back')}</Link>
      </Page>
    );
  if (!d) return <Spinner label={t('loading')} />;

  const { task, request } = d;
  rememberName(task.requester, task.requesterName);
  const input = () => ({
    ...(comment.trim() ? { comment: comment.trim() } : {}),
    ...(files.length ? { attachments: files } : {}),
  });
  /** Acts, then goes back to the inbox with a word on what happened. */
  const act = async (path: PathsFor<'post'> & `/api/tasks/{id}/${string}`, body: object, done: Action) => {
    await api.post(path as '/api/tasks/{id}/approve', { path: { id }, body: body as never });
    setOpen(null);
    void tasksChanged([id]);
    navigate(`/inbox?done=${done}`);
  };
  const claim = async (which: 'claim' | 'unclaim') => {
    setClaiming(true);
    try {
      await api.post(`/api/tasks/{id}/${which}` as '/api/tasks/{id}/claim', { path: { id }, body: {} });
      setNote(t(which === 'claim' ? 'done.claim' : 'done.unclaim'));
      detail.reload();
    } finally {
      setClaiming(false);
    }
  };
  const returnSteps = earlierSteps(d);
  const summary = summaryOf(task);
  const doc = documentOf(request);
  // This step fills in fields (finance's payment): the form is open from the start.
  const fillsIn = task.state === 'open' && !!doc && Object.values(doc.fields).includes('editable');
  const attachments = d.timeline.flatMap((e) => e.attachments ?? []);
  const isOpen = task.state === 'open' && offered.some((a) => a.id !== 'cc' && a.id !== 'comment');
  const excludePeople = [me.user.id, ...(request.requester ? [request.requester] : [])];

  const buttons = (only?: (a: (typeof ACTIONS)[number]) => boolean) =>
    offered.filter(only ?? (() => true)).map((a) => (
      <Button
        key={a.id}
        variant={a.variant}
        icon={a.icon}
        onClick={() => start(a.id)}
        aria-keyshortcuts={a.key}
        data-action={a.id}
        busy={a.id === 'approve' && approving}
      >
        {t(`action.${a.id}` as PortalKey)}
        <kbd className="fp-kbd fp-desktop-only" aria-hidden="true">
          {a.key.toUpperCase()}
        </kbd>
      </Button>
    ));

  return (
    <Page
      title={task.name}
      documentTitle={`${task.name} · ${requestName(task)}`}
      intro={
        <span className="fp-request-meta">
          <span>
            {requestName(task)}
            {task.requesterName && ` · ${task.requesterName}`}
            {` · ${dateTime(request.startedAt, locale)}`}
          </span>
          {task.overdue && (
            <Badge tone="danger">{t('inbox.overdue', { when: dateOnly(task.dueDate, locale) })}</Badge>
          )}
          {!task.overdue && task.dueDate && (
            <Badge>{t('inbox.due', { when: dateOnly(task.dueDate, locale) })}</Badge>
          )}
          <RequestStatusBadge status={request.status} />
        </span>
      }
      actions={
        <Link className="f-btn f-btn--ghost" to="/inbox">
          <Icon name="back" />
          {t('task.back')}
        </Link>
      }
    >
      {note && <Alert tone="success">{note}</Alert>}
      {task.onBehalfOf && <Alert>{t('task.onBehalfOf', { name: name(task.onBehalfOf) })}</Alert>}
      {task.kind === 'delegated' && <Alert>{t('task.delegated')}</Alert>}
      {task.kind === 'resubmit' && (
        <Alert>
          {t('task.returnedToYou')}{' '}
          <Link to={`/requests/${encodeURIComponent(task.instanceId)}`}>{t('task.openRequest')}</Link>
        </Alert>
      )}
      <div className="fp-detail fp-detail--task">
        <div className="fp-detail__main">
          <SummaryCard
            summary={summary}
            heading={requestName(task)}
            meta={
              <>
                {task.requesterName && <span>{ta('summary.requestedBy', { name: task.requesterName })}</span>}
                <span>{dateTime(request.startedAt, locale)}</span>
              </>
            }
          >
            {allowed.has('approve') && task.state === 'open' && (
              <details className="fp-approve-comment">
                <summary>{ta('task.commentToggle')}</summary>
                <CommentField label={ta('task.commentLabel')} value={comment} onChange={setComment} />
              </details>
            )}
            {approveError && <Alert tone="error">{approveError}</Alert>}
          </SummaryCard>
          {chain.data && <ApprovalChain road={chain.data} title={ta('chain.title')} requestId={request.id} />}
          {attachments.length > 0 && (
            <section className="f-card" aria-labelledby="fp-attachments">
              <h2 className="fp-section-title" id="fp-attachments">
                {ta('task.attachments')}
              </h2>
              <AttachmentList items={attachments} requestId={request.id} />
            </section>
          )}
          <details className="f-card fp-details" open={fillsIn || undefined}>
            <summary className="fp-details__toggle">{ta('task.details')}</summary>
            <section aria-label={t('request.form')}>
              {doc ? (
                <DocumentForm
                  document={doc}
                  requestId={request.id}
                  values={edits}
                  {...(task.state === 'open' ? { onChange: setEdits } : {})}
                />
              ) : (
                <RecordView requestId={request.id} variables={request.variables} />
              )}
            </section>
            <section aria-labelledby="f-history">
              <h2 className="fp-section-title" id="f-history">
                {t('request.timeline')}
              </h2>
              <CurrentSteps request={request} />
              <Timeline entries={d.timeline} requestId={request.id} />
            </section>
          </details>
        </div>
        <aside className="fp-detail__side fp-actions-panel" aria-label={t('task.actions')}>
          <div className="f-card">
            <h2 className="fp-section-title">{isOpen ? t('task.decide') : t('task.notOpen')}</h2>
            {(allowed.has('claim') || allowed.has('unclaim')) && (
              <p className="fp-claim">
                {allowed.has('claim') ? t('task.groupTask') : t('task.claimed')}{' '}
                <Button
                  variant="ghost"
                  busy={claiming}
                  onClick={() => void claim(allowed.has('claim') ? 'claim' : 'unclaim')}
                >
                  {t(allowed.has('claim') ? 'action.claim' : 'action.unclaim')}
                </Button>
              </p>
            )}
            <div className="fp-actions-panel__buttons">{buttons()}</div>
            {!isOpen && task.completedAt && (
              <p className="fp-muted">
                {t('task.completedOn', { when: dateTime(task.completedAt, locale) })}
              </p>
            )}
            <p className="fp-hint fp-desktop-only">{t('task.keys')}</p>
          </div>
        </aside>
      </div>

      {offered.length > 0 && (
        <div className="fp-actionbar" role="region" aria-label={t('task.actions')}>
          {buttons((a) => PRIMARY.includes(a.id))}
          {offered.some((a) => !PRIMARY.includes(a.id)) && (
            <div className="fp-actionbar__more">
              <Button icon="grip" aria-expanded={more} onClick={() => setMore((m) => !m)}>
                {t('task.more')}
              </Button>
              {more && <div className="fp-actionbar__menu">{buttons((a) => !PRIMARY.includes(a.id))}</div>}
            </div>
          )}
        </div>
      )}

      {open === 'reject' && (
        <ActionSheet
          action="reject"
          onClose={() => setOpen(null)}
          onSubmit={() => act('/api/tasks/{id}/reject', { ...input(), comment: comment.trim() }, 'reject')}
        >
          <CommentField label={t('field.reason')} value={comment} onChange={setComment} required autoFocus />
          <AttachField value={files} onChange={setFiles} />
        </ActionSheet>
      )}
      {open === 'return' && (
        <ActionSheet
          action="return"
          onClose={() => setOpen(null)}
          onSubmit={() =>
            act('/api/tasks/{id}/return', { ...input(), to: returnTo, comment: comment.trim() }, 'return')
          }
        >
          <ChoiceField
            label={t('return.to')}
            name="returnTo"
            value={returnTo}
            options={[{ id: 'requester', name: t('return.requester') }, ...returnSteps].map((s) => ({
              value: s.id,
              label: s.name,
            }))}
            onChange={setReturnTo}
          />
          <CommentField label={t('field.reason')} value={comment} onChange={setComment} required autoFocus />
        </ActionSheet>
      )}
      {(open === 'transfer' || open === 'delegate') && (
        <ActionSheet
          action={open}
          onClose={() => setOpen(null)}
          onSubmit={() => act(`/api/tasks/{id}/${open}`, { ...input(), to: people[0] ?? '' }, open)}
        >
          <p>{t(open === 'transfer' ? 'transfer.explain' : 'delegate.explain')}</p>
          <UserPicker
            label={t('field.person')}
            values={people}
            onChange={setPeople}
            exclude={excludePeople}
            autoFocus
          />
          <CommentField label={t('field.commentOptional')} value={comment} onChange={setComment} />
        </ActionSheet>
      )}
      {open === 'addSigner' && (
        <ActionSheet
          action="addSigner"
          onClose={() => setOpen(null)}
          onSubmit={() =>
            act('/api/tasks/{id}/add-signer', { ...input(), user: people[0] ?? '', position }, 'addSigner')
          }
        >
          <UserPicker
            label={t('field.person')}
            values={people}
            onChange={setPeople}
            exclude={excludePeople}
            autoFocus
          />
          <ChoiceField
            label={t('signer.when')}
            name="position"
            value={position}
            options={(['before', 'after'] as const).map((p) => ({ value: p, label: t(`signer.${p}`) }))}
            onChange={setPosition}
          />
          <CommentField label={t('field.commentOptional')} value={comment} onChange={setComment} />
        </ActionSheet>
      )}
      {open === 'cc' && (
        <CcDialog
          people={people}
          onPeople={setPeople}
          me={me.user.id}
          comment={comment}
          onComment={setComment}
          onClose={() => setOpen(null)}
          onSubmit={async () => {
            await api.post('/api/tasks/{id}/cc', { path: { id }, body: { ...input(), users: people } });
            setOpen(null);
            setNote(t('done.cc'));
            detail.reload();
          }}
        />
      )}
      {open === 'comment' && (
        <CommentDialog
          comment={comment}
          onComment={setComment}
          files={files}
          onFiles={setFiles}
          onClose={() => setOpen(null)}
          onSubmit={async () => {
            await api.post('/api/tasks/{id}/comment', { path: { id }, body: input() });
            setOpen(null);
            setNote(t('done.comment'));
            detail.reload();
          }}
        />
      )}
    </Page>
  );
}
