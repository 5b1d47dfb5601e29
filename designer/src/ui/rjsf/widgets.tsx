// Forma's own rjsf widgets for the field kinds a plain input cannot serve: a user picker (search the
// directory, store the user id), a department picker (the department tree, store its id) and a
// file upload (stores a `file:<id>` reference). The form designer writes them into the uiSchema as
// `ui:widget: userPicker | departmentPicker | fileUpload`. Code fields (`format: barcode | qrcode`)
// get a scan button by their format alone.
//
// File upload: the page that renders the form passes `formContext.uploadFile(file) → "file:<id>"`
// (the portal, with its attachments API); without one the widget shows the chosen file's name only
// (the designer's preview) and stores nothing.
import type { WidgetProps } from '@rjsf/utils';
import { useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import { api } from '#designer/api/client.ts';
import { useLocalized, useMessages } from '#designer/i18n/react.tsx';
import { Icon } from '../icons.tsx';
import { PickerClear, PickerInput } from './picker-parts.tsx';
import { useUserSearch, type UserHit } from '../user-search.ts';
import { LinkPickerWidget } from './LinkPicker.tsx';
import { ScanButton } from './ScanButton.tsx';
import { rjsfMessages } from './strings.ts';

export function UserPickerWidget({
  id,
  value,
  onChange,
  onBlur,
  disabled,
  readonly,
  placeholder,
}: WidgetProps) {
  const t = useMessages(rjsfMessages);
  const listId = useId();
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<UserHit | null>(null);
  const { hits, active, failed, onListKey } = useUserSearch(query, { enabled: open });
  const selected = typeof value === 'string' && value ? value : null;

  // The chosen user's name (the value is only an id).
  useEffect(() => {
    if (!selected || chosen?.id === selected) return;
    const controller = new AbortController();
    api
      .get('/api/users/{id}', { path: { id: selected }, signal: controller.signal })
      .then((u) => setChosen({ id: u.id, login: u.login, displayName: u.displayName }))
      .catch(() => setChosen({ id: selected, login: selected, displayName: selected }));
    return () => controller.abort();
  }, [selected, chosen?.id]);

  const choose = (hit: UserHit): void => {
    setChosen(hit);
    setQuery('');
    setOpen(false);
    onChange(hit.id);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (onListKey(event, { open, setOpen, choose })) return;
    if (event.key === 'Escape') setOpen(false);
  };

  if (selected && chosen)
    return (
      <div className="f-picker__chosen" id={id}>
        <span className="f-avatar f-picker__avatar" aria-hidden="true">
          {chosen.displayName.slice(0, 1)}
        </span>
        <span className="f-picker__name">
          {chosen.displayName}
          <span className="f-picker__login">{chosen.login}</span>
        </span>
        {!readonly && !disabled && (
          <PickerClear
            onClear={() => {
              setChosen(null);
              onChange(undefined);
            }}
          />
        )}
      </div>
    );
  return (
    <PickerInput
      id={id}
      listId={listId}
      query={query}
      open={open}
      showHits={open && query.trim() !== ''}
      hits={hits}
      active={active}
      empty={failed ? t('picker.failed') : t('picker.noMatch')}
      placeholder={placeholder || t('picker.searchUser')}
      disabled={!!(disabled || readonly)}
      onQuery={setQuery}
      onOpen={setOpen}
      onBlur={() => onBlur(id, value)}
      onKeyDown={onKeyDown}
      onChoose={choose}
    />
  );
}

interface DepartmentRow {
  id: string;
  name: { en: string; 'zh-CN': string };
  depth: number;
}

export function DepartmentPickerWidget({ id, value, onChange, onBlur, disabled, readonly }: WidgetProps) {
  const t = useMessages(rjsfMessages);
  const localized = useLocalized();
  const [rows, setRows] = useState<DepartmentRow[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const controller = new AbortController();
    api
      .get('/api/departments', { signal: controller.signal })
      .then(({ items }) => setRows(treeOrder(items)))
      .catch((e: unknown) => {
        if ((e as Error).name !== 'AbortError') setFailed(true);
      });
    return () => controller.abort();
  }, []);
  const options = useMemo(
    () =>
      (rows ?? []).map((r) => ({ id: r.id, label: `${'\u00a0\u00a0'.repeat(r.depth)}${localized(r.name)}` })),
    [rows, localized],
  );
  const current = typeof value === 'string' ? value : '';
  return (
    <>
      <select
        id={id}
        className="form-control"
        value={current}
        disabled={disabled || readonly || rows === null}
        onChange={(e) => onChange(e.target.value || undefined)}
        onBlur={() => onBlur(id, value)}
      >
        <option value="">
          {rows === null && !failed ? t('picker.loading') : t('picker.chooseDepartment')}
        </option>
        {current && rows && !rows.some((r) => r.id === current) && <option value={current}>{current}</option>}
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
      {failed && <p className="help-block">{t('picker.failed')}</p>}
    </>
  );
}

