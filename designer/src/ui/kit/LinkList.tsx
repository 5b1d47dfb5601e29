// A list of things to open (the forms of a module, the deployed flows): each a row with an icon,
// its name, a line of facts and its badges, linking to its editor.
import type { AnchorHTMLAttributes, ReactNode } from 'react';
import { Link } from '#designer/shell/router.tsx';
import { Icon, type IconName } from '../icons.tsx';
import './link-list.css';

export function LinkList({
  heading,
  headingId,
  label,
  children,
}: {
  /** A heading above the rows (it names the list); otherwise `label` does. */
  heading?: string;
  headingId?: string;
  label?: string;
  children: ReactNode;
}) {
  return (
    <section
      className="f-card f-linklist"
      {...(heading ? { 'aria-labelledby': headingId } : { 'aria-label': label })}
    >
      {heading && (
        <h2 className="f-linklist__heading" id={headingId}>
          {heading}
        </h2>
      )}
      <ul className="f-linklist__items">{children}</ul>
    </section>
  );
}

export function LinkListItem({
  to,
  icon,
  name,
  facts,
  badges,
  ...link
}: Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & {
  to: string;
  icon: IconName;
  name: string;
  /** Small facts under the name (its id, when it changed). */
  facts: ReactNode;
  badges: ReactNode;
}) {
  return (
    <li>
      <Link className="f-linklist__item" to={to} {...link}>
        <span className="f-linklist__icon">
          <Icon name={icon} />
        </span>
        <span className="f-linklist__main">
          <span className="f-linklist__name">{name}</span>
          <span className="f-linklist__facts">{facts}</span>
        </span>
        <span className="f-linklist__badges">{badges}</span>
      </Link>
    </li>
  );
}
