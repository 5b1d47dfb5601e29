// The list's filter as removable chips, one per field ("Payment status: unpaid ×"), whatever made
// it: the filter dialog, a saved view, or a link (a report alert opens its rows this way).
import { useLocale, useMessages } from '../../i18n/react.tsx';
import { Chip, Chips } from '../../ui/kit/index.ts';
import { fieldOf, type Doctype, type Where } from '../data.ts';
import { recordsMessages } from '../messages.ts';
import { describeCondition } from './filters.ts';

export function FilterChips({
  doctype,
  where,
  onChange,
}: {
  doctype: Doctype;
  where: Where;
  onChange: (where: Where) => void;
}) {
  const t = useMessages(recordsMessages);
  const { locale } = useLocale();
  const entries = Object.entries(where);
  if (entries.length === 0) return null;
  const words = { contains: t('filter.contains'), exists: t('filter.exists'), missing: t('filter.missing') };
  return (
    <div className="fr-chips" aria-label={t('filter.active')} role="group">
      <Chips>
        {entries.map(([path, condition]) => {
          const field = fieldOf(doctype, path);
          const text = `${field ? field.label[locale] || field.label.en : path}: ${describeCondition(field, condition, locale, words)}`;
          return (
            <Chip
              key={path}
              data-filter={path}
              removeLabel={t('filter.remove', { filter: text })}
              onRemove={() => onChange(Object.fromEntries(entries.filter(([p]) => p !== path)))}
            >
              {text}
            </Chip>
          );
        })}
      </Chips>
      {entries.length > 1 && (
        <button type="button" className="fr-chips__clear" onClick={() => onChange({})}>
          {t('filter.clear')}
        </button>
      )}
    </div>
  );
}
