// The properties of the selected field, in the analyst's terms: labels in both languages, required,
// limits, pattern, options, help, default, sensitive, a calculated value, and "show only when …".
// Problems appear at the property they concern: the designer's own checks as you type, and the
// server's publish-time rules.
import { useMemo } from 'react';
import { format, type Translate } from '#designer/i18n/define.ts';
import { useMessages } from '#designer/i18n/react.tsx';
import { Button, Icon, TextField } from '#designer/ui/index.ts';
import { formDesignerMessages, type FormDesignerKey } from '../messages.ts';
import { checkField } from '../model/checks.ts';
import { opsFor, opTakesValue } from '../model/conditions.ts';
import { canHold, flatten, keyFromLabel, type Located } from '../model/ops.ts';
import type { FieldProp } from '../model/pointers.ts';
import {
  TEXT_FORMATS,
  type Condition,
  type ConditionOp,
  type DesignField,
  type DesignForm,
  type LocalizedText,
  type OptionItem,
  type TextFormat,
} from '../model/types.ts';
import { useFieldLabel } from './Canvas.tsx';
import { CheckField, SelectField, TextAreaField } from './inputs.tsx';

export interface PanelProblem {
  prop?: FieldProp | undefined;
  message: string;
}

type T = Translate<FormDesignerKey>;

/** A text of the catalog in both languages (for values saved in the definition). */
export function bothLanguages(key: FormDesignerKey, params?: Record<string, string | number>): LocalizedText {
  return {
    en: format(formDesignerMessages.en[key], params),
    'zh-CN': format(formDesignerMessages['zh-CN'][key], params),
  };
}

export function PropertyPanel({
  form,
  located,
  problems,
  onChange,
  onMoveTo,
  onClose,
}: {
  form: DesignForm;
  located: Located | null;
  problems: PanelProblem[];
  onChange(patch: Partial<DesignField>): void;
  onMoveTo(container: string | null): void;
  onClose(): void;
}) {
  const t = useMessages(formDesignerMessages);
  if (!located)
    return (
      <aside className="f-props f-props--empty" aria-label={t('properties')}>
        <p>{t('noSelection')}</p>
      </aside>
    );
  return (
    <aside className="f-props" aria-labelledby="f-props-title" data-field={located.path}>
      <div className="f-props__head">
        <h2 className="f-props__title" id="f-props-title">
          {t('properties')}
        </h2>
        <Button variant="primary" className="f-props__done" onClick={onClose}>
          {t('close')}
        </Button>
      </div>
      <FieldProperties
        key={located.field.uid}
        form={form}
        located={located}
        problems={problems}
        onChange={onChange}
        onMoveTo={onMoveTo}
        t={t}
      />
    </aside>
  );
}

