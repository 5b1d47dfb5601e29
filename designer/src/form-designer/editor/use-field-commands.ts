// What the analyst does to the fields: select one (on a phone its properties open as a sheet), add
// one from the palette (into the selected section or table, or after the selected field), drag one
// in or around, move it with the keyboard, duplicate, remove, add a table column, change its
// properties or move it into another container. Each change is announced to screen readers.
import { useCallback, useState } from 'react';
import { useLocale, useMessages } from '#designer/i18n/react.tsx';
import { formDesignerMessages } from '../messages.ts';
import {
  canHold,
  createField,
  duplicateField,
  insertField,
  locate,
  moveField,
  removeField,
  updateField,
} from '../model/ops.ts';
import { defaultDuration } from '../model/rules.ts';
import type { DesignField, DesignForm, FieldKind } from '../model/types.ts';
import { useDragAndDrop, type DragSource, type Slot } from './drag.ts';
import { bothLanguages } from './properties/both-languages.ts';

/** A new field of `kind` among `siblings`, labelled in both languages by its kind. */
function newField(kind: FieldKind, siblings: DesignField[], form: DesignForm): DesignField {
  const field = createField(kind, siblings, bothLanguages(`kind.${kind}`), (n) =>
    bothLanguages('prop.newOption', { n }),
  );
  // A duration counts the form's date range (or its first two dates) until the analyst picks others.
  if (kind === 'duration') field.duration = defaultDuration(form);
  return field;
}

export function useFieldCommands(
  form: DesignForm | undefined,
  setForm: (update: (form: DesignForm) => DesignForm) => void,
) {
  const t = useMessages(formDesignerMessages);
  const { locale } = useLocale();
  const [selected, setSelected] = useState<string | null>(null);
  // Phone: the properties are a sheet over the form; Done hides it, the field stays selected.
  const [sheetOpen, setSheetOpen] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const select = useCallback((uid: string | null) => {
    setSelected(uid);
    setSheetOpen(uid !== null);
  }, []);
  const labelText = (f: DesignField): string => f.label[locale] || f.label.en || f.key;

  const insert = (field: DesignField, container: string | null, index: number): void => {
    setForm((f) => insertField(f, container, index, field));
    select(field.uid);
    setAnnouncement(t('added', { label: labelText(field) }));
  };

  const addField = (kind: FieldKind): void => {
    if (!form) return;
    const at = selected ? locate(form.fields, selected) : null;
    let container: DesignField | null = null;
    let index = form.fields.length;
    if (at && (at.field.kind === 'section' || at.field.kind === 'table') && canHold(at.field, kind)) {
      container = at.field;
      index = at.field.children?.length ?? 0;
    } else if (at && canHold(at.parent, kind)) {
      container = at.parent;
      index = at.index + 1;
    }
    insert(
      newField(kind, container ? (container.children ?? []) : form.fields, form),
      container?.uid ?? null,
      index,
    );
  };

  const dragAndDrop = useDragAndDrop({
    accepts(source: DragSource, container: string | null) {
      if (!form || container === null) return true;
      const target = locate(form.fields, container);
      if (!target || !canHold(target.field, source.kind)) return false;
      if (source.type === 'field') {
        if (source.uid === container) return false;
        const dragged = locate(form.fields, source.uid);
        if (dragged && locate(dragged.field.children ?? [], container)) return false;
      }
      return true;
    },
    onDrop(source: DragSource, slot: Slot) {
      if (!form) return;
      if (source.type === 'palette') {
        const siblings = slot.container
          ? (locate(form.fields, slot.container)?.field.children ?? [])
          : form.fields;
        insert(newField(source.kind, siblings, form), slot.container, slot.index);
      } else {
        setForm((f) => moveField(f, source.uid, slot.container, slot.index));
        setSelected(source.uid);
      }
    },
  });

  const move = (uid: string, delta: -1 | 1): void => {
    if (!form) return;
    const at = locate(form.fields, uid);
    if (!at) return;
    const target = at.index + (delta > 0 ? 2 : -1);
    if (target < 0 || target > at.siblings.length) return;
    setForm((f) => moveField(f, uid, at.parent?.uid ?? null, target));
    const n = at.index + delta + 1;
    setAnnouncement(t('moved', { label: labelText(at.field), n, total: at.siblings.length }));
    // Keep the keyboard focus on the moved card's handle.
    requestAnimationFrame(() =>
      document
        .querySelector<HTMLElement>(`[data-field="${CSS.escape(at.field.key)}"] .f-fcard__main`)
        ?.focus(),
    );
  };

  const remove = (uid: string): void => {
    if (!form) return;
    const at = locate(form.fields, uid);
    if (!at) return;
    setForm((f) => removeField(f, uid));
    select(null);
    setAnnouncement(t('removed', { label: labelText(at.field) }));
  };

  const duplicate = (uid: string): void => {
    if (!form) return;
    const at = locate(form.fields, uid);
    if (!at) return;
    const copy = duplicateField(at.field, at.siblings);
    setForm((f) => insertField(f, at.parent?.uid ?? null, at.index + 1, copy));
    select(copy.uid);
  };

  const addColumn = (tableUid: string): void => {
    if (!form) return;
    const table = locate(form.fields, tableUid);
    if (!table) return;
    const field = createField('text', table.field.children ?? [], bothLanguages('kind.text'));
    setForm((f) => insertField(f, tableUid, table.field.children?.length ?? 0, field));
    select(field.uid);
  };

  /** Changes the selected field's properties. */
  const update = (patch: Partial<DesignField>): void => {
    if (selected) setForm((f) => updateField(f, selected, patch));
  };

  /** Moves the selected field to the end of a section or table, or of the form (null). */
  const moveTo = (container: string | null): void => {
    if (!selected || !form) return;
    const target = container ? locate(form.fields, container)?.field : null;
    setForm((f) =>
      moveField(f, selected, container, target ? (target.children?.length ?? 0) : f.fields.length),
    );
  };

  return {
    selected,
    select,
    sheetOpen,
    closeSheet: () => setSheetOpen(false),
    announcement,
    addField,
    ...dragAndDrop,
    move,
    remove,
    duplicate,
    addColumn,
    update,
    moveTo,
  };
}
