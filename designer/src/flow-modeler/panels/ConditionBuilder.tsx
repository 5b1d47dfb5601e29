// Conditions of the paths leaving a decision: "field, operator, value" rows written as FEEL
// (model/conditions.ts), the default path, and FEEL by hand when the analyst wants it.
import { useEffect, useMemo, useState } from 'react';
import { useMessages } from '#designer/i18n/react.tsx';
import { Button, Icon } from '#designer/ui/index.ts';
import { CheckField, IconButton, SelectField } from '#designer/ui/kit/index.ts';
import type { Translate } from '#designer/i18n/define.ts';
import { flowModelerMessages, type FlowModelerKey } from '../messages.ts';
import {
  fromFeel,
  opsForType,
  takesValue,
  toFeel,
  type Clause,
  type ClauseOp,
  type ConditionModel,
  type ValueType,
} from '../model/conditions.ts';
import { readCondition, writeCondition } from '../model/zeebe-edit.ts';
import { CommitField, editorFor, type Element } from './common.tsx';
import type { FieldOption, PanelContext } from './context.ts';

const isDecision = (el: Element | undefined): boolean =>
  el?.type === 'bpmn:ExclusiveGateway' || el?.type === 'bpmn:InclusiveGateway';

/** The fields a condition can test: the request form's, the last decision, the requester's department. */
export function useConditionFields(ctx: PanelContext): FieldOption[] {
  const t = useMessages(flowModelerMessages);
  return useMemo(
    () => [
      ...ctx.fields,
      {
        path: 'approval.outcome',
        label: t('field.outcome'),
        type: 'string' as const,
        options: [
          { value: 'approved', label: t('outcome.approved') },
          { value: 'rejected', label: t('outcome.rejected') },
        ],
      },
      { path: 'requester.department', label: t('field.department'), type: 'string' as const },
    ],
    [ctx.fields, t],
  );
}

/** A condition in words: "Amount is more than 5000". */
export function conditionText(feel: string, fields: FieldOption[], t: Translate<FlowModelerKey>): string {
  const model = fromFeel(feel);
  if (!model) return feel;
  return model.clauses
    .map((c) => {
      const field = fields.find((f) => f.path === c.field);
      const value = field?.options?.find((o) => o.value === c.value)?.label ?? c.value ?? '';
      return [field?.label ?? c.field, t(`op.${c.op}`), takesValue(c.op) ? value : '']
        .filter(Boolean)
        .join(' ');
    })
    .join(model.join === 'and' ? ' & ' : ' | ');
}

