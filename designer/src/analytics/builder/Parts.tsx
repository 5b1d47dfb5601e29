// The builder's lists of parts — filters, group levels, measures — each a row of pickers with a
// remove button, and a button that adds one. Fields come from the chosen source (labels in the
// reader's language); measures other than count take a number field, a calculated one a formula
// over the other measures' column names.
import { useLocalized, useMessages } from '../../i18n/react.tsx';
import { Button } from '../../ui/index.ts';
import { IconButton, Section, SelectField, type Option } from '../../ui/kit/index.ts';
import { TextField } from '../../ui/index.ts';
import { analyticsMessages } from '../messages.ts';
import type { BuilderState, Bucket, FilterOp, MeasureOp, SourceField } from './draft.ts';

type Change = (next: Partial<BuilderState>) => void;

const FILTER_OPS: FilterOp[] = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'startsWith', 'in'];
const BUCKETS: Bucket[] = ['', 'day', 'week', 'month', 'quarter', 'year'];
const MEASURE_OPS: MeasureOp[] = ['sum', 'count', 'avg', 'min', 'max', 'distinct', 'calc'];

function useFieldOptions(fields: SourceField[], only?: SourceField['type']): Option[] {
  const localized = useLocalized();
  return fields
    .filter((f) => !only || f.type === only)
    .map((f) => ({ value: f.path, label: localized(f.label) }));
}

export function FiltersPart({
  state,
  fields,
  onChange,
}: {
  state: BuilderState;
  fields: SourceField[];
  onChange: Change;
}) {
  const t = useMessages(analyticsMessages);
  const options = useFieldOptions(fields);
  const set = (i: number, part: Partial<BuilderState['filters'][number]>) =>
    onChange({ filters: state.filters.map((f, k) => (k === i ? { ...f, ...part } : f)) });
  return (
    <Section title={t('builder.filters')} icon="search">
      {state.filters.map((f, i) => (
        <div className="fa-builder__row" key={i} data-part="filter">
          <SelectField
            label={t('builder.field')}
            name={`filter-field-${i}`}
            value={f.field}
            options={options}
            onChange={(e) => set(i, { field: e.target.value })}
          />
          <SelectField
            label={t('builder.op')}
            name={`filter-op-${i}`}
            value={f.op}
            options={FILTER_OPS.map((op) => ({ value: op, label: t(`builder.filter.${op}`) }))}
            onChange={(e) => set(i, { op: e.target.value as FilterOp })}
          />
          <TextField
            label={t('builder.value')}
            name={`filter-value-${i}`}
            value={f.value}
            onChange={(e) => set(i, { value: e.target.value })}
          />
          <IconButton
            icon="trash"
            label={t('builder.remove')}
            onClick={() => onChange({ filters: state.filters.filter((_, k) => k !== i) })}
          />
        </div>
      ))}
      <Button
        icon="plus"
        variant="ghost"
        onClick={() =>
          onChange({ filters: [...state.filters, { field: fields[0]?.path ?? '', op: 'eq', value: '' }] })
        }
      >
        {t('builder.addFilter')}
      </Button>
    </Section>
  );
}

export function GroupsPart({
  state,
  fields,
  onChange,
}: {
  state: BuilderState;
  fields: SourceField[];
  onChange: Change;
}) {
  const t = useMessages(analyticsMessages);
  const options = useFieldOptions(fields);
  const set = (i: number, part: Partial<BuilderState['groups'][number]>) =>
    onChange({ groups: state.groups.map((g, k) => (k === i ? { ...g, ...part } : g)) });
  return (
    <Section title={t('builder.groups')} icon="section">
      {state.groups.map((g, i) => {
        const isDate = fields.find((f) => f.path === g.field)?.type === 'date';
        return (
          <div className="fa-builder__row" key={i} data-part="group">
            <SelectField
              label={`${t('builder.field')} ${i + 1}`}
              name={`group-field-${i}`}
              value={g.field}
              options={options}
              onChange={(e) => set(i, { field: e.target.value, bucket: '' })}
            />
            {isDate && (
              <SelectField
                label={t('builder.bucket')}
                name={`group-bucket-${i}`}
                value={g.bucket}
                options={BUCKETS.map((b) => ({ value: b, label: t(`builder.bucket.${b || 'none'}`) }))}
                onChange={(e) => set(i, { bucket: e.target.value as Bucket })}
              />
            )}
            <IconButton
              icon="trash"
              label={t('builder.remove')}
              onClick={() => onChange({ groups: state.groups.filter((_, k) => k !== i) })}
            />
          </div>
        );
      })}
      <Button
        icon="plus"
        variant="ghost"
        onClick={() => onChange({ groups: [...state.groups, { field: fields[0]?.path ?? '', bucket: '' }] })}
      >
        {t('builder.addGroup')}
      </Button>
    </Section>
  );
}

export function MeasuresPart({
  state,
  fields,
  onChange,
}: {
  state: BuilderState;
  fields: SourceField[];
  onChange: Change;
}) {
  const t = useMessages(analyticsMessages);
  const numbers = useFieldOptions(fields, 'number');
  const all = useFieldOptions(fields);
  const set = (i: number, part: Partial<BuilderState['measures'][number]>) =>
    onChange({ measures: state.measures.map((m, k) => (k === i ? { ...m, ...part } : m)) });
  return (
    <Section title={t('builder.measures')} icon="number">
      {state.measures.map((m, i) => (
        <div className="fa-builder__row" key={i} data-part="measure">
          <SelectField
            label={t('builder.measureOp')}
            name={`measure-op-${i}`}
            value={m.op}
            options={MEASURE_OPS.map((op) => ({ value: op, label: t(`builder.op.${op}`) }))}
            onChange={(e) => {
              const op = e.target.value as MeasureOp;
              const choices = op === 'distinct' ? all : numbers;
              set(i, {
                op,
                field:
                  op === 'count' || op === 'calc'
                    ? ''
                    : choices.some((c) => c.value === m.field)
                      ? m.field
                      : (choices[0]?.value ?? ''),
              });
            }}
          />
          {m.op === 'calc' && (
            <TextField
              label={t('builder.expression')}
              name={`measure-expression-${i}`}
              value={m.expression ?? ''}
              onChange={(e) => set(i, { expression: e.target.value })}
            />
          )}
          {m.op !== 'count' && m.op !== 'calc' && (
            <SelectField
              label={t('builder.field')}
              name={`measure-field-${i}`}
              value={m.field}
              options={m.op === 'distinct' ? all : numbers}
              onChange={(e) => set(i, { field: e.target.value })}
            />
          )}
          <TextField
            label={t('builder.measureName')}
            name={`measure-name-${i}`}
            value={m.name ?? ''}
            pattern="[A-Za-z_][A-Za-z0-9_]*"
            required={m.op === 'calc'}
            onChange={(e) => set(i, { name: e.target.value })}
          />
          <IconButton
            icon="trash"
            label={t('builder.remove')}
            onClick={() => onChange({ measures: state.measures.filter((_, k) => k !== i) })}
          />
        </div>
      ))}
      <Button
        icon="plus"
        variant="ghost"
        onClick={() =>
          onChange({ measures: [...state.measures, { op: 'sum', field: numbers[0]?.value ?? '' }] })
        }
      >
        {t('builder.addMeasure')}
      </Button>
    </Section>
  );
}