/** Departments in tree order (parents before children) with their depth. */
export function treeOrder(
  items: { id: string; name: { en: string; 'zh-CN': string }; parent?: string }[],
): DepartmentRow[] {
  const children = new Map<string | undefined, typeof items>();
  const ids = new Set(items.map((d) => d.id));
  for (const d of items) {
    const parent = d.parent && ids.has(d.parent) ? d.parent : undefined;
    children.set(parent, [...(children.get(parent) ?? []), d]);
  }
  const out: DepartmentRow[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | undefined, depth: number): void => {
    for (const d of children.get(parent) ?? []) {
      if (seen.has(d.id)) continue;
      seen.add(d.id);
      out.push({ id: d.id, name: d.name, depth });
      walk(d.id, depth + 1);
    }
  };
  walk(undefined, 0);
  return out;
}

export interface UploadContext {
  /** Stores a file and returns its reference (`file:<id>`). */
  uploadFile?: (file: File) => Promise<string>;
}

export function FileUploadWidget({ id, value, onChange, disabled, readonly, registry }: WidgetProps) {
  const t = useMessages(rjsfMessages);
  const upload = (registry.formContext as UploadContext | undefined)?.uploadFile;
  const [name, setName] = useState<string | null>(null);
  const [state, setState] = useState<'idle' | 'uploading' | 'failed'>('idle');
  const stored = typeof value === 'string' && value ? value : null;
  const pick = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    setName(file.name);
    if (!upload) return;
    setState('uploading');
    try {
      onChange(await upload(file));
      setState('idle');
    } catch {
      setState('failed');
    }
  };
  return (
    <div className="f-upload">
      <input
        id={id}
        type="file"
        className="f-visually-hidden"
        disabled={!!(disabled || readonly)}
        onChange={(e) => void pick(e.target.files?.[0])}
      />
      <label
        htmlFor={id}
        className="f-btn f-btn--secondary f-upload__button"
        aria-disabled={disabled || readonly}
      >
        <Icon name="plus" size={18} />
        {t('upload.choose')}
      </label>
      <span className="f-upload__name">
        {state === 'uploading'
          ? t('upload.uploading')
          : state === 'failed'
            ? t('upload.failed')
            : (name ?? (stored ? t('upload.attached') : t('upload.none')))}
      </span>
      {!upload && name && <p className="help-block">{t('upload.previewOnly')}</p>}
    </div>
  );
}

/**
 * A code field (`format: barcode | qrcode`): a text input — a keyboard-wedge scanner types into it
 * like a keyboard — and a button that reads the code with the camera. rjsf picks it by the format.
 */
export function CodeWidget({
  id,
  value,
  onChange,
  onBlur,
  disabled,
  readonly,
  label,
  placeholder,
}: WidgetProps) {
  return (
    <div className="f-code-input">
      <input
        id={id}
        className="form-control"
        value={typeof value === 'string' ? value : ''}
        disabled={disabled}
        readOnly={readonly}
        placeholder={placeholder}
        autoComplete="off"
        onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
        onBlur={() => onBlur(id, value)}
      />
      {!readonly && !disabled && <ScanButton field={label} onScan={(code) => onChange(code)} />}
    </div>
  );
}

export const formaWidgets = {
  userPicker: UserPickerWidget,
  departmentPicker: DepartmentPickerWidget,
  fileUpload: FileUploadWidget,
  linkPicker: LinkPickerWidget,
  barcode: CodeWidget,
  qrcode: CodeWidget,
};
