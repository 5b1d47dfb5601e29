// The admin console's own small widgets (docs/decisions/0003: page-specific widgets live in the
// page's lazy chunk, not in the shell): a loader hook, a table that becomes cards on a phone, a
// modal dialog (with an optional typed confirmation), select / checkbox / textarea fields, badges,
// and an error box that speaks the user's language.
import {
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import { asApiError, type ApiError } from '../api/errors.ts';
import { useLocale, useMessages } from '../i18n/react.tsx';
import { Alert, Button, Icon, Spinner, TextField, type ButtonVariant, type IconName } from '../ui/index.ts';
import { adminMessages } from './messages.ts';
import './admin.css';

// ---- loading -----------------------------------------------------------------------------------

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload(): void;
}

/** Runs `load` on mount and whenever `deps` change; `reload()` runs it again. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[] = []): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: ApiError | null; loading: boolean }>({
    data: undefined,
    error: null,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (e: unknown) => live && setState((s) => ({ data: s.data, error: asApiError(e), loading: false })),
    );
    return () => {
      live = false;
    };
    // (`load` is new on every render: the caller lists in `deps` what it reads.)
  }, [tick, ...deps]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

/** Shows a spinner, an error with a retry, or the content. */
export function LoadState<T>({ state, children }: { state: Loaded<T>; children: (data: T) => ReactNode }) {
  const t = useMessages(adminMessages);
  if (state.data === undefined) {
    if (state.error)
      return (
        <div>
          <ErrorBox error={state.error} />
          <Button icon="redo" onClick={state.reload}>
            {t('retry')}
          </Button>
        </div>
      );
    return <Spinner label={t('loading')} />;
  }
  return (
    <>
      {state.error && <ErrorBox error={state.error} />}
      {children(state.data)}
    </>
  );
}

export function ErrorBox({ error }: { error: unknown }) {
  const { locale } = useLocale();
  if (!error) return null;
  const e = asApiError(error);
  const details = e.details.filter((d) => d.path && d.path !== '');
  return (
    <Alert tone="error">
      <p className="a-plain">{e.text(locale)}</p>
      {details.length > 0 && (
        <ul className="a-details">
          {details.map((d, i) => (
            <li key={i}>
              <code>{d.path}</code> {locale === 'zh-CN' ? (d.messageZh ?? d.message) : d.message}
            </li>
          ))}
        </ul>
      )}
    </Alert>
  );
}

// ---- formatting --------------------------------------------------------------------------------

export function useFormat() {
  const { locale } = useLocale();
  return {
    /** With seconds (the audit log, where many things happen in one minute). */
    preciseTime: (iso: string) =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(iso)),
    dateTime: (iso: string | number | undefined) =>
      iso === undefined
        ? ''
        : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)),
    date: (iso: string | undefined) =>
      iso ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(iso)) : '',
    number: (n: number) => new Intl.NumberFormat(locale).format(n),
  };
}

// ---- table -------------------------------------------------------------------------------------

export interface Column<R> {
  key: string;
  label: string;
  render: (row: R) => ReactNode;
  /** Numbers align right. */
  numeric?: boolean;
  /** The column that names the row: a phone shows it as the card's title. */
  primary?: boolean;
}

