// The report builder (no JSON): a source, filters, group levels with time buckets, measures, a
// layout (rows, or a pivot with the second level across), a chart, the roles it is shared with.
// "Preview" runs the draft for me (my row rules); "Save" stores it — a new report, or a new
// version of the one edited (a stale version is refused: someone saved since) — and opens it.
// /analytics/builder makes a new report; /analytics/builder/:id edits a saved one.
import { useEffect, useMemo, useState } from 'react';
import { api } from '../../api/client.ts';
import { useLocalized, useMessages } from '../../i18n/react.tsx';
import { navigate } from '../../shell/router.tsx';
import type { PageProps } from '../../shell/routes.ts';
import { Alert, Button, Page, Spinner, TextField, useLoad } from '../../ui/index.ts';
import {
  Checkbox,
  ErrorBox,
  LocalizedTextField,
  Section,
  SelectField,
  useSubmit,
} from '../../ui/kit/index.ts';
import type { ChartSpec, ChartType, ReportResult } from '../charts/types.ts';
import { analyticsMessages } from '../messages.ts';
import { ReportFigure } from '../ReportFigure.tsx';
import {
  EMPTY_STATE,
  fromDraft,
  sourceKey,
  toDraft,
  type BuilderState,
  type Draft,
  type SourceEntry,
} from './draft.ts';
import { offeredFields, withoutStale } from './lookups.ts';
import { LookupsPart } from './LookupsPart.tsx';
import { AlertsPart } from './AlertsPart.tsx';
import { SchedulePart } from './SchedulePart.tsx';
import { FiltersPart, GroupsPart, MeasuresPart } from './Parts.tsx';
import '../analytics.css';

const CHARTS: ChartType[] = ['table', 'bar', 'stacked', 'line', 'pie', 'funnel', 'number'];