function FieldProperties({
  form,
  located,
  problems,
  onChange,
  onMoveTo,
  t,
}: {
  form: DesignForm;
  located: Located;
  problems: PanelProblem[];
  onChange(patch: Partial<DesignField>): void;
  onMoveTo(container: string | null): void;
  t: T;
}) {
  const { field, siblings, parent } = located;
  const local = checkField(field, siblings);
  const errorOf = (prop: FieldProp): string | undefined => {
    const mine = local[prop];
    if (mine) return t(mine);
    const server = problems.filter((p) => p.prop === prop).map((p) => p.message);
    return server.length ? server.join(' ') : undefined;
  };
  const general = problems.filter((p) => !p.prop || !SHOWN_PROPS.has(p.prop));
  const inTable = parent?.kind === 'table';
  const setLabel = (label: LocalizedText): void => {
    // A field still named after its old label follows the new English label.
    const auto = keyFromLabel(field.label.en);
    const next = keyFromLabel(label.en);
    const follow = !!field.fresh && (field.key === auto || (auto === '' && /^[a-z]+[0-9]*$/.test(field.key)));
    const free = next && !siblings.some((f) => f.uid !== field.uid && f.key === next);
    onChange(follow && free ? { label, key: next } : { label });
  };

  if (field.kind === 'custom')
    return (
      <div className="f-props__body">
        <LabelInputs label={field.label} error={errorOf('label')} onChange={setLabel} t={t} />
        <p className="f-props__note">{t('prop.customHint')}</p>
        <pre className="f-props__raw">{JSON.stringify(field.raw?.schema ?? {}, null, 2)}</pre>
      </div>
    );

  return (
    <div className="f-props__body">
      {general.length > 0 && (
        <ul className="f-props__problems" role="alert">
          {general.map((p, i) => (
            <li key={i}>{p.message}</li>
          ))}
        </ul>
      )}
      <LabelInputs label={field.label} error={errorOf('label')} onChange={setLabel} t={t} />
      <TextField
        label={t('prop.key')}
        hint={t('prop.keyHint')}
        name="field-key"
        value={field.key}
        error={errorOf('key')}
        autoCapitalize="off"
        spellCheck={false}
        onChange={(e) => onChange({ key: e.target.value.trim() })}
      />
      {field.kind !== 'section' && (
        <CheckField
          label={t('prop.required')}
          name="field-required"
          checked={field.required}
          error={errorOf('required')}
          disabled={!!field.computed}
          onChange={(required) => onChange({ required })}
        />
      )}
      <Bounds field={field} errorOf={errorOf} onChange={onChange} t={t} />
      {(field.kind === 'text' || field.kind === 'longText') && (
        <TextField
          label={t('prop.pattern')}
          hint={t('prop.patternHint')}
          name="field-pattern"
          value={field.pattern ?? ''}
          error={errorOf('pattern')}
          spellCheck={false}
          autoCapitalize="off"
          onChange={(e) => onChange({ pattern: e.target.value || undefined })}
        />
      )}
      {field.kind === 'text' && (
        <SelectField
          label={t('prop.format')}
          name="field-format"
          value={field.format ?? ''}
          error={errorOf('format')}
          onChange={(e) => onChange({ format: (e.target.value || undefined) as TextFormat | undefined })}
        >
          <option value="">{t('format.none')}</option>
          {TEXT_FORMATS.map((f) => (
            <option key={f} value={f}>
              {t(`format.${f}`)}
            </option>
          ))}
        </SelectField>
      )}
      {field.kind === 'number' && (
        <CheckField
          label={t('prop.integer')}
          checked={!!field.integer}
          onChange={(integer) => onChange({ integer: integer || undefined })}
        />
      )}
      {(field.kind === 'select' || field.kind === 'multiSelect') && (
        <OptionsEditor
          options={field.options ?? []}
          error={errorOf('options')}
          onChange={(options) => onChange({ options })}
          t={t}
        />
      )}
      <DefaultInput field={field} error={errorOf('default')} onChange={onChange} t={t} />
      {(field.kind === 'number' || field.kind === 'money') && (
        <TextField
          label={t('prop.computed')}
          hint={t('prop.computedHint')}
          name="field-computed"
          className="f-mono"
          value={field.computed ?? ''}
          error={errorOf('computed')}
          spellCheck={false}
          autoCapitalize="off"
          onChange={(e) =>
            onChange({
              computed: e.target.value || undefined,
              ...(e.target.value ? { required: false } : {}),
            })
          }
        />
      )}
      <HelpInputs help={field.help} error={errorOf('help')} onChange={(help) => onChange({ help })} t={t} />
      {!inTable && !['section', 'table'].includes(field.kind) && (
        <CheckField
          label={t('prop.sensitive')}
          hint={t('prop.sensitiveHint')}
          checked={!!field.sensitive}
          error={errorOf('sensitive')}
          onChange={(sensitive) => onChange({ sensitive: sensitive || undefined })}
        />
      )}
      <ConditionEditor
        field={field}
        siblings={siblings}
        error={errorOf('visibleWhen')}
        onChange={onChange}
        t={t}
      />
      <ContainerPicker form={form} located={located} onMoveTo={onMoveTo} t={t} />
    </div>
  );
}

const SHOWN_PROPS = new Set<FieldProp>([
  'key',
  'label',
  'help',
  'options',
  'min',
  'max',
  'pattern',
  'format',
  'default',
  'sensitive',
  'computed',
  'visibleWhen',
  'required',
]);

function LabelInputs({
  label,
  error,
  onChange,
  t,
}: {
  label: LocalizedText;
  error: string | undefined;
  onChange(label: LocalizedText): void;
  t: T;
}) {
  return (
    <div className="f-props__pair">
      <TextField
        label={t('prop.labelEn')}
        name="label-en"
        value={label.en}
        error={error && !label.en.trim() ? error : undefined}
        onChange={(e) => onChange({ ...label, en: e.target.value })}
      />
      <TextField
        label={t('prop.labelZh')}
        name="label-zh"
        lang="zh-CN"
        value={label['zh-CN']}
        error={error && (label.en.trim() ? error : undefined)}
        onChange={(e) => onChange({ ...label, 'zh-CN': e.target.value })}
      />
    </div>
  );
}

