// The pieces a page is laid out with: a card with a heading and its actions (Section), a row of
// search fields and filters above a list (Toolbar), and a block of JSON to read (JsonBlock).
import type { ReactNode } from 'react';
import { Icon, type IconName } from '../icons.tsx';
import './section.css';

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
    <section className="f-card f-section" id={id}>
      <div className="f-section__head">
        <h2 className="f-section__title">
          {icon && <Icon name={icon} />}
          {title}
        </h2>
        {actions && <div className="f-section__actions">{actions}</div>}
      </div>
      {children}
    </section>
  );
}

/** A row of controls above a list (search, filters, actions); wraps on a phone. `grid`: columns. */
export function Toolbar({ children, grid = false }: { children: ReactNode; grid?: boolean }) {
  return <div className={`f-toolbar${grid ? ' f-toolbar--grid' : ''}`}>{children}</div>;
}

/** A value as pretty-printed JSON, in a scrollable block (details, variables). */
export function JsonBlock({ value }: { value: unknown }) {
  return <pre className="f-json-block">{JSON.stringify(value, null, 2)}</pre>;
}
