// Edits of the designer's field tree (pure, immutable): find, add, change, remove, move, rename.
// A container is the form itself (null), a section or a table; sections hold any field but another
// section, tables hold simple columns only.
import {
  COLUMN_KINDS,
  newUid,
  type DesignField,
  type DesignForm,
  type FieldKind,
  type LocalizedText,
  rangeLabelsOf,
} from './types.ts';

export interface Located {
  field: DesignField;
  /** The section or table holding it, null at the top. */
  parent: DesignField | null;
  index: number;
  siblings: DesignField[];
  /** Field path, e.g. `lines.amount`. */
  path: string;
}

export function locate(
  fields: DesignField[],
  uid: string,
  parent: DesignField | null = null,
  base = '',
): Located | null {
  for (const [index, field] of fields.entries()) {
    const path = base ? `${base}.${field.key}` : field.key;
    if (field.uid === uid) return { field, parent, index, siblings: fields, path };
    if (field.children) {
      const found = locate(field.children, uid, field, path);
      if (found) return found;
    }
  }
  return null;
}

/** Every field with its path and depth, in display order. */
export function flatten(
  fields: DesignField[],
  base = '',
  depth = 0,
  parent: DesignField | null = null,
): { field: DesignField; path: string; depth: number; parent: DesignField | null }[] {
  return fields.flatMap((field) => {
    const path = base ? `${base}.${field.key}` : field.key;
    return [
      { field, path, depth, parent },
      ...(field.children ? flatten(field.children, path, depth + 1, field) : []),
    ];
  });
}

/** Whether a field of `kind` may live in `container` (null: the form itself). */
export function canHold(container: DesignField | null, kind: FieldKind): boolean {
  if (!container) return true;
  if (container.kind === 'section') return kind !== 'section';
  if (container.kind === 'table') return COLUMN_KINDS.includes(kind);
  return false;
}

function mapTree(
  fields: DesignField[],
  fn: (list: DesignField[], parent: DesignField | null) => DesignField[],
  parent: DesignField | null = null,
): DesignField[] {
  const mapped = fn(fields, parent);
  return mapped.map((f) => (f.children ? { ...f, children: mapTree(f.children, fn, f) } : f));
}

/** Applies `fn` to the list of `containerUid` (null: the top level). */
function withContainer(
  form: DesignForm,
  containerUid: string | null,
  fn: (list: DesignField[]) => DesignField[],
): DesignForm {
  if (containerUid === null) return { ...form, fields: fn(form.fields) };
  return {
    ...form,
    fields: mapTree(form.fields, (list) =>
      list.map((f) => (f.uid === containerUid ? { ...f, children: fn(f.children ?? []) } : f)),
    ),
  };
}

export function updateField(form: DesignForm, uid: string, patch: Partial<DesignField>): DesignForm {
  const found = locate(form.fields, uid);
  if (!found) return form;
  let next: DesignForm = {
    ...form,
    fields: mapTree(form.fields, (list) => list.map((f) => (f.uid === uid ? clean({ ...f, ...patch }) : f))),
  };
  if (patch.key !== undefined && patch.key !== found.field.key)
    next = renameReferences(next, found, patch.key);
  return next;
}

/** Drops properties set to undefined (so a cleared value disappears from the definition). */
function clean(field: DesignField): DesignField {
  for (const key of Object.keys(field) as (keyof DesignField)[])
    if (field[key] === undefined) delete field[key];
  return field;
}

/** After a rename: conditions of the siblings and the form's title field follow. */
function renameReferences(form: DesignForm, found: Located, key: string): DesignForm {
  const old = found.field.key;
  const parentUid = found.parent?.uid ?? null;
  let next = withContainer(form, parentUid, (list) =>
    list.map((f) =>
      f.visibleWhen?.field === old ? { ...f, visibleWhen: { ...f.visibleWhen, field: key } } : f,
    ),
  );
  const newPath = found.path.slice(0, found.path.length - old.length) + key;
  if (form.titleField === found.path) next = { ...next, titleField: newPath };
  return next;
}

export function removeField(form: DesignForm, uid: string): DesignForm {
  const found = locate(form.fields, uid);
  if (!found) return form;
  const key = found.field.key;
  let next = withContainer(form, found.parent?.uid ?? null, (list) =>
    list
      .filter((f) => f.uid !== uid)
      .map((f) => {
        if (f.visibleWhen?.field !== key) return f;
        const copy = { ...f };
        delete copy.visibleWhen;
        return copy;
      }),
  );
  if (form.titleField === found.path) {
    next = { ...next };
    delete next.titleField;
  }
  return next;
}

