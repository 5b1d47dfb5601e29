// The picker of a link field (`format: link`): search the linked form as you type — the server
// offers only the records the user may read (row rules: a salesperson sees their own customers)
// and no cancelled documents — and store the chosen record's id. What the link fetches is
// remembered as it is offered, so the page fills those fields as the user picks (link-fetch.ts).
// withPortalWidgets gives every link field this widget with `ui:options` { linkForm, linkField,
// linkTarget }: the form, the field's path and the form it points to. With `ui:options.scan` (a
// module's ui.json) a Scan button reads a code with the camera (or a keyboard-wedge scanner typing
// into the dialog) and picks the linked record holding it in a code field — an item by its barcode.
import type { WidgetProps } from '@rjsf/utils';
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import { api } from '#designer/api/client.ts';
import { useMessages } from '#designer/i18n/react.tsx';
import { Icon } from '../icons.tsx';
import { ScanButton } from './ScanButton.tsx';
import { PickerClear, PickerInput } from './picker-parts.tsx';
import { rememberFetched, rememberTitles, titleOf } from './link-fetch.ts';
import { rjsfMessages } from './strings.ts';

interface Hit {
  id: string;
  /** The number and title, as the list and the chosen value show it. */
  displayName: string;
  login: string;
}

const SEARCH_DELAY_MS = 200;

export function LinkPickerWidget({
  id,
  value,
  onChange,
  onBlur,
  disabled,
  readonly,
  options,
  placeholder,
  label,
}: WidgetProps) {
  const t = useMessages(rjsfMessages);
  const listId = useId();
  const { linkForm, linkField, linkTarget, scan } = options as {
    linkForm?: string;
    linkField?: string;
    linkTarget?: string;
    scan?: boolean;
  };
  const [scanNote, setScanNote] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [hits, setHits] = useState<Hit[]>([]);
  const [active, setActive] = useState(0);
  const [failed, setFailed] = useState(false);
  const selected = typeof value === 'string' && value ? value : null;

  useEffect(() => {
    if (!open || !linkForm || !linkField) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api
        .get('/api/records/{form}/link-options', {
          path: { form: linkForm },
          query: { field: linkField, limit: 20, ...(query.trim() ? { q: query.trim() } : {}) },
          signal: controller.signal,
        })
        .then(({ items }) => {
          setFailed(false);
          setHits(
            items.map((o) => {
              const label = [o.number, o.title].filter(Boolean).join(' ') || o.id;
              if (linkTarget) rememberTitles({ [`${linkTarget}:${o.id}`]: label });
              rememberFetched(linkForm, linkField, o.id, o.fetched ?? {});
              return {
                id: o.id,
                displayName: o.title ?? o.number ?? o.id,
                login: o.title && o.number ? o.number : '',
              };
            }),
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
  }, [open, query, linkForm, linkField, linkTarget]);

  const choose = (hit: Hit): void => {
    setQuery('');
    setOpen(false);
    onChange(hit.id);
  };

  /** The linked record holding a scanned code: one is picked; none or several are said so. */
  const scanned = async (code: string): Promise<void> => {
    if (!linkForm || !linkField) return;
    try {
      const { items } = await api.get('/api/records/{form}/link-options', {
        path: { form: linkForm },
        query: { field: linkField, code, limit: 2 },
      });
      const only = items.length === 1 ? items[0]! : null;
      if (only) {
        if (linkTarget)
          rememberTitles({
            [`${linkTarget}:${only.id}`]: [only.number, only.title].filter(Boolean).join(' '),
          });
        rememberFetched(linkForm, linkField, only.id, only.fetched ?? {});
        setScanNote(null);
        onChange(only.id);
      } else setScanNote(t(items.length === 0 ? 'picker.scanNone' : 'picker.scanSeveral', { code }));
    } catch {
      setScanNote(t('picker.failed'));
    }
  };

  const scanButton = scan && !readonly && !disabled && (
    <ScanButton field={label} onScan={(code) => void scanned(code)} data={{ 'data-scan-for': id }} />
  );

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
    } else if (e.key === 'Escape') setOpen(false);
  };

  if (selected)
    return (
      <div className="f-picker__chosen" id={id} data-link={selected}>
        <Icon name="link" size={18} />
        <span className="f-picker__name">{(linkTarget && titleOf(linkTarget, selected)) ?? selected}</span>
        {!readonly && !disabled && <PickerClear onClear={() => onChange(undefined)} />}
      </div>
    );
  const input = (
    <PickerInput
      id={id}
      listId={listId}
      query={query}
      open={open}
      showHits={open}
      hits={hits}
      active={active}
      empty={failed ? t('picker.failed') : t('picker.noRecord')}
      placeholder={placeholder || t('picker.searchRecord')}
      disabled={!!(disabled || readonly)}
      onQuery={setQuery}
      onOpen={setOpen}
      onBlur={() => onBlur(id, value)}
      onKeyDown={onKeyDown}
      onChoose={choose}
    />
  );
  if (!scanButton) return input;
  return (
    <>
      <div className="f-code-input f-picker--scan">
        {input}
        {scanButton}
      </div>
      {scanNote && (
        <p className="help-block" role="status" data-scan-note>
          {scanNote}
        </p>
      )}
    </>
  );
}
