// A run's state as a badge and its progress as a bar with "processed of total" and the counts.
import { useMessages } from '../../i18n/react.tsx';
import { useFormat } from '../../ui/index.ts';
import { Badge, type BadgeTone } from '../../ui/kit/index.ts';
import { runMessages } from './messages.ts';
import type { Run } from './ScheduledRunsPage.tsx';

const TONES: Record<Run['status'], BadgeTone> = {
  running: 'info',
  succeeded: 'success',
  skipped: 'neutral',
  failed: 'danger',
};

export function RunState({ status }: { status: Run['status'] }) {
  const t = useMessages(runMessages);
  return (
    <Badge
      tone={TONES[status]}
      icon={status === 'running' ? 'clock' : status === 'failed' ? 'alert' : 'check'}
      data-state={status}
    >
      {t(`state.${status}`)}
    </Badge>
  );
}

export function Progress({ run, detailed = false }: { run: Run; detailed?: boolean }) {
  const t = useMessages(runMessages);
  const format = useFormat();
  const p = run.progress;
  if (!p) return <span>—</span>;
  const share = p.total ? Math.min(1, p.processed / p.total) : run.status === 'running' ? 0 : 1;
  return (
    <div className="r-progress" data-processed={p.processed} data-total={p.total}>
      <progress className="r-progress__bar" max={1} value={share} aria-label={t('col.progress')} />
      <span className="r-progress__text">
        {t('progress', { processed: format.number(p.processed), total: format.number(p.total) })}
      </span>
      {detailed && (
        <span className="a-muted r-progress__counts">
          {t('counts', {
            succeeded: format.number(p.succeeded),
            skipped: format.number(p.skipped),
            failed: format.number(p.failed),
            batches: format.number(p.batches),
          })}
        </span>
      )}
    </div>
  );
}
