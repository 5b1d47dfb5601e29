// Admin → Audit log: search by action (or a prefix*), user, resource, outcome and time; page
// through the results newest first; verify the sealed chain (AuditVerifyReport.tsx: which kind of
// tampering and where, and a check against anchors kept elsewhere). The filters live in the address
// (?action=record.export&actor=…), so other pages link to a ready-made search. Rows name the action
// ("Created user") and the people (display names) in words, with the raw code and ids in small grey
// text beneath, since those are what the filters search by.
import { useState, type FormEvent } from 'react';
import { api, type QueryOf, type ReplyOf } from '../api/client.ts';
import { useMessages } from '../i18n/react.tsx';
import { useUserNames } from '../portal/data.ts';
import { navigate } from '../shell/router.tsx';
import { Button, Page, TextField, useFormat, useLoad } from '../ui/index.ts';
import {
  Badge,
  DataTable,
  Dialog,
  ErrorBox,
  JsonBlock,
  LoadState,
  SelectField,
  Toolbar,
  type Column,
} from '../ui/kit/index.ts';
import { auditActionMessages, isKnownAuditAction } from './audit-action-messages.ts';
import { AnchorCheck, AuditVerifyReport, type VerifyReport } from './AuditVerifyReport.tsx';
import { adminMessages } from './messages.ts';
import { opsMessages } from './ops-messages.ts';
import './admin.css';

type Entry = ReplyOf<'/api/audit', 'get'>['items'][number];
type Outcome = Entry['outcome'];

const FILTERS = ['action', 'actor', 'resource', 'outcome', 'from', 'to'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;
const PAGE = 50;

function filtersFromUrl(): Filters {
  const params = new URLSearchParams(window.location.search);
  return Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? ''])) as Filters;
}

