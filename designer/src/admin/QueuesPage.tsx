// Admin → Queues: waiting / active / delayed / failed / completed jobs per queue (GET
// /api/admin/queues, JobQueue.counts), and the jobs for external workers per job type with the
// types no worker asks for, refreshed every few seconds while the page is open.
import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import { useMessages } from '../i18n/react.tsx';
import { Button, Page, useFormat, useLoad } from '../ui/index.ts';
import { Badge, Checkbox, LoadState } from '../ui/kit/index.ts';
import { adminMessages } from './messages.ts';
import { opsMessages } from './ops-messages.ts';
import './admin.css';

const COUNTS = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;
const JOB_COUNTS = ['waiting', 'activated', 'failed'] as const;
const KNOWN = new Set([
  'flow-service-task',
  'flow-timer',
  'flow-advance',
  'flow-sweep',
  'automation-run',
  'automation-schedule',
]);
type KnownQueue =
  | 'flow-service-task'
  | 'flow-timer'
  | 'flow-advance'
  | 'flow-sweep'
  | 'automation-run'
  | 'automation-schedule';

export default function QueuesPage() {
  const t = useMessages(opsMessages);
  const ta = useMessages(adminMessages);
  const format = useFormat();
  const [auto, setAuto] = useState(true);
  const health = useLoad(async () => ({ ...(await api.get('/api/admin/queues')), at: Date.now() }));
  const { reload } = health;
  useEffect(() => {
    if (!auto) return;
    const timer = setInterval(reload, 5000);
    return () => clearInterval(timer);
  }, [auto, reload]);

  return (
    <Page
      title={t('queues.title')}
      intro={t('queues.intro')}
      actions={
        <>
          <Checkbox label={t('queues.autoRefresh')} checked={auto} onChange={setAuto} />
          <Button icon="redo" onClick={reload}>
            {ta('refresh')}
          </Button>
        </>
      }
    >
      <LoadState state={health}>
        {(h) => (
          <>
            <p className="a-summary">
              {t(h.mode === 'embedded' ? 'queues.embedded' : 'queues.distributed')}{' '}
              <span className="a-muted">{t('queues.updated', { time: format.dateTime(h.at) })}</span>
            </p>
            <ul className="a-items a-items--grid">
              {h.queues.map((q) => (
                <li key={q.name} className="a-item" data-queue={q.name}>
                  <div className="a-item__head">
                    <h2 className="a-item__title">
                      {KNOWN.has(q.name) ? t(`queue.${q.name as KnownQueue}`) : q.name}
                    </h2>
                    <span className="a-muted a-mono">{q.name}</span>
                  </div>
                  <div className="a-stats">
                    {COUNTS.map((c) => (
                      <div
                        key={c}
                        className={`a-stat${c === 'failed' && q[c] > 0 ? ' a-stat--bad' : ''}`}
                        data-count={c}
                      >
                        <span className="a-stat__value">{format.number(q[c])}</span>
                        <span className="a-stat__label">{t(`queues.${c}`)}</span>
                      </div>
                    ))}
                  </div>
                </li>
              ))}
            </ul>
            <h2 className="a-subtitle a-gap-top">{t('jobs.title')}</h2>
            <p className="a-muted">{t('jobs.intro', { minutes: String(h.workerAbsentMinutes ?? 5) })}</p>
            {h.jobTypes.length === 0 ? (
              <p className="a-muted" data-empty="job-types">
                {t('jobs.none')}
              </p>
            ) : (
              <ul className="a-items a-items--grid">
                {h.jobTypes.map((j) => (
                  <li
                    key={j.type}
                    className="a-item"
                    data-job-type={j.type}
                    data-no-worker={j.noWorker ? 'true' : 'false'}
                  >
                    <div className="a-item__head">
                      <h2 className="a-item__title a-mono">{j.type}</h2>
                      {j.noWorker && (
                        <Badge tone="danger" icon="alert">
                          {t('jobs.noWorker')}
                        </Badge>
                      )}
                    </div>
                    <div className="a-stats">
                      {JOB_COUNTS.map((c) => (
                        <div
                          key={c}
                          className={`a-stat${c === 'failed' && j[c] > 0 ? ' a-stat--bad' : ''}`}
                          data-count={c}
                        >
                          <span className="a-stat__value">{format.number(j[c])}</span>
                          <span className="a-stat__label">{t(`jobs.${c}`)}</span>
                        </div>
                      ))}
                    </div>
                    <p className="a-muted">
                      {j.lastRequestAt
                        ? t('jobs.lastRequest', {
                            time: format.dateTime(Date.parse(j.lastRequestAt)),
                            worker: j.lastWorker ?? '—',
                          })
                        : t('jobs.neverAsked')}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </LoadState>
    </Page>
  );
}
