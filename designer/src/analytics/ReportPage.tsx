// A report: its parameters (a period picked by name when it has one), its figures drawn as its chart says (drill into any), the time they
// were computed, an XLSX export of what I may read — and for a report made in the builder, its
// version, editing, and the module file it would be in a module. Report alerts link here.
import { useState, type FormEvent } from 'react';
import { api } from '../api/client.ts';
import { useLocale, useLocalized, useMessages } from '../i18n/react.tsx';
import { navigate } from '../shell/router.tsx';
import { useMe } from '../shell/session.tsx';
import type { PageProps } from '../shell/routes.ts';
import { Button, Page, Spinner, TextField, dateTime, todayIso, useLoad } from '../ui/index.ts';
import { ErrorBox, SelectField, Toolbar } from '../ui/kit/index.ts';
import type { ChartSpec } from './charts/types.ts';
import { download } from '../ui/download.ts';
import { analyticsMessages } from './messages.ts';
import { PERIODS, periodValues, type PeriodName } from './period.ts';
import { ReportFigure } from './ReportFigure.tsx';
import './analytics.css';

interface Definition {
  id: string;
  module: string;
  name: { en: string; 'zh-CN': string };
  description?: { en: string; 'zh-CN': string };
  parameters?: Array<{
    name: string;
    type: string;
    required?: boolean;
    label?: { en: string; 'zh-CN': string };
    period?: 'from' | 'to' | 'until';
  }>;
  chart?: ChartSpec;
  saved?: { version: number; owner: string };
}

export default function ReportPage({ params }: PageProps) {
  const id = params.id!;
  const t = useMessages(analyticsMessages);
  const localized = useLocalized();
  const { locale } = useLocale();
  const me = useMe();
  const [values, setValues] = useState<Record<string, string>>({});
  const [period, setPeriod] = useState<PeriodName | ''>('');
  const [applied, setApplied] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const definition = useLoad(
    async (signal) => (await api.get('/api/reports/{id}', { path: { id }, signal })) as unknown as Definition,
    [id],
  );
  const run = useLoad(
    (signal) => api.post('/api/reports/{id}/run', { path: { id }, body: { params: applied }, signal }),
    [id, JSON.stringify(applied)],
  );
  const report = definition.data;
  const apply = (next: Record<string, string>) =>
    setApplied(Object.fromEntries(Object.entries(next).filter(([, v]) => v !== '')));
  const onRun = (e: FormEvent) => {
    e.preventDefault();
    apply(values);
  };
  // A period picked by name fills the period's dates and runs the report at once.
  const pickPeriod = (name: PeriodName | '') => {
    setPeriod(name);
    if (!name || !report?.parameters) return;
    const next = { ...values, ...periodValues(report.parameters, name, todayIso()) };
    setValues(next);
    apply(next);
  };
  const hasPeriod = report?.parameters?.some((p) => p.period === 'from') ?? false;
  const exportXlsx = async () => {
    setBusy(true);
    try {
      const file = (await api.post('/api/reports/{id}/export', {
        path: { id },
        body: { params: applied, locale },
      })) as unknown as Blob;
      download(file, `${id}.xlsx`);
    } finally {
      setBusy(false);
    }
  };
  const moduleFile = async () => {
    const file = await api.get('/api/reports/{id}/module-file', { path: { id } });
    download(
      new Blob([JSON.stringify(file.content, null, 2)], { type: 'application/json' }),
      file.file.split('/').pop()!,
    );
  };
  const title = report ? localized(report.name) : t('loading');
  return (
    <Page
      title={title}
      intro={
        [
          report?.description ? localized(report.description) : '',
          report?.saved ? t('report.version', { n: report.saved.version }) : '',
          run.data ? t('asOf', { time: dateTime(run.data.generatedAt, locale) }) : '',
        ]
          .filter(Boolean)
          .join(' · ') || undefined
      }
      actions={
        <>
          <Button
            icon="download"
            variant="secondary"
            onClick={() => void exportXlsx()}
            disabled={busy || !run.data}
          >
            {t('report.export')}
          </Button>
          {report?.saved && (
            <>
              <Button icon="file" variant="secondary" onClick={() => void moduleFile()}>
                {t('report.moduleFile')}
              </Button>
              {/* Only its owner changes a saved report (the server refuses others). */}
              {report.saved.owner === me.user.id && (
                <Button
                  icon="design"
                  variant="secondary"
                  onClick={() => navigate(`/analytics/builder/${id}`)}
                >
                  {t('report.edit')}
                </Button>
              )}
            </>
          )}
        </>
      }
    >
      {definition.error && <ErrorBox error={definition.error} />}
      {report?.parameters?.length ? (
        <form onSubmit={onRun} aria-label={t('report.params')}>
          <Toolbar>
            {hasPeriod && (
              <SelectField
                label={t('period.label')}
                value={period}
                data-period=""
                onChange={(e) => pickPeriod(e.target.value as PeriodName | '')}
                options={[
                  { value: '', label: t('period.custom') },
                  ...PERIODS.map((name) => ({ value: name, label: t(`period.${name}`) })),
                ]}
              />
            )}
            {report.parameters.map((p) => (
              <TextField
                key={p.name}
                label={p.label ? localized(p.label) : p.name}
                type={p.type === 'date' ? 'date' : 'text'}
                value={values[p.name] ?? ''}
                data-param={p.name}
                onChange={(e) => {
                  setValues({ ...values, [p.name]: e.target.value });
                  if (p.period) setPeriod('');
                }}
              />
            ))}
            <Button type="submit" icon="play">
              {t('report.run')}
            </Button>
          </Toolbar>
        </form>
      ) : null}
      {run.loading && !run.data && <Spinner label={t('loading')} />}
      {run.error && <ErrorBox error={run.error} />}
      {run.data && report && (
        <section className="fa-card" aria-label={title}>
          <ReportFigure
            report={id}
            result={run.data}
            spec={(report.chart ?? { type: 'table' }) as ChartSpec}
            params={applied}
            title={title}
          />
          {/* A statement's check: account codes (or cash movements) no line maps. */}
          {run.data.unmapped?.length ? (
            <p className="fa-muted" role="note">
              {t('report.unmapped', { values: run.data.unmapped.join(', ') })}
            </p>
          ) : null}
        </section>
      )}
    </Page>
  );
}
