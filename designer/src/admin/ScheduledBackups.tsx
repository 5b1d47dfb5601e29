// The scheduled backups on Admin → Backup & restore: where they go and how they are kept, whether
// they are up to date (late or failing in a warning), "back up now", and the history of runs —
// time, size, verified or failed with the reason (GET /api/admin/backups).
import { useState } from 'react';
import { api } from '../api/client.ts';
import { useLocale, useMessages } from '../i18n/react.tsx';
import { Alert, Button, useFormat, useLoad } from '../ui/index.ts';
import { Badge, DataTable, ErrorBox, LoadState, Section, type Column } from '../ui/kit/index.ts';
import { backupScheduleMessages } from './backup-schedule-messages.ts';

const load = () => api.get('/api/admin/backups');
type Reply = Awaited<ReturnType<typeof load>>;
type Run = Reply['runs'][number];

/** Bytes as KB / MB / GB (decimal, as file managers show them). */
function size(bytes: number | undefined, number: (n: number) => string): string {
  if (bytes === undefined) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${number(Math.round(value * 10) / 10)} ${units[unit]}`;
}

export function ScheduledBackups() {
  const t = useMessages(backupScheduleMessages);
  const { locale } = useLocale();
  const format = useFormat();
  const state = useLoad(load);
  const [notice, setNotice] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const runNow = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/admin/backups/run', {});
      setNotice(true);
      setTimeout(() => state.reload(), 3000);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const columns: Column<Run>[] = [
    { key: 'time', label: t('col.time'), primary: true, render: (r) => format.dateTime(r.startedAt) },
    { key: 'size', label: t('col.size'), numeric: true, render: (r) => size(r.bytes, format.number) },
    {
      key: 'result',
      label: t('col.result'),
      render: (r) => (
        <div className="a-backup-result">
          <Badge
            tone={r.state === 'verified' ? 'success' : r.state === 'failed' ? 'danger' : 'info'}
            icon={r.state === 'verified' ? 'check' : r.state === 'failed' ? 'alert' : 'clock'}
          >
            {t(`run.${r.state}`)}
          </Badge>
          {r.pruned && <span className="a-summary"> {t('run.pruned')}</span>}
          {r.state === 'failed' && (
            <p className="a-backup-reason">{(locale === 'zh-CN' && r.reasonZh) || r.reason}</p>
          )}
        </div>
      ),
    },
    {
      key: 'trigger',
      label: t('col.trigger'),
      render: (r) => (r.trigger === 'schedule' ? t('trigger.schedule') : (r.requestedBy ?? '—')),
    },
  ];

  return (
    <Section title={t('title')} icon="clock">
      <ErrorBox error={error} />
      {notice && <Alert tone="success">{t('started')}</Alert>}
      <LoadState state={state}>
        {({ status, runs }: Reply) => (
          <div data-testid="scheduled-backups">
            {!status.enabled ? (
              <p className="a-summary">{t('off')}</p>
            ) : (
              <>
                <p className="a-summary">
                  {t('where', {
                    dir: status.dir ?? '',
                    schedule: status.schedule,
                    last: format.number(status.retention.keepLast),
                    weekly: format.number(status.retention.keepWeekly),
                  })}
                </p>
                {status.sameDiskAsData && <Alert tone="error">{t('sameDisk')}</Alert>}
                <p className="a-plain">
                  <Badge
                    tone={status.state === 'ok' ? 'success' : 'danger'}
                    icon={status.state === 'ok' ? 'check' : 'alert'}
                    data-testid="backup-state"
                  >
                    {t(`state.${status.state}`)}
                  </Badge>{' '}
                  {status.lastVerified
                    ? t('lastVerified', {
                        at: format.dateTime(status.lastVerified.at),
                        size: size(status.lastVerified.bytes, format.number),
                      })
                    : t('noneVerified')}{' '}
                  {status.late && status.owedSlot && t('late', { slot: format.dateTime(status.owedSlot) })}{' '}
                  {status.nextSlot && t('next', { slot: format.dateTime(status.nextSlot) })}
                </p>
                {status.state === 'failing' && status.lastRun?.reason && (
                  <Alert tone="error">
                    {(locale === 'zh-CN' && status.lastRun.reasonZh) || status.lastRun.reason}
                  </Alert>
                )}
                <Button icon="download" busy={busy} onClick={() => void runNow()}>
                  {t('runNow')}
                </Button>
              </>
            )}
            <h3 className="a-backup-history">{t('history')}</h3>
            <DataTable
              columns={columns}
              rows={runs}
              rowKey={(r) => r.id}
              empty={t('noRuns')}
              caption={t('history')}
            />
          </div>
        )}
      </LoadState>
    </Section>
  );
}
