// Tabs over the views of one thing (a form's design, preview, JSON …; a flow's element, simulation,
// versions …): a tablist of buttons and the panel of the selected one, tied together for screen
// readers by ids made from `idPrefix`.
import type { ReactNode } from 'react';
import { Icon, type IconName } from '../icons.tsx';
import './tabs.css';

export interface TabItem<T extends string> {
  id: T;
  icon: IconName;
  label: string;
  /** After the label: a count, a dot that says "look here". */
  extra?: ReactNode;
}

export function Tabs<T extends string>({
  label,
  idPrefix,
  items,
  selected,
  onSelect,
  compact = false,
}: {
  label: string;
  idPrefix: string;
  items: readonly TabItem<T>[];
  selected: T;
  onSelect(id: NoInfer<T>): void;
  /** Small tabs without icons, for a side panel. */
  compact?: boolean;
}) {
  return (
    <div className={`f-tablist${compact ? ' f-tablist--compact' : ''}`} role="tablist" aria-label={label}>
      {items.map((item) => (
        <button
          key={item.id}
          type="button"
          role="tab"
          id={`${idPrefix}-${item.id}`}
          aria-selected={selected === item.id}
          aria-controls={`${idPrefix}-panel-${item.id}`}
          className="f-tablist__tab"
          data-tab={item.id}
          onClick={() => onSelect(item.id)}
        >
          <Icon name={item.icon} size={compact ? 16 : 18} />
          <span>{item.label}</span>
          {item.extra}
        </button>
      ))}
    </div>
  );
}

export function TabPanel<T extends string>({
  idPrefix,
  selected,
  className,
  children,
}: {
  idPrefix: string;
  selected: T;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div
      role="tabpanel"
      id={`${idPrefix}-panel-${selected}`}
      aria-labelledby={`${idPrefix}-${selected}`}
      className={className}
    >
      {children}
    </div>
  );
}

/**
 * A choice among a few views or filters as segmented buttons (the inbox's lists, "all / active"):
 * `tabs` when each is a view of its own (role tab), otherwise toggle buttons (aria-pressed).
 */
export function Segmented<T extends string>({
  label,
  items,
  selected,
  onSelect,
  tabs = false,
}: {
  label: string;
  items: readonly { id: T; label: string; extra?: ReactNode }[];
  selected: T;
  onSelect(id: NoInfer<T>): void;
  tabs?: boolean;
}) {
  return (
    <div className="f-segmented" role={tabs ? 'tablist' : 'group'} aria-label={label}>
      {items.map((item) => (
        <button
          key={item.id}
          type="button"
          role={tabs ? 'tab' : undefined}
          className="f-segmented__option"
          aria-selected={tabs ? selected === item.id : undefined}
          aria-pressed={tabs ? undefined : selected === item.id}
          onClick={() => onSelect(item.id)}
        >
          {item.label}
          {item.extra}
        </button>
      ))}
    </div>
  );
}
