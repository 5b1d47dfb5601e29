// The properties of the selected field, in the analyst's terms: labels in both languages, required,
// limits, pattern, options, help, default, sensitive, a calculated value, and "show only when …".
// Problems appear at the property they concern: the designer's own checks as you type, and the
// server's publish-time rules. On a phone the panel is a sheet over the form, closed with Done.
import { useMessages } from '#designer/i18n/react.tsx';
import { Button, TextField } from '#designer/ui/index.ts';
import { CheckField, LocalizedTextField, SelectField } from '#designer/ui/kit/index.ts';
import { formDesignerMessages } from '../../messages.ts';
import { checkField } from '../../model/checks.ts';
import { keyFromLabel, type Located } from '../../model/ops.ts';
import type { FieldProp } from '../../model/pointers.ts';
import {
  TEXT_FORMATS,
  type DesignField,
  type DesignForm,
  type LocalizedText,
  type TextFormat,
} from '../../model/types.ts';
import { Bounds } from './Bounds.tsx';
import { ConditionEditor } from './ConditionEditor.tsx';
import { ContainerPicker } from './ContainerPicker.tsx';
import { DefaultInput } from './DefaultInput.tsx';
import { OptionsEditor } from './OptionsEditor.tsx';
import { DateRangeLabels, DurationEditor } from './RangeAndDuration.tsx';
import './properties.css';

export interface PanelProblem {
  prop?: FieldProp | undefined;
  message: string;
}

/** The properties this panel shows at their input; the server's other problems are listed on top. */
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
}: {
  form: DesignForm;
  located: Located;
  problems: PanelProblem[];
  onChange(patch: Partial<DesignField>): void;
  onMoveTo(container: string | null): void;
}) {
  const t = useMessages(formDesignerMessages);
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
  const labelInputs = (
    <div className="f-props__pair">
      <LocalizedTextField
        label={t('prop.label')}
        name="label"
        value={field.label}
        error={errorOf('label')}
        onChange={setLabel}
      />
    </div>
  );

  if (field.kind === 'custom')
    return (
      <div className="f-props__body">
        {labelInputs}
        <p className="f-props__note">{t('prop.customHint')}</p>
        <pre className="f-props__raw">{JSON.stringify(field.raw?.schema ?? {}, null, 2)}</pre>
      </div>
    );

  const help = field.help ?? { en: '', 'zh-CN': '' };
  return (
    <div className="f-props__body">
      {general.length > 0 && (
        <ul className="f-props__problems" role="alert">
          {general.map((p, i) => (
            <li key={i}>{p.message}</li>
          ))}
        </ul>
      )}
      {labelInputs}
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
          disabled={!!field.computed || field.kind === 'duration'}
          onChange={(required) => onChange({ required })}
        />
      )}
      {field.kind === 'dateRange' && <DateRangeLabels field={field} onChange={onChange} />}
      {field.kind === 'duration' && <DurationEditor form={form} field={field} onChange={onChange} />}
      <Bounds field={field} errorOf={errorOf} onChange={onChange} />
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
        />
      )}
      <DefaultInput field={field} error={errorOf('default')} onChange={onChange} />
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
      <div className="f-props__pair">
        <LocalizedTextField
          label={t('prop.help')}
          name="help"
          rows={2}
          value={help}
          errors={{ en: errorOf('help') }}
          onChange={(next) => onChange({ help: next.en || next['zh-CN'] ? next : undefined })}
        />
      </div>
      {!inTable && !['section', 'table'].includes(field.kind) && (
        <CheckField
          label={t('prop.sensitive')}
          hint={t('prop.sensitiveHint')}
          checked={!!field.sensitive}
          error={errorOf('sensitive')}
          onChange={(sensitive) => onChange({ sensitive: sensitive || undefined })}
        />
      )}
      <ConditionEditor field={field} siblings={siblings} error={errorOf('visibleWhen')} onChange={onChange} />
      <ContainerPicker form={form} located={located} onMoveTo={onMoveTo} />
    </div>
  );
}
