// Properties of the two date helpers: a date range's part labels, and what a duration counts
// between which dates (picked from the form's dates — the FEEL is generated, never typed).
import { useLocale, useMessages } from '#designer/i18n/react.tsx';
import { LocalizedTextField, SelectField } from '#designer/ui/kit/index.ts';
import { rulesMessages } from '../../rules-messages.ts';
import { dateChoices, durationExpression } from '../../model/rules.ts';
import {
  DURATION_UNITS,
  rangeLabelsOf,
  type DesignField,
  type DesignForm,
  type Duration,
  type DurationUnit,
} from '../../model/types.ts';

export function DateRangeLabels({
  field,
  onChange,
}: {
  field: DesignField;
  onChange(patch: Partial<DesignField>): void;
}) {
  const t = useMessages(rulesMessages);
  const labels = rangeLabelsOf(field);
  return (
    <>
      <p className="f-props__note">{t('range.hint')}</p>
      <div className="f-props__pair">
        <LocalizedTextField
          label={t('range.start')}
          name="range-start"
          value={labels.start}
          onChange={(start) => onChange({ rangeLabels: { ...labels, start } })}
        />
      </div>
      <div className="f-props__pair">
        <LocalizedTextField
          label={t('range.end')}
          name="range-end"
          value={labels.end}
          onChange={(end) => onChange({ rangeLabels: { ...labels, end } })}
        />
      </div>
    </>
  );
}

export function DurationEditor({
  form,
  field,
  onChange,
}: {
  form: DesignForm;
  field: DesignField;
  onChange(patch: Partial<DesignField>): void;
}) {
  const t = useMessages(rulesMessages);
  const { locale } = useLocale();
  const dates = dateChoices(form);
  const duration: Duration = field.duration ?? { unit: 'workingDays', from: '', to: '' };
  const set = (patch: Partial<Duration>): void => onChange({ duration: { ...duration, ...patch } });
  const options = (
    <>
      <option value="">{t('duration.pick')}</option>
      {dates.map((d) => (
        <option key={d.path} value={d.path}>
          {d.label[locale] || d.label.en || d.path}
        </option>
      ))}
    </>
  );
  return (
    <div className="f-props__duration">
      <SelectField
        label={t('duration.unit')}
        name="duration-unit"
        value={duration.unit}
        onChange={(e) => set({ unit: e.target.value as DurationUnit })}
      >
        {DURATION_UNITS.map((u) => (
          <option key={u} value={u}>
            {t(`duration.${u}`)}
          </option>
        ))}
      </SelectField>
      {dates.length === 0 && <p className="f-props__note">{t('duration.none')}</p>}
      <SelectField
        label={t('duration.from')}
        name="duration-from"
        value={duration.from}
        onChange={(e) => set({ from: e.target.value })}
      >
        {options}
      </SelectField>
      <SelectField
        label={t('duration.to')}
        name="duration-to"
        value={duration.to}
        hint={t('duration.hint')}
        onChange={(e) => set({ to: e.target.value })}
      >
        {options}
      </SelectField>
      {duration.from && duration.to && (
        <p className="f-props__note f-mono" data-testid="duration-formula">
          {t('duration.formula', { expression: durationExpression(duration) })}
        </p>
      )}
    </div>
  );
}
