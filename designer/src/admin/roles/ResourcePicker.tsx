// The resource of a grant, chosen by name — platform areas, forms' records, reports, dashboards —
// while the API keeps its id ('record:finance-expense-claim').
import { useMessages } from '#designer/i18n/react.tsx';
import { resourceMessages } from './resource-messages.ts';
import type { ResourceGroup, ResourceOption } from './resource-catalogue.ts';

const GROUPS: ResourceGroup[] = ['platform', 'records', 'reports', 'dashboards', 'other'];

/** The words for one option in the reader's language. */
export function useResourceLabel(): (option: ResourceOption | undefined, value: string) => string {
  const t = useMessages(resourceMessages);
  return (option, value) =>
    !option
      ? value
      : option.key
        ? t(option.key as Parameters<typeof t>[0], { name: option.name ?? '' })
        : value;
}

export function ResourcePicker({
  value,
  options,
  label,
  onChange,
}: {
  value: string;
  options: ResourceOption[];
  label: string;
  onChange: (resource: string) => void;
}) {
  const t = useMessages(resourceMessages);
  const word = useResourceLabel();
  return (
    <select
      className="f-select a-resource"
      aria-label={label}
      required
      value={value}
      data-resource={value}
      onChange={(e) => onChange(e.target.value)}
    >
      <option value="" disabled>
        {t('choose')}
      </option>
      {GROUPS.map((group) => {
        const inGroup = options.filter((o) => o.group === group);
        return (
          inGroup.length > 0 && (
            <optgroup key={group} label={t(`group.${group}`)}>
              {inGroup.map((o) => (
                <option key={o.value} value={o.value}>
                  {word(o, o.value)}
                </option>
              ))}
            </optgroup>
          )
        );
      })}
    </select>
  );
}