function HelpInputs({
  help,
  error,
  onChange,
  t,
}: {
  help: LocalizedText | undefined;
  error: string | undefined;
  onChange(help: LocalizedText | undefined): void;
  t: T;
}) {
  const value = help ?? { en: '', 'zh-CN': '' };
  const set = (next: LocalizedText): void => onChange(next.en || next['zh-CN'] ? next : undefined);
  return (
    <div className="f-props__pair">
      <TextAreaField
        label={t('prop.helpEn')}
        name="help-en"
        rows={2}
        value={value.en}
        error={error}
        onChange={(e) => set({ ...value, en: e.target.value })}
      />
      <TextAreaField
        label={t('prop.helpZh')}
        name="help-zh"
        lang="zh-CN"
        rows={2}
        value={value['zh-CN']}
        onChange={(e) => set({ ...value, 'zh-CN': e.target.value })}
      />
    </div>
  );
}

function Bounds({
  field,
  errorOf,
  onChange,
  t,
}: {
  field: DesignField;
  errorOf(prop: FieldProp): string | undefined;
  onChange(patch: Partial<DesignField>): void;
  t: T;
}) {
  const labels = ((): [FormDesignerKey, FormDesignerKey] | null => {
    switch (field.kind) {
      case 'text':
      case 'longText':
        return ['prop.minLength', 'prop.maxLength'];
      case 'number':
        return ['prop.min', 'prop.max'];
      case 'money':
        return ['prop.minAmount', 'prop.maxAmount'];
      case 'table':
        return ['prop.minRows', 'prop.maxRows'];
      case 'multiSelect':
        return ['prop.minChoices', 'prop.maxChoices'];
      default:
        return null;
    }
  })();
  if (!labels) return null;
  const mode = field.kind === 'money' ? 'decimal' : 'numeric';
  return (
    <div className="f-props__pair">
      <TextField
        label={t(labels[0])}
        name="field-min"
        inputMode={mode}
        value={field.min ?? ''}
        error={errorOf('min')}
        onChange={(e) => onChange({ min: e.target.value || undefined })}
      />
      <TextField
        label={t(labels[1])}
        name="field-max"
        inputMode={mode}
        value={field.max ?? ''}
        error={errorOf('max')}
        onChange={(e) => onChange({ max: e.target.value || undefined })}
      />
    </div>
  );
}

function OptionsEditor({
  options,
  error,
  onChange,
  t,
}: {
  options: OptionItem[];
  error: string | undefined;
  onChange(options: OptionItem[]): void;
  t: T;
}) {
  const set = (i: number, patch: Partial<OptionItem>): void =>
    onChange(options.map((o, j) => (j === i ? { ...o, ...patch } : o)));
  const move = (i: number, delta: number): void => {
    const copy = [...options];
    const [item] = copy.splice(i, 1);
    copy.splice(i + delta, 0, item!);
    onChange(copy);
  };
  return (
    <fieldset className={`f-options${error ? ' f-field--invalid' : ''}`}>
      <legend className="f-field__label">{t('prop.options')}</legend>
      <div className="f-options__head" aria-hidden="true">
        <span>{t('prop.optionValue')}</span>
        <span>{t('prop.optionEn')}</span>
        <span>{t('prop.optionZh')}</span>
      </div>
      <ol className="f-options__list">
        {options.map((option, i) => (
          <li key={i} className="f-options__row" data-option={i}>
            <input
              className="f-input f-mono"
              aria-label={`${t('prop.optionValue')} ${i + 1}`}
              value={option.value}
              spellCheck={false}
              autoCapitalize="off"
              onChange={(e) => set(i, { value: e.target.value })}
            />
            <input
              className="f-input"
              aria-label={`${t('prop.optionEn')} ${i + 1}`}
              value={option.label.en}
              onChange={(e) => set(i, { label: { ...option.label, en: e.target.value } })}
            />
            <input
              className="f-input"
              lang="zh-CN"
              aria-label={`${t('prop.optionZh')} ${i + 1}`}
              value={option.label['zh-CN']}
              onChange={(e) => set(i, { label: { ...option.label, 'zh-CN': e.target.value } })}
            />
            <span className="f-options__tools">
              <button
                type="button"
                className="f-iconbtn"
                aria-label={`${t('moveUp')} ${i + 1}`}
                disabled={i === 0}
                onClick={() => move(i, -1)}
              >
                <Icon name="up" size={16} />
              </button>
              <button
                type="button"
                className="f-iconbtn f-iconbtn--danger"
                aria-label={t('prop.removeOption', { n: i + 1 })}
                onClick={() => onChange(options.filter((_, j) => j !== i))}
              >
                <Icon name="close" size={16} />
              </button>
            </span>
          </li>
        ))}
      </ol>
      {error && <p className="f-field__error">{error}</p>}
      <Button
        variant="ghost"
        icon="plus"
        onClick={() => {
          const n = options.length + 1;
          let value = `option${n}`;
          for (let k = n; options.some((o) => o.value === value); k++) value = `option${k + 1}`;
          onChange([...options, { value, label: bothLanguages('prop.newOption', { n }) }]);
        }}
      >
        {t('prop.addOption')}
      </Button>
    </fieldset>
  );
}

