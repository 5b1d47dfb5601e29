// Try a request without starting one: sample values of the request form's fields and each approval
// step's decision → the path through the diagram (highlighted) and the gateways' reasons.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useLocale, useMessages } from '#designer/i18n/react.tsx';
import { Alert, Button, TextField } from '#designer/ui/index.ts';
import { CheckField, SelectField, TextAreaField } from '#designer/ui/kit/index.ts';
import { flowModelerMessages } from '../messages.ts';
import { graphOf, simulate, type SimGraph, type SimResult } from '../model/simulate.ts';
import { describeElement } from '../model/names.ts';
import { simulationVariables } from '../model/simulation-inputs.ts';
import { compiledForm } from '#designer/ui/rjsf/server-checks.ts';
import type { PanelContext } from './context.ts';
import './panels.css';

export function SimulatePanel({
  ctx,
  rev,
  onResult,
}: {
  ctx: PanelContext;
  rev: number;
  onResult(result: SimResult | null): void;
}) {
  const t = useMessages(flowModelerMessages);
  const { locale } = useLocale();
  const [values, setValues] = useState<Record<string, string | boolean>>({});
  const [department, setDepartment] = useState('');
  const [decisions, setDecisions] = useState<Record<string, string>>({});
  const [extra, setExtra] = useState('{}');
  const [result, setResult] = useState<SimResult | null>(null);
  const [computed, setComputed] = useState<Record<string, unknown>>({});
  // The request form compiled once per definition: its computed fields, as the server computes them.
  const form = useMemo(() => {
    try {
      return ctx.requestForm ? compiledForm(ctx.requestForm) : null;
    } catch {
      return null;
    }
  }, [ctx.requestForm]);
  const computedFields = new Set((form?.computed ?? []).map((c) => c.field));
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (result) resultRef.current?.scrollIntoView({ block: 'nearest' });
  }, [result]);
  // Read afresh on every render: the diagram changes under the same modeler (rev says when).
  const graph: SimGraph = graphOf((ctx.modeler as unknown as { getDefinitions(): unknown }).getDefinitions());
  const steps = Object.values(graph.nodes).filter((n) => n.kind === 'userTask');
  // In the analyst's language; a connection without a label by where it goes, never by its id.
  const registry = ctx.modeler.get('elementRegistry');
  const nameOf = (id: string): string => {
    const el = registry.get(id);
    return el
      ? describeElement(el.businessObject, locale)
      : graph.nodes[id]?.name || graph.flows[id]?.name || id;
  };
  let extraVars: Record<string, unknown> | null = null;
  try {
    const parsed: unknown = JSON.parse(extra || '{}');
    extraVars =
      parsed && typeof parsed === 'object' && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : null;
  } catch {
    extraVars = null;
  }

  const run = (): void => {
    if (!extraVars) return;
    // Computed fields take no typed value (their inputs are read-only): they are derived.
    const { variables: vars, computed: derived } = simulationVariables(ctx.fields, values, extraVars, form);
    setComputed(derived);
    vars.requester = {
      id: 'sample',
      department: department || null,
      roles: ['employee'],
      ...((vars.requester as object) ?? {}),
    };
    const outcome = simulate(graph, vars, decisions);
    setResult(outcome);
    onResult(outcome);
  };

  return (
    <div className="f-sim" data-rev={rev}>
      <h2 className="f-section-title">{t('sim.title')}</h2>
      <p className="f-section-intro">{t('sim.intro')}</p>
      <fieldset className="f-group">
        <legend className="f-group__title">{t('sim.values')}</legend>
        {ctx.fields.length === 0 && <p className="f-field__hint">{t('sim.noForm')}</p>}
        {ctx.fields.map((field) => {
          const name = `sim-${field.path}`;
          const isComputed = computedFields.has(field.path);
          const value = isComputed ? (computed[field.path] as string | undefined) : values[field.path];
          const set = (v: string | boolean): void => setValues((s) => ({ ...s, [field.path]: v }));
          if (field.type === 'boolean')
            return (
              <CheckField
                key={field.path}
                label={field.label}
                name={name}
                checked={value === true}
                onChange={set}
              />
            );
          if (field.options)
            return (
              <SelectField
                key={field.path}
                label={field.label}
                name={name}
                value={String(value ?? '')}
                onChange={(e) => set(e.target.value)}
              >
                <option value="" />
                {field.options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </SelectField>
            );
          return (
            <TextField
              key={field.path}
              label={field.label}
              name={name}
              readOnly={isComputed}
              hint={isComputed ? t('sim.computedHint') : undefined}
              type={field.type === 'date' && !isComputed ? 'date' : 'text'}
              inputMode={field.type === 'number' ? 'decimal' : undefined}
              value={String(value ?? '')}
              onChange={(e) => set(e.target.value)}
            />
          );
        })}
        <TextField
          label={t('sim.requesterDept')}
          name="sim-department"
          value={department}
          onChange={(e) => setDepartment(e.target.value)}
        />
        <TextAreaField
          label={t('sim.json')}
          name="sim-json"
          className="f-mono"
          rows={3}
          value={extra}
          error={extraVars ? undefined : t('sim.badJson')}
          onChange={(e) => setExtra(e.target.value)}
        />
      </fieldset>
      {steps.length > 0 && (
        <fieldset className="f-group">
          <legend className="f-group__title">{t('sim.decisions')}</legend>
          {steps.map((step) => (
            <SelectField
              key={step.id}
              label={step.name || step.id}
              name={`sim-decision-${step.id}`}
              value={decisions[step.id] ?? 'approved'}
              onChange={(e) => setDecisions((d) => ({ ...d, [step.id]: e.target.value }))}
            >
              <option value="approved">{t('outcome.approved')}</option>
              <option value="rejected">{t('outcome.rejected')}</option>
            </SelectField>
          ))}
        </fieldset>
      )}
      <div className="f-form-actions">
        <Button variant="primary" icon="play" onClick={run} disabled={!extraVars} data-action="simulate">
          {t('sim.run')}
        </Button>
        <Button
          variant="ghost"
          onClick={() => {
            setResult(null);
            onResult(null);
          }}
        >
          {t('sim.clear')}
        </Button>
      </div>
      {result && (
        <div className="f-sim__result" role="status" ref={resultRef}>
          {Object.keys(computed).length > 0 && (
            <p className="f-sim__computed" data-computed>
              {t('sim.computed', {
                values: Object.entries(computed)
                  .map(([k, v]) => `${ctx.fields.find((f) => f.path === k)?.label ?? k} = ${String(v)}`)
                  .join(', '),
              })}
            </p>
          )}
          <h3 className="f-sim__title">{t('sim.path')}</h3>
          <ol className="f-sim__steps">
            {result.visited.map((id) => {
              const approval = result.approvals.find((a) => a.element === id);
              const decision = result.decisions.find((d) => d.gateway === id);
              const error = decision?.checked.find((c) => c.error);
              return (
                <li key={id} data-step={id}>
                  {approval
                    ? t('sim.approval', {
                        step: nameOf(id),
                        outcome: t(approval.outcome === 'rejected' ? 'outcome.rejected' : 'outcome.approved'),
                      })
                    : decision && decision.taken.length
                      ? decision.usedDefault
                        ? t('sim.default', {
                            gateway: nameOf(id),
                            path: decision.taken.map(nameOf).join(', '),
                          })
                        : t('sim.gateway', {
                            gateway: nameOf(id),
                            path: decision.taken.map(nameOf).join(', '),
                          })
                      : nameOf(id)}
                  {error && (
                    <span className="f-sim__error">
                      {t('sim.error', { element: nameOf(error.flow), message: error.error ?? '' })}
                    </span>
                  )}
                </li>
              );
            })}
          </ol>
          {result.ends.map((end) => (
            <p key={end} className="f-sim__end" data-end={end}>
              {t('sim.end', { end: nameOf(end) })}
            </p>
          ))}
          {result.stuck.map((s) => (
            <Alert key={s.element} tone="error">
              {t('sim.stuck', { element: nameOf(s.element) })}
            </Alert>
          ))}
        </div>
      )}
    </div>
  );
}