export function insertField(
  form: DesignForm,
  containerUid: string | null,
  index: number,
  field: DesignField,
): DesignForm {
  return withContainer(form, containerUid, (list) => {
    const copy = [...list];
    copy.splice(Math.max(0, Math.min(index, copy.length)), 0, field);
    return copy;
  });
}

/**
 * Moves a field to `index` of a container (counted in the container as it is before the move).
 * Returns the form unchanged when the move is not allowed (a section into itself, a section into
 * a section, a non-column into a table).
 */
export function moveField(
  form: DesignForm,
  uid: string,
  containerUid: string | null,
  index: number,
): DesignForm {
  const found = locate(form.fields, uid);
  if (!found) return form;
  const container = containerUid === null ? null : (locate(form.fields, containerUid)?.field ?? undefined);
  if (container === undefined) return form;
  if (!canHold(container, found.field.kind)) return form;
  if (containerUid !== null && locate(found.field.children ?? [], containerUid)) return form;
  if (containerUid === uid) return form;
  const sameContainer = (found.parent?.uid ?? null) === containerUid;
  let target = index;
  if (sameContainer && index > found.index) target -= 1;
  if (sameContainer && target === found.index) return form;
  let field = found.field;
  const siblings = containerUid === null ? form.fields : (container?.children ?? []);
  if (!sameContainer) {
    // A key must be unique in its new container; a condition on an old sibling no longer applies.
    field = { ...field, key: uniqueKey(siblings, field.key) };
    delete field.visibleWhen;
  }
  const removed = sameContainer
    ? withContainer(form, containerUid, (list) => list.filter((f) => f.uid !== uid))
    : removeField(form, uid);
  return insertField(removed, containerUid, target, field);
}

/** Turns a label into a field key: `Amount (CNY)` → `amountCny`. */
export function keyFromLabel(label: string): string {
  const words = label
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const camel = words
    .map((word, i) => {
      const w = word === word.toUpperCase() ? word.toLowerCase() : word;
      return i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1);
    })
    .join('');
  const key = /^[A-Za-z]/.test(camel) ? camel : camel ? `f${camel}` : '';
  return key.slice(0, 48);
}

export function uniqueKey(siblings: DesignField[], wanted: string): string {
  const base = wanted || 'field';
  const taken = new Set(siblings.map((f) => f.key));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}

export const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** A new field of a kind, named from its palette label (both languages). */
export function createField(
  kind: FieldKind,
  siblings: DesignField[],
  label: LocalizedText,
  optionLabel: (n: number) => LocalizedText = (n) => ({ en: `Option ${n}`, 'zh-CN': `选项 ${n}` }),
): DesignField {
  const field: DesignField = {
    uid: newUid(),
    fresh: true,
    key: uniqueKey(siblings, keyFromLabel(label.en) || kind),
    kind,
    label: { ...label },
    required: false,
  };
  if (kind === 'select' || kind === 'multiSelect')
    field.options = [
      { value: 'option1', label: optionLabel(1) },
      { value: 'option2', label: optionLabel(2) },
    ];
  if (kind === 'table' || kind === 'section') field.children = [];
  if (kind === 'table') field.min = '1';
  if (kind === 'dateRange') field.rangeLabels = rangeLabelsOf(field);
  return field;
}

/** A copy of a field (and its children) with new session ids and a free key. */
export function duplicateField(field: DesignField, siblings: DesignField[]): DesignField {
  const copy = (f: DesignField): DesignField => ({
    ...structuredClone(f),
    uid: newUid(),
    ...(f.children ? { children: f.children.map(copy) } : {}),
  });
  const out = copy(field);
  out.key = uniqueKey(siblings, field.key);
  out.fresh = true;
  return out;
}

/** After publishing: every field keeps its name from now on (flows may use it). */
export function settle(form: DesignForm): DesignForm {
  const walk = (fields: DesignField[]): DesignField[] =>
    fields.map((f) => {
      const copy: DesignField = { ...f, ...(f.children ? { children: walk(f.children) } : {}) };
      delete copy.fresh;
      return copy;
    });
  return { ...form, fields: walk(form.fields) };
}