function DefaultInput({
  field,
  error,
  onChange,
  t,
}: {
  field: DesignField;
  error: string | undefined;
  onChange(patch: Partial<DesignField>): void;
  t: T;
}) {
  const labelOf = useFieldLabel();
  const value = field.default;
  switch (field.kind) {
    case 'text':
    case 'longText':
    case 'money':
    case 'date':
      return (
        <TextField
          label={t('prop.default')}
          name="field-default"
          type={field.kind === 'date' ? 'date' : 'text'}
          inputMode={field.kind === 'money' ? 'decimal' : undefined}
          value={typeof value === 'string' ? value : ''}
          error={error}
          onChange={(e) => onChange({ default: e.target.value || undefined })}
        />
      );
    case 'number':
      return (
        <TextField
          label={t('prop.default')}
          name="field-default"
          inputMode="decimal"
          value={typeof value === 'number' ? String(value) : ''}
          error={error}
          onChange={(e) => {
            const n = Number(e.target.value);
            onChange({ default: e.target.value.trim() !== '' && Number.isFinite(n) ? n : undefined });
          }}
        />
      );
    case 'select':
      return (
        <SelectField
          label={t('prop.default')}
          name="field-default"
          value={typeof value === 'string' ? value : ''}
          error={error}
          onChange={(e) => onChange({ default: e.target.value || undefined })}
        >
          <option value="">{t('prop.defaultNone')}</option>
          {(field.options ?? []).map((o) => (
            <option key={o.value} value={o.value}>
              {labelOf(o.label)}
            </option>
          ))}
        </SelectField>
      );
    case 'checkbox':
      return (
        <SelectField
          label={t('prop.default')}
          name="field-default"
          value={value === true ? 'true' : value === false ? 'false' : ''}
          error={error}
          onChange={(e) =>
            onChange({ default: e.target.value === '' ? undefined : e.target.value === 'true' })
          }
        >
          <option value="">{t('prop.defaultNone')}</option>
          <option value="true">{t('yes')}</option>
          <option value="false">{t('no')}</option>
        </SelectField>
      );
    default:
      return null;
  }
}

function ConditionEditor({
  field,
  siblings,
  error,
  onChange,
  t,
}: {
  field: DesignField;
  siblings: DesignField[];
  error: string | undefined;
  onChange(patch: Partial<DesignField>): void;
  t: T;
}) {
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

function ContainerPicker({
  form,
  located,
  onMoveTo,
  t,
}: {
  form: DesignForm;
  located: Located;
  onMoveTo(container: string | null): void;
  t: T;
}) {
  const labelOf = useFieldLabel();
  const containers = useMemo(
    () =>
      flatten(form.fields)
        .filter(
          (e) =>
            (e.field.kind === 'section' || e.field.kind === 'table') && e.field.uid !== located.field.uid,
        )
        .filter((e) => canHold(e.field, located.field.kind))
        .filter((e) => !e.path.startsWith(`${located.path}.`)),
    [form.fields, located],
  );
  if (containers.length === 0 && !located.parent) return null;
  return (
    <SelectField
      label={t('prop.container')}
      name="field-container"
      value={located.parent?.uid ?? ''}
      onChange={(e) => onMoveTo(e.target.value || null)}
    >
      <option value="">{t('prop.containerTop')}</option>
      {containers.map((e) => (
        <option key={e.field.uid} value={e.field.uid}>
          {labelOf(e.field.label)}
        </option>
      ))}
    </SelectField>
  );
}
