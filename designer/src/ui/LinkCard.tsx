// A card that opens something (a request to start, an admin task): an icon, a title, a line or two
// of text, what else the card has to say, and — on request — an arrow that says "go".
import type { AnchorHTMLAttributes, ReactNode } from 'react';
import { Link } from '#designer/shell/router.tsx';
import { Icon, type IconName } from './icons.tsx';
import './link-card.css';

export function LinkCard({
  to,
  icon,
  title,
  text,
  children,
  arrow = false,
  top = false,
  ...link
}: Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href' | 'title'> & {
  to: string;
  icon: IconName;
  title: string;
  /** Clipped to two lines. */
  text?: string | undefined;
  /** Under the text (a draft saved, a figure). */
  children?: ReactNode;
  arrow?: boolean;
  /** The icon at the top rather than in the middle (a card of several lines). */
  top?: boolean;
}) {
  return (
    <Link className={top ? 'f-linkcard f-linkcard--top' : 'f-linkcard'} to={to} {...link}>
      <span className="f-linkcard__icon">
        <Icon name={icon} />
      </span>
      <span className="f-linkcard__text">
        <span className="f-linkcard__title">{title}</span>
        {text && <span className="f-linkcard__description">{text}</span>}
        {children}
      </span>
      {arrow && <Icon name="forward" size={18} className="f-linkcard__go" />}
    </Link>
  );
}
