// One run opened: its progress in full (done, skipped, failed, batches), its error if it failed,
// and its per-record log a page at a time (GET …/runs/{runId}/records), filtered by result. Each
// record links to its page. Loads again whenever the page does (every few seconds while a run is
// active).
import { useState } from 'react';
import { api, type ReplyOf } from '../../api/client.ts';
import { Link } from '../../shell/router.tsx';
import { useLocalized, useMessages } from '../../i18n/react.tsx';
import { Button, useFormat, useLoad } from '../../ui/index.ts';
import { Badge, DataTable, LoadState, Section, Segmented, type Column } from '../../ui/kit/index.ts';
import { runMessages } from './messages.ts';
import { Progress, RunState } from './RunProgress.tsx';

type Automation = ReplyOf<'/api/automations', 'get'>['items'][number];
type Entry = ReplyOf<'/api/automations/{id}/runs/{runId}/records', 'get'>['items'][number];
type Filter = 'all' | Entry['status'];

export const LOG_PAGE = 50;

export function RunDetail({
  automation,
  automationId,
  runId,
  version,
  onClose,
}: {
  automation: Automation | undefined;
  automationId: string;
  runId: string;
  /** Changes when the page loaded again: this loads again too. */
  version: unknown;
  onClose(): void;
}) {
  const t = useMessages(runMessages);
  const localized = useLocalized();
  const format = useFormat();
  const [filter, setFilter] = useState<Filter>('all');
  // The cursors of the pages seen so far: [undefined] is the first page.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors.at(-1);
  const state = useLoad(async () => {
    const path = { id: automationId, runId };
    const [run, log] = await Promise.all([
      api.get('/api/automations/{id}/runs/{runId}', { path }),
      api.get('/api/automations/{id}/runs/{runId}/records', {
        path,
        query: {
          limit: LOG_PAGE,
          ...(cursor ? { cursor } : {}),
          ...(filter !== 'all' ? { status: filter } : {}),
        },
      }),
    ]);
    return { run, log };
  }, [automationId, runId, filter, cursor, version]);
  const form = typeof automation?.trigger['form'] === 'string' ? automation.trigger['form'] : null;

  const columns: Column<Entry>[] = [
    {
      key: 'record',
      label: t('col.record'),
      primary: true,
      render: (e) =>
        form ? (
          <Link
            to={`/records/${encodeURIComponent(form)}/${encodeURIComponent(e.recordId)}`}
            className="a-mono"
          >
            {e.recordId}
          </Link>
        ) : (
          <span className="a-mono">{e.recordId}</span>
        ),
    },
    {
      key: 'result',
      label: t('col.result'),
      render: (e) => (
        <Badge tone={e.status === 'failed' ? 'danger' : e.status === 'skipped' ? 'neutral' : 'success'}>
          {t(`status.${e.status}`)}
        </Badge>
      ),
    },
    { key: 'at', label: t('col.at'), render: (e) => format.dateTime(e.at) },
    { key: 'error', label: t('col.error'), render: (e) => <span className="a-wrap">{e.error ?? ''}</span> },
  ];

  return (
    <div data-run={runId}>
      <Section
        title={t('run.title', { id: runId })}
        icon="activity"
        actions={
          <Button icon="close" onClick={onClose}>
            {t('run.close')}
          </Button>
        }
      >
        <LoadState state={state}>
          {({ run, log }) => (
            <>
              <p className="a-plain r-run-head">
                {automation && <strong>{localized(automation.name)}</strong>} <RunState status={run.status} />{' '}
                <span className="a-muted">
                  {format.dateTime(run.startedAt)}
                  {run.endedAt && ` – ${format.dateTime(run.endedAt)}`}
                </span>
              </p>
              <Progress run={run} detailed />
              {run.error && <p className="f-field__error">{t('run.error', { error: run.error })}</p>}
              <h3 className="a-subtitle">{t('log.title')}</h3>
              <Segmented
                label={t('log.filter')}
                selected={filter}
                items={(['all', 'succeeded', 'skipped', 'failed'] as const).map((f) => ({
                  id: f,
                  label: f === 'all' ? t('log.all') : t(`status.${f}`),
                }))}
                onSelect={(f) => {
                  setFilter(f);
                  setCursors([undefined]);
                }}
              />
              <div className="a-gap" />
              <DataTable
                columns={columns}
                rows={log.items}
                rowKey={(e) => e.id}
                empty={t('log.none')}
                caption={t('log.title')}
              />
              <div className="r-pager">
                <Button
                  icon="back"
                  disabled={cursors.length < 2}
                  onClick={() => setCursors((c) => c.slice(0, -1))}
                >
                  {t('log.prev')}
                </Button>
                <span data-testid="log-page">{t('log.page', { n: cursors.length })}</span>
                <Button
                  icon="forward"
                  disabled={!log.nextCursor}
                  onClick={() => setCursors((c) => [...c, log.nextCursor ?? undefined])}
                >
                  {t('log.next')}
                </Button>
              </div>
            </>
          )}
        </LoadState>
      </Section>
    </div>
  );
}
