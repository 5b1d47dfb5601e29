// One of my requests (or one I take part in): its summary, the whole approval chain (each step's
// state, who acted and when, what is to come; the diagram on demand), the form as I may see it, the
// full timeline; recall while nobody has acted, resubmit after it was returned to me, comment, CC.
import { useState } from 'react';
import { api } from '../api/client.ts';
import { useLocale, useMessages } from '../i18n/react.tsx';
import type { PageProps } from '../shell/routes.ts';
import { Link } from '../shell/router.tsx';
import { useMe } from '../shell/session.tsx';
import { Alert, Button, Icon, Page, Spinner, dateTime, useLoad } from '../ui/index.ts';
import { useQueryParam, useRequestName, useUserNames, type Attachment } from './data.ts';
import { ActionSheet, AttachField, CcDialog, CommentDialog, CommentField } from './dialogs.tsx';
import { portalMessages } from './messages.ts';
import { CurrentSteps, Timeline } from './parts.tsx';
import { RequestStatusBadge } from './RequestStatusBadge.tsx';
import { RecordView } from './RecordView.tsx';
import { ResubmitForm } from './ResubmitForm.tsx';
import { ApprovalChain } from './ApprovalChain.tsx';
import { documentOf, roadOf, summaryOf } from './approval-views.ts';
import { approverMessages } from './approver-messages.ts';
import { DocumentForm } from './DocumentForm.tsx';
import { SummaryCard } from './RequestSummary.tsx';
import './portal.css';
import './request.css';

type Open = 'recall' | 'resubmit' | 'comment' | 'cc' | null;

