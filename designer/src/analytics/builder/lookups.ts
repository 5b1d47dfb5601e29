// Linked records in the builder (pure): a lookup picks a field of the source (a link, or any text
// field matched against a field of another form, such as an item code) and makes every field of
// the linked form available to filters, groups and measures, named "Customer › Region". Only the
// linked fields a report uses become lookups of its definition (one per field, plus those a later
// lookup reads through), so a report reads no more forms than it needs; a saved report's lookups
// come back as the builder's, their names rebuilt the same way.
import type { Draft, SourceEntry, SourceField } from './draft.ts';

type Text = { en: string; 'zh-CN': string };

export interface BuilderLookup {
  /** The row's field whose value is looked up (the source's, or an earlier lookup's). */
  field: string;
  /** The form whose records are looked in. */
  form: string;
  /** Their field matched against it (`id` for a link). */
  key: string;
}

/** A field the builder offers: the source's, or a linked record's (`from`). */
export interface OfferedField extends SourceField {
  from?: { lookup: number; value: string };
}

type EngineLookup = NonNullable<Draft['lookups']>[number];

const ident = (path: string) =>
  path
    .replace(/^data\./, '')
    .replace(/[^A-Za-z0-9_]/g, '_')
    .replace(/^([0-9])/, '_$1') || 'value';

/** Each lookup's prefix of the names it sets (`customer`, `lines_item`; `_2` on a repeat). */
export function lookupNames(lookups: readonly BuilderLookup[]): string[] {
  const taken = new Set<string>();
  return lookups.map((l) => {
    let name = ident(l.field);
    for (let i = 2; taken.has(name); i++) name = `${ident(l.field)}_${i}`;
    taken.add(name);
    return name;
  });
}

/** The form source (not its lines) of a form id, from the catalogue. */
export const formEntry = (sources: readonly SourceEntry[], id: string) =>
  sources.find((s) => s.kind === 'form' && s.id === id && !s.unwind);

/** The source's fields and those of each linked record, in order. */
export function offeredFields(
  source: SourceEntry,
  lookups: readonly BuilderLookup[],
  sources: readonly SourceEntry[],
): OfferedField[] {
  const out: OfferedField[] = [...source.fields];
  const names = lookupNames(lookups);
  lookups.forEach((l, i) => {
    const via: Text = out.find((f) => f.path === l.field)?.label ?? { en: l.field, 'zh-CN': l.field };
    for (const f of formEntry(sources, l.form)?.fields ?? [])
      out.push({
        path: `${names[i]}_${ident(f.path)}`,
        label: { en: `${via.en} › ${f.label.en}`, 'zh-CN': `${via['zh-CN']} › ${f.label['zh-CN']}` },
        type: f.type,
        ...(f.link ? { link: f.link } : {}),
        from: { lookup: i, value: f.path },
      });
  });
  return out;
}

/** The definition's lookups: a linked field the report uses, and what a used lookup reads through. */
export function draftLookups(
  lookups: readonly BuilderLookup[],
  fields: readonly OfferedField[],
  used: Iterable<string>,
): EngineLookup[] {
  const needed = new Set(used);
  const per: EngineLookup[][] = lookups.map(() => []);
  for (let i = lookups.length - 1; i >= 0; i--) {
    const l = lookups[i]!;
    for (const f of fields)
      if (f.from?.lookup === i && needed.has(f.path))
        per[i]!.push({ field: l.field, form: l.form, key: l.key, value: f.from.value, as: f.path });
    if (per[i]!.length) needed.add(l.field);
  }
  return per.flat();
}

/** A saved definition's lookups back as the builder's (one per field, form and key matched). */
export function builderLookups(lookups: readonly EngineLookup[] | undefined): BuilderLookup[] {
  const out: BuilderLookup[] = [];
  for (const l of lookups ?? [])
    if (!out.some((b) => b.field === l.field && b.form === l.form && b.key === l.key))
      out.push({ field: l.field, form: l.form, key: l.key });
  return out;
}

interface Parts {
  filters: Array<{ field: string }>;
  groups: Array<{ field: string }>;
  measures: Array<{ op: string; field: string }>;
}

/**
 * The parts once the offered fields changed (a linked record removed or pointed elsewhere): a
 * filter or group on a field no longer offered goes, a measure's field is cleared (its place kept,
 * as alerts point at measures by place).
 */
export function withoutStale<S extends Parts>(state: S, fields: readonly { path: string }[]): S {
  const offered = new Set(fields.map((f) => f.path));
  const ok = (path: string) => !path || offered.has(path);
  return {
    ...state,
    filters: state.filters.filter((f) => ok(f.field)),
    groups: state.groups.filter((g) => ok(g.field)),
    measures: state.measures.map((m) => (ok(m.field) ? m : { ...m, field: '' })),
  };
}