/** A table on a desktop; on a phone each row becomes a card of label: value lines. */
export function DataTable<R>({
  columns,
  rows,
  rowKey,
  empty,
  caption,
}: {
  columns: Column<R>[];
  rows: R[];
  rowKey: (row: R) => string;
  empty?: string;
  caption?: string;
}) {
  const t = useMessages(adminMessages);
  if (rows.length === 0) return <p className="a-empty">{empty ?? t('emptyList')}</p>;
  return (
    <div className="a-table-wrap">
      <table className="a-table">
        {caption && <caption className="f-visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={c.numeric ? 'a-num' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} data-row={rowKey(row)}>
              {columns.map((c) => (
                <td
                  key={c.key}
                  data-label={c.label}
                  className={
                    [c.numeric && 'a-num', c.primary && 'a-primary'].filter(Boolean).join(' ') || undefined
                  }
                >
                  {c.render(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// ---- dialog ------------------------------------------------------------------------------------

/** A modal dialog (native <dialog>: focus trap, Escape, backdrop). Rendered only while open. */
export function Dialog({
  title,
  onClose,
  children,
  footer,
  wide = false,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
}) {
  const t = useMessages(adminMessages);
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className={`a-dialog${wide ? ' a-dialog--wide' : ''}`}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <div className="a-dialog__head">
        <h2 id={titleId} className="a-dialog__title">
          {title}
        </h2>
        <button
          type="button"
          className="f-btn f-btn--ghost a-icon-btn"
          aria-label={t('close')}
          onClick={onClose}
        >
          <Icon name="close" />
        </button>
      </div>
      <div className="a-dialog__body">{children}</div>
      {footer && <div className="a-dialog__foot">{footer}</div>}
    </dialog>
  );
}

/**
 * Asks before doing something that matters. With `word`, the user must type it (a restore, a
 * disable that hides a whole module).
 */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  variant = 'primary',
  word,
  onConfirm,
  onClose,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  variant?: ButtonVariant;
  word?: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const t = useMessages(adminMessages);
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const ready = !word || typed.trim() === word;
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={title}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            {t('cancel')}
          </Button>
          <Button variant={variant} busy={busy} disabled={!ready} onClick={() => void confirm()}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      <div className="a-confirm">{children}</div>
      {word && (
        <TextField
          label={t('typeToConfirm', { word })}
          name="confirm"
          autoComplete="off"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          error={
            typed && !ready && typed.length >= word.length ? t('typeToConfirmMismatch', { word }) : undefined
          }
        />
      )}
      <ErrorBox error={error} />
    </Dialog>
  );
}

// ---- fields ------------------------------------------------------------------------------------

export function SelectField({
  label,
  options,
  hint,
  error,
  className,
  ...select
}: Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> & {
  label: string;
  options: { value: string; label: string }[];
  hint?: string;
  error?: string | undefined;
}) {
  const id = useId();
  return (
    <div className={['f-field', error && 'f-field--invalid', className].filter(Boolean).join(' ')}>
      <label className="f-field__label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="f-select" aria-invalid={error ? true : undefined} {...select}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint && <p className="f-field__hint">{hint}</p>}
      {error && <p className="f-field__error">{error}</p>}
    </div>
  );
}

export function TextAreaField({
  label,
  hint,
  error,
  ...area
}: Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> & {
  label: string;
  hint?: string;
  error?: string | undefined;
}) {
  const id = useId();
  return (
    <div className={['f-field', error && 'f-field--invalid'].filter(Boolean).join(' ')}>
      <label className="f-field__label" htmlFor={id}>
        {label}
      </label>
      <textarea id={id} className="f-textarea" aria-invalid={error ? true : undefined} {...area} />
      {hint && <p className="f-field__hint">{hint}</p>}
      {error && <p className="f-field__error">{error}</p>}
    </div>
  );
}

export function Checkbox({
  label,
  checked,
  onChange,
  disabled,
  hideLabel = false,
}: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  hideLabel?: boolean;
}) {
  return (
    <label className="a-check" title={hideLabel ? label : undefined}>
      <input
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
      />
      <span className={hideLabel ? 'f-visually-hidden' : undefined}>{label}</span>
    </label>
  );
}

/**
 * On a phone (one column), brings the detail panel of a master-detail page into view after the
 * user picked an item from the list above it.
 */
export function revealDetail(id: string): void {
  if (!window.matchMedia('(max-width: 1023px)').matches) return;
  requestAnimationFrame(() => document.getElementById(id)?.scrollIntoView({ block: 'start' }));
}

// ---- badges and small things -------------------------------------------------------------------

export type BadgeTone = 'neutral' | 'success' | 'warning' | 'danger' | 'info';

export function Badge({ tone = 'neutral', children }: { tone?: BadgeTone; children: ReactNode }) {
  return <span className={`a-badge a-badge--${tone}`}>{children}</span>;
}

/** A row of controls above a list (search, filters, actions); wraps on a phone. `grid`: columns. */
export function Toolbar({ children, grid = false }: { children: ReactNode; grid?: boolean }) {
  return <div className={`a-toolbar${grid ? ' a-toolbar--grid' : ''}`}>{children}</div>;
}

export function Section({
  title,
  icon,
  actions,
  children,
  id,
}: {
  title: string;
  icon?: IconName;
  actions?: ReactNode;
  children: ReactNode;
  id?: string;
}) {
  return (
    <section className="f-card a-section" id={id}>
      <div className="a-section__head">
        <h2 className="a-section__title">
          {icon && <Icon name={icon} />}
          {title}
        </h2>
        {actions && <div className="a-section__actions">{actions}</div>}
      </div>
      {children}
    </section>
  );
}

/** A line of JSON, pretty-printed in a scrollable block (details, variables). */
export function JsonBlock({ value }: { value: unknown }) {
  return <pre className="a-json">{JSON.stringify(value, null, 2)}</pre>;
}
