// The field palette: tap (or Enter) adds a field after the selected one; dragging places it.
import type { PointerEvent } from 'react';
import { useMessages } from '#designer/i18n/react.tsx';
import { Icon, type IconName } from '#designer/ui/index.ts';
import { formDesignerMessages } from '../messages.ts';
import type { FieldKind } from '../model/types.ts';
import type { DragSource } from './drag.ts';
import './design.css';

export const KIND_ICON: Record<FieldKind, IconName> = {
  text: 'text',
  longText: 'paragraph',
  number: 'number',
  money: 'money',
  date: 'calendar',
  dateRange: 'calendar',
  duration: 'hourglass',
  select: 'select',
  multiSelect: 'multiSelect',
  checkbox: 'checkbox',
  user: 'users',
  department: 'building',
  file: 'paperclip',
  table: 'table',
  section: 'section',
  custom: 'code',
};

const GROUPS: {
  label: 'group.basic' | 'group.choice' | 'group.people' | 'group.layout';
  kinds: FieldKind[];
}[] = [
  { label: 'group.basic', kinds: ['text', 'longText', 'number', 'money', 'date', 'dateRange', 'duration'] },
  { label: 'group.choice', kinds: ['select', 'multiSelect', 'checkbox'] },
  { label: 'group.people', kinds: ['user', 'department', 'file'] },
  { label: 'group.layout', kinds: ['table', 'section'] },
];

export function Palette({
  onAdd,
  onDragStart,
  wasDrag,
}: {
  onAdd(kind: FieldKind): void;
  onDragStart(event: PointerEvent, source: DragSource): void;
  wasDrag(): boolean;
}) {
  const t = useMessages(formDesignerMessages);
  return (
    <aside className="f-palette" aria-labelledby="f-palette-title">
      <h2 className="f-palette__title" id="f-palette-title">
        {t('palette')}
      </h2>
      <p className="f-palette__hint">{t('paletteHint')}</p>
      <div className="f-palette__groups">
        {GROUPS.map((group) => (
          <div key={group.label} className="f-palette__group" role="group" aria-label={t(group.label)}>
            <h3 className="f-palette__group-title">{t(group.label)}</h3>
            {group.kinds.map((kind) => {
              const label = t(`kind.${kind}`);
              return (
                <button
                  key={kind}
                  type="button"
                  className="f-palette__item"
                  data-kind={kind}
                  aria-label={t('addField', { kind: label })}
                  onPointerDown={(e) => onDragStart(e, { type: 'palette', kind, label })}
                  onClick={() => {
                    if (!wasDrag()) onAdd(kind);
                  }}
                >
                  <Icon name={KIND_ICON[kind]} size={18} />
                  <span>{label}</span>
                </button>
              );
            })}
          </div>
        ))}
      </div>
    </aside>
  );
}
