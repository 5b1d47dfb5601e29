// Choosing people (transfer to, delegate to, add a signer, CC, out-of-office proxy): type a name,
// pick with the arrow keys and Enter, or tap. One person (`value: string | null`) or several.
import { useId, useState, type KeyboardEvent } from 'react';
import { useMessages } from '../i18n/react.tsx';
import { Chip, Chips } from '../ui/kit/index.ts';
import { UserHits } from '../ui/UserHits.tsx';
import { useUserSearch, type UserHit } from '../ui/user-search.ts';
import { rememberName, useUserNames } from './data.ts';
import { portalMessages } from './messages.ts';

export function UserPicker({
  label,
  values,
  onChange,
  multiple = false,
  exclude = [],
  error,
  autoFocus,
}: {
  label: string;
  values: string[];
  onChange: (values: string[]) => void;
  multiple?: boolean;
  /** People who cannot be chosen (oneself, the requester). */
  exclude?: string[];
  error?: string | undefined;
  autoFocus?: boolean;
}) {
  const t = useMessages(portalMessages);
  const id = useId();
  const name = useUserNames(values);
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const { hits, active, failed, onListKey } = useUserSearch(query, {
    keep: (hit) => !exclude.includes(hit.id) && !values.includes(hit.id),
  });
  const full = !multiple && values.length > 0;

  const choose = (hit: UserHit): void => {
    rememberName(hit.id, hit.displayName);
    onChange(multiple ? [...values, hit.id] : [hit.id]);
    setQuery('');
    setOpen(false);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (onListKey(e, { open, setOpen, choose })) return;
    if (e.key === 'Escape' && open) {
      e.stopPropagation();
      setOpen(false);
    } else if (e.key === 'Backspace' && query === '' && values.length > 0) onChange(values.slice(0, -1));
  };

  return (
    <div className={`f-field fp-people${error ? ' f-field--invalid' : ''}`}>
      <label className="f-field__label" htmlFor={id}>
        {label}
      </label>
      {values.length > 0 && (
        <Chips>
          {values.map((v) => (
            <Chip
              key={v}
              avatar={[...name(v)][0]?.toUpperCase() ?? ''}
              removeLabel={t('people.remove', { name: name(v) })}
              onRemove={() => onChange(values.filter((x) => x !== v))}
            >
              {name(v)}
            </Chip>
          ))}
        </Chips>
      )}
      {!full && (
        <div className="fp-people__search">
          <input
            id={id}
            className="f-input"
            role="combobox"
            aria-expanded={open && query.trim() !== ''}
            aria-controls={`${id}-list`}
            aria-autocomplete="list"
            aria-activedescendant={open && hits[active] ? `${id}-${active}` : undefined}
            aria-invalid={error ? true : undefined}
            autoComplete="off"
            autoFocus={autoFocus}
            placeholder={t('people.search')}
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              setOpen(true);
            }}
            onFocus={() => setOpen(true)}
            onBlur={() => setTimeout(() => setOpen(false), 150)}
            onKeyDown={onKeyDown}
          />
          {open && query.trim() !== '' && (
            <UserHits
              id={`${id}-list`}
              hits={hits}
              active={active}
              empty={failed ? t('people.failed') : t('people.noMatch')}
              onChoose={choose}
            />
          )}
        </div>
      )}
      {error && <p className="f-field__error">{error}</p>}
    </div>
  );
}
