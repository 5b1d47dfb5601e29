// The people (or things) chosen so far, each a pill with a button that takes it out again.
import type { HTMLAttributes, ReactNode } from 'react';
import { Icon } from '../icons.tsx';
import './chip.css';

export function Chips({ children }: { children: ReactNode }) {
  return <ul className="f-chips">{children}</ul>;
}

export function Chip({
  avatar,
  removeLabel,
  onRemove,
  children,
  ...rest
}: HTMLAttributes<HTMLLIElement> & {
  /** A letter in a circle before the name (a person). */
  avatar?: string;
  removeLabel: string;
  onRemove(): void;
  children: ReactNode;
}) {
  return (
    <li className={avatar ? 'f-chip f-chip--avatar' : 'f-chip'} {...rest}>
      {avatar && (
        <span className="f-avatar f-chip__avatar" aria-hidden="true">
          {avatar}
        </span>
      )}
      {children}
      <RemoveButton label={removeLabel} onClick={onRemove} />
    </li>
  );
}

/** The small round × of a chip or of a file in a list. */
export function RemoveButton({ label, onClick }: { label: string; onClick(): void }) {
  return (
    <button type="button" className="f-chip__remove" aria-label={label} onClick={onClick}>
      <Icon name="close" size={14} />
    </button>
  );
}