export default function ReportBuilderPage({ params }: PageProps) {
  const editing = params.id;
  const t = useMessages(analyticsMessages);
  const localized = useLocalized();
  const [state, setState] = useState<BuilderState>(EMPTY_STATE);
  const [version, setVersion] = useState<number | null>(null);
  const [preview, setPreview] = useState<ReportResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const change = (next: Partial<BuilderState>) => {
    setState((s) => {
      const merged = { ...s, ...next };
      // A linked record removed or re-pointed: parts on its fields go with it.
      return next.lookups && source
        ? withoutStale(merged, offeredFields(source, merged.lookups, sources.data ?? []))
        : merged;
    });
    setPreview(null);
  };
  const sources = useLoad(
    async (signal) => (await api.get('/api/reports/sources', { signal })).items as SourceEntry[],
    [],
  );
  // Managers may not list roles: they type role ids instead of ticking them.
  const roles = useLoad(async (signal) => {
    try {
      return (await api.get('/api/roles', { signal })).items.map((r) => ({ id: r.id, name: r.name }));
    } catch {
      return null;
    }
  }, []);
  useEffect(() => {
    if (!editing) return;
    void api.get('/api/reports/{id}', { path: { id: editing } }).then((doc) => {
      const saved = (doc as { saved?: { version: number; roles: string[] } }).saved;
      setState(fromDraft(doc as unknown as Draft, saved?.roles ?? [], editing.replace(/^saved-/, '')));
      setVersion(saved?.version ?? null);
    });
  }, [editing]);
  const source = useMemo(
    () => sources.data?.find((s) => sourceKey(s) === state.source),
    [sources.data, state.source],
  );
  // The source's fields and those of the records it links to (lookups).
  const fields = useMemo(
    () => (source ? offeredFields(source, state.lookups, sources.data ?? []) : []),
    [source, state.lookups, sources.data],
  );
  const draft = (): Draft | null => {
    if (!source) return (setProblem(t('builder.needSource')), null);
    const d = toDraft(state, source, fields);
    if (d.measures.length === 0) return (setProblem(t('builder.needMeasure')), null);
    setProblem(null);
    return d;
  };
  const previewing = useSubmit(async () => {
    const definition = draft();
    if (definition) setPreview(await api.post('/api/reports/preview', { body: { definition } }));
  });
  const saving = useSubmit(async () => {
    const definition = draft();
    if (!definition) return;
    const saved = editing
      ? await api.put('/api/reports/saved/{id}', {
          path: { id: editing },
          body: { version: version ?? 1, definition, roles: state.roles },
        })
      : await api.post('/api/reports/saved', { body: { name: state.slug, definition, roles: state.roles } });
    navigate(`/reports/${(saved as { id: string }).id}`);
  });
  const title = editing ? t('builder.editTitle') : t('builder.title');
  return (
    <Page title={title} intro={t('builder.intro')}>
      {sources.error && <ErrorBox error={sources.error} />}
      {!sources.data && sources.loading && <Spinner label={t('loading')} />}
      <div className="fa-builder">
        <form className="fa-builder__parts" onSubmit={saving.onSubmit} aria-label={title}>
          <Section title={t('builder.name')} icon="text">
            <LocalizedTextField
              label={t('builder.name')}
              name="name"
              value={state.name}
              onChange={(name) => change({ name })}
              required
            />
            {!editing && (
              <TextField
                label={t('builder.slug')}
                name="slug"
                value={state.slug}
                pattern="[a-z0-9][a-z0-9\-]{0,63}"
                required
                onChange={(e) => change({ slug: e.target.value })}
                error={saving.fieldErrors['/name']}
              />
            )}
            <SelectField
              label={t('builder.source')}
              name="source"
              value={state.source}
              onChange={(e) =>
                change({
                  source: e.target.value,
                  lookups: [],
                  filters: [],
                  groups: [],
                  measures: [{ op: 'count', field: '' }],
                })
              }
              options={[
                { value: '', label: t('builder.pickSource') },
                ...(sources.data ?? []).map((s) => ({
                  value: sourceKey(s),
                  label: localized(s.name),
                })),
              ]}
            />
          </Section>
          {source && (
            <>
              <LookupsPart state={state} fields={fields} sources={sources.data ?? []} onChange={change} />
              <FiltersPart state={state} fields={fields} onChange={change} />
              <GroupsPart state={state} fields={fields} onChange={change} />
              <MeasuresPart state={state} fields={fields} onChange={change} />
              <Section title={t('builder.chart')} icon="chart">
                <div className="fa-builder__row">
                  <SelectField
                    label={t('builder.layout')}
                    name="layout"
                    value={state.layout}
                    onChange={(e) => change({ layout: e.target.value as BuilderState['layout'] })}
                    options={[
                      { value: 'list', label: t('builder.layout.list') },
                      { value: 'pivot', label: t('builder.layout.pivot') },
                    ]}
                  />
                  <SelectField
                    label={t('builder.chart')}
                    name="chart"
                    value={state.chart}
                    onChange={(e) => change({ chart: e.target.value as ChartType })}
                    options={CHARTS.map((c) => ({ value: c, label: t(`builder.chart.${c}`) }))}
                  />
                  <SelectField
                    label={t('builder.chartMeasure')}
                    name="chart-measure"
                    value={String(state.chartMeasure ?? 0)}
                    onChange={(e) => change({ chartMeasure: Number(e.target.value) })}
                    options={toDraft(state, source, fields).measures.map((m, i) => ({
                      value: String(i),
                      label: m.label ? localized(m.label) : m.as,
                    }))}
                  />
                </div>
              </Section>
              <AlertsPart
                state={state}
                measureLabels={toDraft(state, source, fields).measures.map((m) =>
                  m.label ? localized(m.label) : m.as,
                )}
                onChange={change}
              />
              <Section title={t('builder.share')} icon="users">
                <p className="fa-muted">{t('builder.shareHint')}</p>
                {roles.data ? (
                  <div className="fa-roles">
                    {roles.data.map((r) => (
                      <Checkbox
                        key={r.id}
                        label={localized(r.name)}
                        checked={state.roles.includes(r.id)}
                        onChange={(on) =>
                          change({
                            roles: on ? [...state.roles, r.id] : state.roles.filter((x) => x !== r.id),
                          })
                        }
                      />
                    ))}
                  </div>
                ) : (
                  <TextField
                    label={t('builder.share')}
                    name="roles"
                    value={state.roles.join(', ')}
                    onChange={(e) =>
                      change({
                        roles: e.target.value
                          .split(',')
                          .map((r) => r.trim())
                          .filter(Boolean),
                      })
                    }
                  />
                )}
              </Section>
            </>
          )}
          {editing && version !== null && (
            <SchedulePart
              id={editing}
              roles={state.roles.map((id) => {
                const role = roles.data?.find((r) => r.id === id);
                return { id, label: role ? localized(role.name) : id };
              })}
            />
          )}
          {problem && <Alert tone="error">{problem}</Alert>}
          {previewing.error || saving.error ? <ErrorBox error={saving.error ?? previewing.error} /> : null}
          <div className="fa-builder__row">
            <Button icon="play" onClick={(e) => previewing.onSubmit(e)} busy={previewing.busy}>
              {t('builder.preview')}
            </Button>
            <Button type="submit" variant="primary" icon="save" busy={saving.busy}>
              {t('builder.save')}
            </Button>
          </div>
        </form>
        <div>
          {preview && source && (
            <section className="fa-card" aria-label={t('builder.preview')}>
              <ReportFigure
                report="draft"
                result={preview}
                spec={(toDraft(state, source, fields).chart ?? { type: 'table' }) as ChartSpec}
                title={localized(state.name) || t('builder.preview')}
                drillable={false}
              />
            </section>
          )}
        </div>
      </div>
    </Page>
  );
}