export default function RequestPage({ params }: PageProps) {
  const id = params.id ?? '';
  const t = useMessages(portalMessages);
  const { locale } = useLocale();
  const me = useMe();
  const [submitted, setSubmitted] = useQueryParam('submitted');
  const request = useLoad(
    (signal) => api.get('/api/approvals/requests/{id}', { path: { id }, signal }),
    [id],
  );
  const chain = useLoad(
    (signal) =>
      api
        .get('/api/approvals/requests/{id}/chain', { path: { id }, signal })
        .then(roadOf)
        .catch(() => null),
    [id, request.data],
  );
  const ta = useMessages(approverMessages);
  const [open, setOpen] = useState<Open>(null);
  const [comment, setComment] = useState('');
  const [files, setFiles] = useState<Attachment[]>([]);
  const [people, setPeople] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const name = useUserNames([request.data?.requester]);
  const requestName = useRequestName();

  if (request.error)
    return (
      <Page title={t('request.title')}>
        <Alert tone="error">{request.error.text(locale)}</Alert>
        <Link to="/requests/mine">{t('request.back')}</Link>
      </Page>
    );
  const r = request.data;
  if (!r) return <Spinner label={t('loading')} />;

  const timeline = r.timeline ?? [];
  const mine = r.requester === me.user.id;
  // Returned to me: the step waiting for me to resubmit.
  const resubmitTask =
    r.status === 'returned' ? r.currentSteps.find((s) => s.holders?.includes(me.user.id))?.taskId : undefined;
  const lastReturn = [...timeline].reverse().find((e) => e.action === 'return');
  const record = r.variables?.record as { id?: string; form?: string } | undefined;
  const editable = record?.id && record.form ? { id: record.id, form: record.form } : null;

  const openDialog = (which: Open) => {
    setComment('');
    setFiles([]);
    setPeople([]);
    setOpen(which);
  };
  const finish = (message: string) => {
    setOpen(null);
    setDone(message);
    request.reload();
  };
  const input = () => ({
    ...(comment.trim() ? { comment: comment.trim() } : {}),
    ...(files.length ? { attachments: files } : {}),
  });

  return (
    <Page
      title={requestName(r)}
      documentTitle={t('request.title')}
      intro={
        <span className="fp-request-meta">
          <RequestStatusBadge status={r.status} />
          <span>
            {mine
              ? t('request.submittedOn', { when: dateTime(r.startedAt, locale) })
              : t('request.submittedBy', { name: name(r.requester), when: dateTime(r.startedAt, locale) })}
          </span>
        </span>
      }
      actions={
        <Link className="f-btn f-btn--ghost fp-desktop-only" to="/requests/mine">
          <Icon name="back" />
          {t('request.back')}
        </Link>
      }
    >
      {submitted && (
        <Alert tone="success">
          {t('request.submittedNow')}{' '}
          <button type="button" className="fp-link-button" onClick={() => setSubmitted(null)}>
            {t('dialog.close')}
          </button>
        </Alert>
      )}
      {done && <Alert tone="success">{done}</Alert>}
      {resubmitTask && (
        <Alert>
          <p className="fp-strong">{t('request.returnedTitle')}</p>
          {lastReturn?.comment && (
            <blockquote className="fp-timeline__comment">{lastReturn.comment}</blockquote>
          )}
        </Alert>
      )}
      <div className="fp-detail fp-detail--request">
        <div className="fp-detail__main">
          <SummaryCard summary={summaryOf(r)} heading={requestName(r)} className="fp-now">
            <h2 className="fp-section-title" id="f-now">
              {t('request.now')}
            </h2>
            {r.currentSteps.length > 0 ? (
              <CurrentSteps request={r} />
            ) : (
              <p className="fp-muted">{t('request.finished')}</p>
            )}
            <div className="f-form-actions fp-request-actions">
              {resubmitTask && editable && !editing && (
                <Button variant="primary" icon="design" onClick={() => setEditing(true)}>
                  {t('action.correct')}
                </Button>
              )}
              {resubmitTask && !editing && (
                <Button
                  variant={editable ? 'secondary' : 'primary'}
                  icon="send"
                  onClick={() => openDialog('resubmit')}
                >
                  {editable ? t('action.resubmitAsIs') : t('action.resubmit')}
                </Button>
              )}
              {r.canRecall && (
                <Button variant="danger" icon="undo" onClick={() => openDialog('recall')}>
                  {t('action.recall')}
                </Button>
              )}
              {r.status !== 'withdrawn' && r.status !== 'cancelled' && (
                <>
                  <Button icon="message" onClick={() => openDialog('comment')}>
                    {t('action.comment')}
                  </Button>
                  <Button icon="users" onClick={() => openDialog('cc')}>
                    {t('action.cc')}
                  </Button>
                </>
              )}
            </div>
          </SummaryCard>
          {chain.data && <ApprovalChain road={chain.data} title={ta('chain.title')} requestId={r.id} />}
          <section className="f-card fp-form-card" aria-label={t('request.form')}>
            {editing && resubmitTask && editable ? (
              <ResubmitForm
                requestId={r.id}
                taskId={resubmitTask}
                record={editable}
                onCancel={() => setEditing(false)}
                onDone={() => {
                  setEditing(false);
                  finish(t('done.resubmit'));
                }}
              />
            ) : documentOf(r) ? (
              <DocumentForm document={documentOf(r)!} requestId={r.id} />
            ) : (
              <RecordView requestId={r.id} variables={r.variables} />
            )}
          </section>
        </div>
        <section className="f-card fp-detail__side" aria-labelledby="f-history">
          <h2 className="fp-section-title" id="f-history">
            {t('request.timeline')}
          </h2>
          <Timeline entries={timeline} requestId={r.id} />
        </section>
      </div>

      {open === 'recall' && (
        <ActionSheet
          action="recall"
          onClose={() => setOpen(null)}
          onSubmit={async () => {
            await api.post('/api/approvals/requests/{id}/recall', { path: { id }, body: input() });
            finish(t('done.recall'));
          }}
        >
          <p>{t('recall.explain')}</p>
          <CommentField label={t('field.reasonOptional')} value={comment} onChange={setComment} autoFocus />
        </ActionSheet>
      )}
      {open === 'resubmit' && resubmitTask && (
        <ActionSheet
          action="resubmit"
          onClose={() => setOpen(null)}
          onSubmit={async () => {
            await api.post('/api/tasks/{id}/resubmit', { path: { id: resubmitTask }, body: input() });
            finish(t('done.resubmit'));
          }}
        >
          <p>{t('resubmit.explain')}</p>
          <CommentField label={t('field.comment')} value={comment} onChange={setComment} autoFocus />
          <AttachField value={files} onChange={setFiles} />
        </ActionSheet>
      )}
      {open === 'comment' && (
        <CommentDialog
          comment={comment}
          onComment={setComment}
          files={files}
          onFiles={setFiles}
          onClose={() => setOpen(null)}
          onSubmit={async () => {
            await api.post('/api/approvals/requests/{id}/comment', { path: { id }, body: input() });
            finish(t('done.comment'));
          }}
        />
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
            await api.post('/api/approvals/requests/{id}/cc', {
              path: { id },
              body: { users: people, ...input() },
            });
            finish(t('done.cc'));
          }}
        />
      )}
    </Page>
  );
}
