// Choosing people (transfer to, delegate to, add a signer, CC, out-of-office proxy): type a name,
// pick with the arrow keys and Enter, or tap. One person (`value: string | null`) or several.
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { api } from '../api/client.ts';
import { useMessages } from '../i18n/react.tsx';
import { Icon } from '../ui/index.ts';
import { rememberName, useUserNames } from './data.ts';
import { portalMessages } from './messages.ts';

interface Hit {
  id: string;
  login: string;
  displayName: string;
}

const SEARCH_DELAY_MS = 200;

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
  const [hits, setHits] = useState<Hit[]>([]);
  const [active, setActive] = useState(0);
  const [open, setOpen] = useState(false);
  const [failed, setFailed] = useState(false);
  const full = !multiple && values.length > 0;

  useEffect(() => {
    const q = query.trim();
    if (q === '') {
      setHits([]);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api
        .get('/api/users', { query: { q, active: true, limit: 8 }, signal: controller.signal })
        .then((page) => {
          setFailed(false);
          setHits(
            page.items
              .filter((u) => !exclude.includes(u.id) && !values.includes(u.id))
              .map((u) => ({ id: u.id, login: u.login, displayName: u.displayName })),
          );
          setActive(0);
        })
        .catch((e: unknown) => {
          if ((e as Error).name !== 'AbortError') setFailed(true);
        });
    }, SEARCH_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
    // exclude/values are read at search time; a new query is what starts a search.
  }, [query]);

  const choose = (hit: Hit): void => {
    rememberName(hit.id, hit.displayName);
    onChange(multiple ? [...values, hit.id] : [hit.id]);
    setQuery('');
    setOpen(false);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((i) => Math.min(i + 1, Math.max(hits.length - 1, 0)));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Enter' && open && hits[active]) {
      e.preventDefault();
      choose(hits[active]);
    } else if (e.key === 'Escape' && open) {
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
        <ul className="fp-people__chosen">
          {values.map((v) => (
            <li key={v} className="fp-chip">
              <span className="f-avatar fp-avatar--small" aria-hidden="true">
                {[...name(v)][0]?.toUpperCase()}
              </span>
              {name(v)}
              <button
                type="button"
                className="fp-chip__remove"
                aria-label={t('people.remove', { name: name(v) })}
                onClick={() => onChange(values.filter((x) => x !== v))}
              >
                <Icon name="close" size={14} />
              </button>
            </li>
          ))}
        </ul>
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
            <ul className="fp-people__list" id={`${id}-list`} role="listbox">
              {hits.map((hit, i) => (
                <li
                  key={hit.id}
                  id={`${id}-${i}`}
                  role="option"
                  aria-selected={i === active}
                  className="fp-people__option"
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => choose(hit)}
                >
                  {hit.displayName}
                  <span className="fp-people__login">{hit.login}</span>
                </li>
              ))}
              {hits.length === 0 && (
                <li className="fp-people__none" role="presentation">
                  {failed ? t('people.failed') : t('people.noMatch')}
                </li>
              )}
            </ul>
          )}
        </div>
      )}
      {error && <p className="f-field__error">{error}</p>}
    </div>
  );
}
