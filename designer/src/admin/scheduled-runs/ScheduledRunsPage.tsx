// Admin → Scheduled runs: the record-set automations of the installed modules, the runs of each
// with their progress (processed of total, state, started, finished) and "run now"; a run opened
// shows its per-record log a page at a time. While a run is active the page loads again every few
// seconds, so the admin watches it move without pressing anything.
import { useEffect, useState } from 'react';
import { api, type ReplyOf } from '../../api/client.ts';
import { useLocalized, useMessages } from '../../i18n/react.tsx';
import { Alert, Button, Page, useFormat, useLoad } from '../../ui/index.ts';
import { DataTable, ErrorBox, LoadState, Section, type Column } from '../../ui/kit/index.ts';
import { runMessages } from './messages.ts';
import { RunDetail } from './RunDetail.tsx';
import { Progress, RunState } from './RunProgress.tsx';
import '../admin.css';
import './scheduled-runs.css';

type Automation = ReplyOf<'/api/automations', 'get'>['items'][number];
export type Run = ReplyOf<'/api/automations/{id}/runs/{runId}', 'get'>;
interface Row {
  automation: Automation;
  run: Run;
}

/** How often the page loads again while a run is active. */
const LIVE_MS = 2000;
const RUNS_PER_AUTOMATION = 20;

async function loadRuns() {
  const all = (await api.get('/api/automations')).items.filter((a) => a.trigger['type'] === 'record.set');
  const runs = await Promise.all(
    all.map((a) =>
      api.get('/api/automations/{id}/runs', { path: { id: a.id }, query: { limit: RUNS_PER_AUTOMATION } }),
    ),
  );
  return {
    automations: all,
    rows: all.flatMap((a, i) => runs[i]!.items.map((run): Row => ({ automation: a, run }))),
  };
}

export default function ScheduledRunsPage() {
  const t = useMessages(runMessages);
  const localized = useLocalized();
  const format = useFormat();
  const data = useLoad(loadRuns);
  const [open, setOpen] = useState<{ automation: string; run: string } | null>(() => {
    const q = new URLSearchParams(location.search);
    const automation = q.get('automation');
    const run = q.get('run');
    return automation && run ? { automation, run } : null;
  });
  const [started, setStarted] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const active = data.data?.rows.some((r) => r.run.status === 'running') ?? false;

  useEffect(() => {
    if (!active) return;
    const timer = setInterval(data.reload, LIVE_MS);
    return () => clearInterval(timer);
  }, [active, data.reload]);

  const choose = (next: { automation: string; run: string } | null) => {
    setOpen(next);
    const url = new URL(location.href);
    url.searchParams.delete('automation');
    url.searchParams.delete('run');
    if (next) {
      url.searchParams.set('automation', next.automation);
      url.searchParams.set('run', next.run);
    }
    history.replaceState(history.state, '', url);
  };

  const runNow = async (automation: Automation) => {
    setError(null);
    setStarted(null);
    try {
      const run = await api.post('/api/automations/{id}/run', { path: { id: automation.id }, body: {} });
      setStarted(run.period ?? run.id);
      data.reload();
    } catch (e) {
      setError(e);
    }
  };

  const columns: Column<Row>[] = [
    {
      key: 'automation',
      label: t('col.automation'),
      primary: true,
      render: (r) => (
        <button
          type="button"
          className="a-link-button"
          data-open-run={r.run.id}
          aria-label={`${t('open')}: ${localized(r.automation.name)} ${r.run.period ?? ''}`}
          onClick={() => choose({ automation: r.automation.id, run: r.run.id })}
        >
          {localized(r.automation.name)}
        </button>
      ),
    },
    {
      key: 'period',
      label: t('col.period'),
      render: (r) => <span className="a-mono">{r.run.period ?? '—'}</span>,
    },
    { key: 'state', label: t('col.state'), render: (r) => <RunState status={r.run.status} /> },
    { key: 'progress', label: t('col.progress'), render: (r) => <Progress run={r.run} /> },
    { key: 'started', label: t('col.started'), render: (r) => format.dateTime(r.run.startedAt) },
    {
      key: 'finished',
      label: t('col.finished'),
      render: (r) => (r.run.endedAt ? format.dateTime(r.run.endedAt) : '—'),
    },
  ];

  return (
    <Page
      title={t('title')}
      intro={t('intro')}
      actions={
        <Button icon="redo" onClick={data.reload}>
          {t('refresh')}
        </Button>
      }
    >
      <ErrorBox error={error} />
      {started && <Alert tone="success">{t('started', { period: started })}</Alert>}
      {active && (
        <p className="r-live" data-testid="live">
          <span className="r-live__dot" aria-hidden="true" /> {t('live')}
        </p>
      )}
      <LoadState state={data}>
        {({ automations, rows }) =>
          automations.length === 0 ? (
            <p className="a-empty">{t('none')}</p>
          ) : (
            <>
              {automations.map((a) => (
                <Section
                  key={a.id}
                  title={localized(a.name)}
                  icon="hourglass"
                  actions={
                    <Button icon="play" onClick={() => void runNow(a)} data-run-now={a.id}>
                      {t('runNow')}
                    </Button>
                  }
                >
                  {a.description && <p className="a-summary">{localized(a.description)}</p>}
                  <DataTable
                    columns={columns}
                    rows={rows.filter((r) => r.automation.id === a.id)}
                    rowKey={(r) => r.run.id}
                    empty={t('noRuns')}
                    caption={localized(a.name)}
                  />
                </Section>
              ))}
              {open && (
                <RunDetail
                  key={`${open.automation}/${open.run}`}
                  automation={automations.find((a) => a.id === open.automation)}
                  automationId={open.automation}
                  runId={open.run}
                  version={data.data}
                  onClose={() => choose(null)}
                />
              )}
            </>
          )
        }
      </LoadState>
    </Page>
  );
}
