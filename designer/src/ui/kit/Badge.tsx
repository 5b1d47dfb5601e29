// A short status or count in a pill ("Published", "3 running", "In catalogue"). The tone says how
// it stands; each feature maps its own statuses onto tones (see portal/RequestStatusBadge and
// form-designer/FormStatusBadge).
import type { HTMLAttributes, ReactNode } from 'react';
import { Icon, type IconName } from '../icons.tsx';
import './badge.css';

export type BadgeTone = 'neutral' | 'success' | 'warning' | 'danger' | 'info';

export function Badge({
  tone = 'neutral',
  icon,
  wrap = false,
  className,
  children,
  ...rest
}: HTMLAttributes<HTMLSpanElement> & {
  tone?: BadgeTone;
  icon?: IconName;
  /** Long text (a rule, a condition) wraps instead of running on. */
  wrap?: boolean;
  children: ReactNode;
}) {
  const classes = ['f-badge', `f-badge--${tone}`, wrap && 'f-badge--wrap', className].filter(Boolean);
  return (
    <span className={classes.join(' ')} {...rest}>
      {icon && <Icon name={icon} size={14} />}
      {children}
    </span>
  );
}

/** Badges in a row that wraps. */
export function Badges({ children, className }: { children: ReactNode; className?: string }) {
  return <span className={['f-badges', className].filter(Boolean).join(' ')}>{children}</span>;
}
