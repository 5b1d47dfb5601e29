// The builder's linked records: each row picks a field of the source (or of a record linked
// before it), the form it names and the field of that form it matches — set by themselves for a
// link field. The linked form's fields then appear in the filters, groups and measures.
import { useLocalized, useMessages } from '../../i18n/react.tsx';
import { Button } from '../../ui/index.ts';
import { IconButton, Section, SelectField } from '../../ui/kit/index.ts';
import { analyticsMessages } from '../messages.ts';
import type { BuilderState, SourceEntry } from './draft.ts';
import { formEntry, type BuilderLookup, type OfferedField } from './lookups.ts';

type Change = (next: Partial<BuilderState>) => void;

export function LookupsPart({
  state,
  fields,
  sources,
  onChange,
}: {
  state: BuilderState;
  /** The source's fields and every linked record's (in order). */
  fields: OfferedField[];
  sources: readonly SourceEntry[];
  onChange: Change;
}) {
  const t = useMessages(analyticsMessages);
  const localized = useLocalized();
  const forms = sources.filter((s) => s.kind === 'form' && !s.unwind);
  /** Text fields a lookup may read: the source's and those of records linked before it. */
  const readable = (i: number) => fields.filter((f) => f.type === 'string' && (!f.from || f.from.lookup < i));
  const set = (i: number, part: Partial<BuilderLookup>) =>
    onChange({ lookups: state.lookups.map((l, k) => (k === i ? { ...l, ...part } : l)) });
  const pick = (path: string): BuilderLookup => {
    const link = fields.find((f) => f.path === path)?.link;
    return { field: path, form: link?.form ?? forms[0]?.id ?? '', key: link?.key ?? 'id' };
  };
  return (
    <Section title={t('builder.lookups')} icon="link">
      <p className="fa-muted">{t('builder.lookupsHint')}</p>
      {state.lookups.map((l, i) => (
        <div className="fa-builder__row" key={i} data-part="lookup">
          <SelectField
            label={t('builder.lookupField')}
            name={`lookup-field-${i}`}
            value={l.field}
            options={readable(i).map((f) => ({
              value: f.path,
              label: `${localized(f.label)}${f.link ? ' →' : ''}`,
            }))}
            onChange={(e) => set(i, pick(e.target.value))}
          />
          <SelectField
            label={t('builder.lookupForm')}
            name={`lookup-form-${i}`}
            value={l.form}
            options={forms.map((f) => ({ value: f.id, label: localized(f.name) }))}
            onChange={(e) => set(i, { form: e.target.value, key: 'id' })}
          />
          <SelectField
            label={t('builder.lookupKey')}
            name={`lookup-key-${i}`}
            value={l.key}
            options={[
              { value: 'id', label: t('builder.lookupId') },
              ...(formEntry(sources, l.form)?.fields ?? [])
                .filter((f) => f.type === 'string')
                .map((f) => ({ value: f.path, label: localized(f.label) })),
            ]}
            onChange={(e) => set(i, { key: e.target.value })}
          />
          <IconButton
            icon="trash"
            label={t('builder.remove')}
            onClick={() => onChange({ lookups: state.lookups.filter((_, k) => k !== i) })}
          />
        </div>
      ))}
      <Button
        icon="plus"
        variant="ghost"
        onClick={() => {
          // The first link not looked up yet, else the first text field.
          const taken = new Set(state.lookups.map((l) => l.field));
          const choices = readable(state.lookups.length);
          const next = choices.find((f) => f.link && !taken.has(f.path)) ?? choices[0];
          if (next) onChange({ lookups: [...state.lookups, pick(next.path)] });
        }}
      >
        {t('builder.addLookup')}
      </Button>
    </Section>
  );
}
