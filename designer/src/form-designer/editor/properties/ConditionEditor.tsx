// "Show only when …": another field of the same level, an operator its kind allows, and the value
// (typed, chosen from its options, or several of them).
import { useMessages } from '#designer/i18n/react.tsx';
import { Button, Icon, TextField } from '#designer/ui/index.ts';
import { CheckField, SelectField } from '#designer/ui/kit/index.ts';
import { formDesignerMessages } from '../../messages.ts';
import { opsFor, opTakesValue } from '../../model/conditions.ts';
import type { Condition, ConditionOp, DesignField } from '../../model/types.ts';
import { useFieldLabel } from '../Canvas.tsx';

export function ConditionEditor({
  field,
  siblings,
  error,
  onChange,
}: {
  field: DesignField;
  siblings: DesignField[];
  error: string | undefined;
  onChange(patch: Partial<DesignField>): void;
}) {
  const t = useMessages(formDesignerMessages);
  const labelOf = useFieldLabel();
  const candidates = siblings.filter(
    (f) => f.uid !== field.uid && f.kind !== 'section' && f.kind !== 'custom',
  );
  const cond = field.visibleWhen;
  const target = cond ? candidates.find((f) => f.key === cond.field) : undefined;
  const set = (next: Condition | undefined): void => onChange({ visibleWhen: next });
  const start = (): void => {
    const first = candidates[0];
    if (!first) return;
    const op = opsFor(first.kind)[0]!;
    set({ field: first.key, op, ...(opTakesValue(op) === 'one' ? { value: '' } : {}) });
  };
  const shape = cond ? opTakesValue(cond.op) : 'none';
  return (
    <fieldset className={`f-cond${error ? ' f-field--invalid' : ''}`}>
      <legend className="f-field__label">
        <Icon name="eye" size={16} /> {t('prop.visibleWhen')}
      </legend>
      {!cond && candidates.length === 0 && <p className="f-field__hint">{t('prop.condNoFields')}</p>}
      {!cond && candidates.length > 0 && (
        <Button variant="secondary" icon="plus" onClick={start}>
          {t('prop.addCondition')}
        </Button>
      )}
      {cond && (
        <>
          <div className="f-cond__row">
            <SelectField
              label={t('prop.condField')}
              name="cond-field"
              value={cond.field}
              onChange={(e) => {
                const next = candidates.find((f) => f.key === e.target.value);
                if (!next) return;
                const ops = opsFor(next.kind);
                const op = ops.includes(cond.op) ? cond.op : ops[0]!;
                set({
                  field: next.key,
                  op,
                  ...(opTakesValue(op) !== 'none' ? { value: opTakesValue(op) === 'many' ? [] : '' } : {}),
                });
              }}
            >
              {!target && <option value={cond.field}>{cond.field}</option>}
              {candidates.map((f) => (
                <option key={f.uid} value={f.key}>
                  {labelOf(f.label)}
                </option>
              ))}
            </SelectField>
            <SelectField
              label={t('prop.condOp')}
              name="cond-op"
              value={cond.op}
              onChange={(e) => {
                const op = e.target.value as ConditionOp;
                const kind = opTakesValue(op);
                const value =
                  kind === 'none'
                    ? undefined
                    : kind === 'many'
                      ? Array.isArray(cond.value)
                        ? cond.value
                        : cond.value
                          ? [cond.value]
                          : []
                      : Array.isArray(cond.value)
                        ? (cond.value[0] ?? '')
                        : (cond.value ?? '');
                set({ field: cond.field, op, ...(value !== undefined ? { value } : {}) });
              }}
            >
              {opsFor(target?.kind ?? 'text').map((op) => (
                <option key={op} value={op}>
                  {t(`op.${op}`)}
                </option>
              ))}
            </SelectField>
          </div>
          {shape === 'one' && target?.kind === 'select' && (
            <SelectField
              label={t('prop.condValue')}
              name="cond-value"
              value={typeof cond.value === 'string' ? cond.value : ''}
              onChange={(e) => set({ ...cond, value: e.target.value })}
            >
              <option value="" />
              {(target.options ?? []).map((o) => (
                <option key={o.value} value={o.value}>
                  {labelOf(o.label)}
                </option>
              ))}
            </SelectField>
          )}
          {shape === 'one' && target?.kind !== 'select' && (
            <TextField
              label={t('prop.condValue')}
              name="cond-value"
              type={target?.kind === 'date' ? 'date' : 'text'}
              inputMode={target?.kind === 'number' || target?.kind === 'money' ? 'decimal' : undefined}
              value={typeof cond.value === 'string' ? cond.value : ''}
              error={error}
              onChange={(e) => set({ ...cond, value: e.target.value })}
            />
          )}
          {shape === 'many' && (
            <div className="f-cond__many" role="group" aria-label={t('prop.condValue')}>
              {(target?.options ?? []).map((o) => {
                const list = Array.isArray(cond.value) ? cond.value : [];
                return (
                  <CheckField
                    key={o.value}
                    label={labelOf(o.label)}
                    checked={list.includes(o.value)}
                    onChange={(on) =>
                      set({ ...cond, value: on ? [...list, o.value] : list.filter((v) => v !== o.value) })
                    }
                  />
                );
              })}
            </div>
          )}
          {shape !== 'one' && error && <p className="f-field__error">{error}</p>}
          <Button variant="ghost" icon="close" onClick={() => set(undefined)}>
            {t('prop.removeCondition')}
          </Button>
        </>
      )}
    </fieldset>
  );
}
