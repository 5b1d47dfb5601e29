import type { ReactNode } from 'react';
import { Button } from './Button.tsx';
import { Icon, type IconName } from './icons.tsx';

export type Tone = 'info' | 'success' | 'error';

const TONE_ICON: Record<Tone, IconName> = { info: 'info', success: 'check', error: 'alert' };

/** A message box; errors are announced to screen readers as they appear. */
export function Alert({ tone = 'info', children }: { tone?: Tone; children: ReactNode }) {
  return (
    <div className={`f-alert f-alert--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <Icon name={TONE_ICON[tone]} />
      <div>{children}</div>
    </div>
  );
}

/** A load that failed, said in the user's language, with a button that loads again. */
export function LoadFailed({ text, retry, onRetry }: { text: string; retry: string; onRetry: () => void }) {
  return (
    <Alert tone="error">
      {text}{' '}
      <Button variant="ghost" onClick={onRetry}>
        {retry}
      </Button>
    </Alert>
  );
}

export function Spinner({ label }: { label: string }) {
  return (
    <div className="f-loading" role="status" aria-live="polite">
      <span className="f-spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

export function EmptyState({
  icon,
  title,
  children,
}: {
  icon: IconName;
  title: string;
  children?: ReactNode;
}) {
  return (
    <div className="f-empty">
      <span className="f-empty__icon">
        <Icon name={icon} size={28} />
      </span>
      <h2 className="f-empty__title">{title}</h2>
      {children && <div className="f-empty__text">{children}</div>}
    </div>
  );
}
