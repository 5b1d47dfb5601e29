// The parts the form's pickers share (a person, a linked record): the search input with its list
// of hits under it (a combobox), and the button that clears the choice.
import type { KeyboardEvent } from 'react';
import { useMessages } from '#designer/i18n/react.tsx';
import { Icon } from '../icons.tsx';
import { UserHits } from '../UserHits.tsx';
import type { UserHit } from '../user-search.ts';
import { rjsfMessages } from './strings.ts';

export function PickerInput<H extends UserHit>({
  id,
  listId,
  query,
  open,
  showHits,
  hits,
  active,
  empty,
  placeholder,
  disabled,
  onQuery,
  onOpen,
  onBlur,
  onKeyDown,
  onChoose,
}: {
  id: string;
  listId: string;
  query: string;
  open: boolean;
  /** Whether the list shows now (open, and for some pickers only once something is typed). */
  showHits: boolean;
  hits: readonly H[];
  active: number;
  empty: string;
  placeholder: string;
  disabled: boolean;
  onQuery(query: string): void;
  onOpen(open: boolean): void;
  onBlur(): void;
  onKeyDown(event: KeyboardEvent<HTMLInputElement>): void;
  onChoose(hit: H): void;
}) {
  return (
    <div className="f-picker">
      <input
        id={id}
        className="form-control"
        role="combobox"
        aria-expanded={open && hits.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && hits[active] ? `${listId}-${active}` : undefined}
        autoComplete="off"
        value={query}
        placeholder={placeholder}
        disabled={disabled}
        onChange={(e) => {
          onQuery(e.target.value);
          onOpen(true);
        }}
        onFocus={() => onOpen(true)}
        onBlur={() => {
          setTimeout(() => onOpen(false), 150);
          onBlur();
        }}
        onKeyDown={onKeyDown}
      />
      {showHits && (
        <UserHits
          id={listId}
          hits={hits}
          active={active}
          empty={empty}
          onChoose={(hit) => onChoose(hit as H)}
        />
      )}
    </div>
  );
}

export function PickerClear({ onClear }: { onClear(): void }) {
  const t = useMessages(rjsfMessages);
  return (
    <button
      type="button"
      className="f-btn f-btn--ghost f-rjsf-icon"
      aria-label={t('picker.clear')}
      title={t('picker.clear')}
      onClick={onClear}
    >
      <Icon name="close" size={18} />
    </button>
  );
}