export function GatewayPaths({ element, ctx, rev }: { element: Element; ctx: PanelContext; rev: number }) {
  const t = useMessages(flowModelerMessages);
  const fields = useConditionFields(ctx);
  const outgoing: Element[] = element.outgoing ?? [];
  const current = element.businessObject.default;
  const modeling = ctx.modeler.get('modeling');
  const selection = ctx.modeler.get('selection');
  const nameOf = (flow: Element): string =>
    flow.businessObject.name || flow.target?.businessObject?.name || flow.id;
  return (
    <fieldset className="f-group" data-section="paths" data-rev={rev}>
      <legend className="f-group__title">
        <Icon name="branch" size={18} /> {t('gateway.paths')}
      </legend>
      <ul className="f-paths">
        {outgoing.map((flow) => {
          const feel = readCondition(flow.businessObject);
          const isDefault = current === flow.businessObject;
          return (
            <li key={flow.id}>
              <button type="button" className="f-paths__item" onClick={() => selection.select(flow)}>
                <strong>{nameOf(flow)}</strong>
                <span>
                  {isDefault
                    ? t('gateway.default')
                    : feel
                      ? t('gateway.when', { condition: conditionText(feel, fields, t) })
                      : t('gateway.noCondition')}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      <SelectField
        label={t('gateway.default')}
        name="gateway-default"
        value={current?.id ?? ''}
        onChange={(e) => {
          const flow = outgoing.find((f) => f.id === e.target.value);
          if (flow) writeCondition(flow.businessObject, '', editorFor(ctx.modeler, flow));
          modeling.updateProperties(element, { default: flow ? flow.businessObject : undefined });
        }}
      >
        <option value="">{t('gateway.noDefault')}</option>
        {outgoing.map((flow) => (
          <option key={flow.id} value={flow.id}>
            {nameOf(flow)}
          </option>
        ))}
      </SelectField>
    </fieldset>
  );
}

export function FlowCondition({ element, ctx, rev }: { element: Element; ctx: PanelContext; rev: number }) {
  const t = useMessages(flowModelerMessages);
  const fields = useConditionFields(ctx);
  const bo = element.businessObject;
  const source: Element | undefined = element.source;
  const feel = readCondition(bo);
  const parsed = useMemo(() => fromFeel(feel), [feel]);
  const [raw, setRaw] = useState(parsed === null);
  const [model, setModel] = useState<ConditionModel>(parsed ?? { join: 'and', clauses: [] });
  // Undo/redo or the Advanced tab changed it: read again unless a half-filled row is being edited.
  useEffect(() => {
    const again = fromFeel(readCondition(bo));
    if (again === null) setRaw(true);
    else setModel((m) => (toFeel(m, typeOf) === toFeel(again, typeOf) ? m : again));
  }, [bo, rev]);
  const typeOf = (path: string): ValueType => fields.find((f) => f.path === path)?.type ?? 'string';

  if (!isDecision(source)) return <p className="f-field__hint">{t('flow.noSource')}</p>;
  const isDefault = source.businessObject.default === bo;
  const write = (next: ConditionModel): void => {
    setModel(next);
    const text = toFeel(next, typeOf);
    if (text !== feel) writeCondition(bo, text, editorFor(ctx.modeler, element));
  };
  const setClause = (i: number, patch: Partial<Clause>): void =>
    write({ ...model, clauses: model.clauses.map((c, j) => (j === i ? { ...c, ...patch } : c)) });

  return (
    <fieldset className="f-group" data-section="condition">
      <legend className="f-group__title">
        <Icon name="branch" size={18} /> {t('flow.condition')}
      </legend>
      <CheckField
        label={t('flow.isDefault')}
        name="flow-default"
        checked={isDefault}
        onChange={(on) => {
          const modeling = ctx.modeler.get('modeling');
          if (on) {
            writeCondition(bo, '', editorFor(ctx.modeler, element));
            modeling.updateProperties(source, { default: bo });
          } else modeling.updateProperties(source, { default: undefined });
        }}
      />
      {!isDefault && raw && (
        <>
          <CommitField
            label={t('flow.raw')}
            hint={t('flow.rawHint')}
            name="flow-feel"
            mono
            value={feel}
            onCommit={(text) =>
              writeCondition(
                bo,
                text.trim() && !text.trim().startsWith('=') ? `=${text.trim()}` : text.trim(),
                editorFor(ctx.modeler, element),
              )
            }
          />
          {fromFeel(feel) !== null && (
            <Button variant="ghost" onClick={() => setRaw(false)}>
              {t('flow.useBuilder')}
            </Button>
          )}
        </>
      )}
      {!isDefault && !raw && (
        <>
          {ctx.fields.length === 0 && <p className="f-field__hint">{t('flow.pickForm')}</p>}
          {model.clauses.length > 1 && (
            <SelectField
              label={t('flow.condition')}
              name="flow-join"
              value={model.join}
              onChange={(e) => write({ ...model, join: e.target.value as 'and' | 'or' })}
            >
              <option value="and">{t('flow.join.and')}</option>
              <option value="or">{t('flow.join.or')}</option>
            </SelectField>
          )}
          <ol className="f-clauses">
            {model.clauses.map((clause, i) => {
              const field = fields.find((f) => f.path === clause.field);
              const ops = opsForType(field?.type ?? 'string');
              return (
                <li key={i} className="f-clause" data-clause={i}>
                  <SelectField
                    label={t('flow.field')}
                    name={`clause-field-${i}`}
                    value={clause.field}
                    onChange={(e) => {
                      const next = fields.find((f) => f.path === e.target.value);
                      const nextOps = opsForType(next?.type ?? 'string');
                      setClause(i, {
                        field: e.target.value,
                        op: nextOps.includes(clause.op) ? clause.op : nextOps[0]!,
                      });
                    }}
                  >
                    {!field && <option value={clause.field}>{clause.field}</option>}
                    {fields.map((f) => (
                      <option key={f.path} value={f.path}>
                        {f.label}
                      </option>
                    ))}
                  </SelectField>
                  <SelectField
                    label={t('flow.op')}
                    name={`clause-op-${i}`}
                    value={clause.op}
                    onChange={(e) => setClause(i, { op: e.target.value as ClauseOp })}
                  >
                    {ops.map((op) => (
                      <option key={op} value={op}>
                        {t(`op.${op}`)}
                      </option>
                    ))}
                  </SelectField>
                  {takesValue(clause.op) && field?.options && (
                    <SelectField
                      label={t('flow.value')}
                      name={`clause-value-${i}`}
                      value={clause.value ?? ''}
                      onChange={(e) => setClause(i, { value: e.target.value })}
                    >
                      <option value="" />
                      {field.options.map((o) => (
                        <option key={o.value} value={o.value}>
                          {o.label}
                        </option>
                      ))}
                    </SelectField>
                  )}
                  {takesValue(clause.op) && !field?.options && (
                    <CommitField
                      label={t('flow.value')}
                      name={`clause-value-${i}`}
                      value={clause.value ?? ''}
                      onCommit={(value) => setClause(i, { value })}
                    />
                  )}
                  <IconButton
                    icon="trash"
                    danger
                    className="f-clause__remove"
                    label={t('flow.removeClause', { n: i + 1 })}
                    onClick={() => write({ ...model, clauses: model.clauses.filter((_, j) => j !== i) })}
                  />
                </li>
              );
            })}
          </ol>
          <div className="f-form-actions">
            <Button
              icon="plus"
              onClick={() => {
                const first = fields[0];
                if (!first) return;
                setModel({
                  ...model,
                  clauses: [
                    ...model.clauses,
                    { field: first.path, op: opsForType(first.type)[0]!, value: '' },
                  ],
                });
              }}
            >
              {t('flow.addClause')}
            </Button>
            <Button variant="ghost" onClick={() => setRaw(true)}>
              {t('flow.useRaw')}
            </Button>
          </div>
        </>
      )}
    </fieldset>
  );
}