/** A datetime-local value (the browser's time zone) as an ISO instant, or undefined. */
function instant(local: string): string | undefined {
  if (!local) return undefined;
  const time = new Date(local);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

function query(f: Filters): NonNullable<QueryOf<'/api/audit', 'get'>> {
  const from = instant(f.from);
  const to = instant(f.to);
  return {
    limit: PAGE,
    ...(f.action.trim() ? { action: f.action.trim() } : {}),
    ...(f.actor.trim() ? { actor: f.actor.trim() } : {}),
    ...(f.resource.trim() ? { resource: f.resource.trim() } : {}),
    ...(f.outcome ? { outcome: f.outcome as Outcome } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

/** Entries about a user account, whose resourceId is a user id (shown as that user's name). */
function isUserResource(e: Entry): boolean {
  return e.resource === 'users' && !!e.resourceId;
}

const OUTCOME_TONE = { success: 'success', failure: 'warning', denied: 'danger' } as const;

/** A name in words over the code or id it stands for (small, grey, monospace; searchable). */
function Named({ name, code }: { name: string; code: string }) {
  if (name === code) return <code>{code}</code>;
  return (
    <span className="a-wrap" title={code}>
      {name}
      <code className="a-secondary">{code}</code>
    </span>
  );
}

export default function AuditPage() {
  const t = useMessages(opsMessages);
  const ta = useMessages(adminMessages);
  const tAction = useMessages(auditActionMessages);
  const actionName = (code: string) => (isKnownAuditAction(code) ? tAction(code) : code);
  const format = useFormat();
  const [draft, setDraft] = useState<Filters>(filtersFromUrl);
  const [filters, setFilters] = useState<Filters>(draft);
  const [more, setMore] = useState<{ items: Entry[]; cursor: string | null }>({ items: [], cursor: null });
  const [open, setOpen] = useState<string | null>(null);
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const entries = useLoad(async () => {
    const page = await api.get('/api/audit', { query: query(filters) });
    setMore({ items: [], cursor: page.nextCursor });
    return page.items;
  }, [filters]);

  const shownEntries = [...(entries.data ?? []), ...more.items];
  const name = useUserNames(
    shownEntries.flatMap((e) => [e.actor?.userId, isUserResource(e) ? e.resourceId : undefined]),
  );

  // The login stands in while the name loads, or when the account is gone.
  const actorName = (actor: NonNullable<Entry['actor']>) => {
    const found = name(actor.userId);
    return found === actor.userId ? actor.login : found;
  };

  const search = (e?: FormEvent) => {
    e?.preventDefault();
    const params = new URLSearchParams();
    for (const k of FILTERS) if (draft[k]) params.set(k, draft[k]);
    const qs = params.toString();
    navigate(`/admin/audit${qs ? `?${qs}` : ''}`, { replace: true });
    setFilters(draft);
  };
  const clear = () => {
    const empty = Object.fromEntries(FILTERS.map((k) => [k, ''])) as Filters;
    setDraft(empty);
    setFilters(empty);
    navigate('/admin/audit', { replace: true });
  };
  const loadMore = async () => {
    if (!more.cursor) return;
    try {
      const page = await api.get('/api/audit', { query: { ...query(filters), cursor: more.cursor } });
      setMore((m) => ({ items: [...m.items, ...page.items], cursor: page.nextCursor }));
    } catch (e) {
      setError(e);
    }
  };
  const verify = async () => {
    setVerifying(true);
    setError(null);
    try {
      setReport(await api.get('/api/audit/verify'));
    } catch (e) {
      setError(e);
    } finally {
      setVerifying(false);
    }
  };

  const columns: Column<Entry>[] = [
    { key: 'when', label: t('audit.when'), render: (e) => format.preciseTime(e.at) },
    {
      key: 'who',
      label: t('audit.who'),
      render: (e) =>
        e.actor ? (
          <Named name={actorName(e.actor)} code={e.actor.userId} />
        ) : (
          <span className="a-muted">{t('audit.system')}</span>
        ),
    },
    {
      key: 'what',
      label: t('audit.what'),
      primary: true,
      render: (e) => <Named name={actionName(e.action)} code={e.action} />,
    },
    {
      key: 'on',
      label: t('audit.on'),
      render: (e) => (
        <span className="a-wrap">
          <code>{e.resource}</code>
          {e.resourceId &&
            (isUserResource(e) ? (
              <>
                {' '}
                <Named name={name(e.resourceId)} code={e.resourceId} />
              </>
            ) : (
              <span className="a-muted a-mono"> {e.resourceId}</span>
            ))}
        </span>
      ),
    },
    {
      key: 'outcome',
      label: t('audit.result'),
      render: (e) => <Badge tone={OUTCOME_TONE[e.outcome]}>{t(`audit.outcome.${e.outcome}`)}</Badge>,
    },
    {
      key: 'details',
      label: ta('details'),
      render: (e) =>
        e.details || e.changed ? (
          <Button
            variant="ghost"
            aria-expanded={open === e.id}
            onClick={() => setOpen(open === e.id ? null : e.id)}
          >
            {t('audit.show')}
          </Button>
        ) : (
          ''
        ),
    },
  ];

  const set = (k: keyof Filters) => (e: { target: { value: string } }) =>
    setDraft({ ...draft, [k]: e.target.value });
  return (
    <Page
      title={t('audit.title')}
      intro={t('audit.intro')}
      actions={
        <Button icon="lock" busy={verifying} onClick={() => void verify()}>
          {t('audit.verify')}
        </Button>
      }
    >
      {report && <AuditVerifyReport report={report} />}
      <AnchorCheck onReport={setReport} />
      <ErrorBox error={error} />
      <form onSubmit={search}>
        <Toolbar grid>
          <TextField
            label={t('audit.action')}
            placeholder={t('audit.actionHint')}
            name="action"
            value={draft.action}
            onChange={set('action')}
          />
          <TextField label={t('audit.actor')} name="actor" value={draft.actor} onChange={set('actor')} />
          <TextField
            label={t('audit.resource')}
            name="resource"
            value={draft.resource}
            onChange={set('resource')}
          />
          <SelectField
            label={t('audit.outcome')}
            name="outcome"
            value={draft.outcome}
            onChange={set('outcome')}
            options={[
              { value: '', label: ta('all') },
              ...(['success', 'failure', 'denied'] as const).map((o) => ({
                value: o,
                label: t(`audit.outcome.${o}`),
              })),
            ]}
          />
          <TextField
            label={t('audit.from')}
            name="from"
            type="datetime-local"
            value={draft.from}
            onChange={set('from')}
          />
          <TextField
            label={t('audit.to')}
            name="to"
            type="datetime-local"
            value={draft.to}
            onChange={set('to')}
          />
          <div className="f-toolbar__buttons">
            <Button type="submit" variant="primary" icon="search">
              {t('audit.apply')}
            </Button>
            <Button onClick={clear}>{t('audit.clear')}</Button>
          </div>
        </Toolbar>
      </form>
      <LoadState state={entries}>
        {(items) => {
          const all = [...items, ...more.items];
          const shown = all.find((e) => e.id === open);
          return (
            <>
              <DataTable columns={columns} rows={all} rowKey={(e) => e.id} empty={t('audit.none')} />
              {shown && (
                <Dialog title={`#${shown.seq} ${actionName(shown.action)}`} onClose={() => setOpen(null)}>
                  <JsonBlock
                    value={{
                      ...(shown.details ? { details: shown.details } : {}),
                      ...(shown.changed ? { changed: shown.changed } : {}),
                      ...(shown.requestId ? { requestId: shown.requestId } : {}),
                      ...(shown.ip ? { ip: shown.ip } : {}),
                    }}
                  />
                </Dialog>
              )}
              {more.cursor && (
                <Button block onClick={() => void loadMore()}>
                  {ta('loadMore')}
                </Button>
              )}
            </>
          );
        }}
      </LoadState>
    </Page>
  );
}
