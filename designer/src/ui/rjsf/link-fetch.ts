// Link fields in the browser (pure): what the picker learnt about the records it offered (their
// titles, what their fetch-from gives), and "fetch from" applied as the user picks: the fields a
// link fetches take the picked record's values (the user may then type over them). The server
// applies the same on the write (services/documents/link-service.ts), for API clients, imports and
// automations, and keeps what the user typed over.
import { linkFields, linkKey, linkValues, type LinkField } from '#engine/core/documents/links.ts';
import type { JsonSchema } from '#engine/core/forms/schema-walk.ts';

type Json = Record<string, unknown>;

const titles = new Map<string, string>();
const fetchedBy = new Map<string, Record<string, unknown>>();

/** Titles of linked records (`<form>:<id>` → "SO-2026-0001 Chairs"), from the server or the picker. */
export function rememberTitles(entries: Record<string, string>): void {
  for (const [key, title] of Object.entries(entries)) titles.set(key, title);
}

export function titleOf(form: string, id: string): string | undefined {
  return titles.get(linkKey(form, id));
}

/** What picking `id` in link field `field` of form `form` fetches (as the picker was told). */
export function rememberFetched(
  form: string,
  field: string,
  id: string,
  values: Record<string, unknown>,
): void {
  fetchedBy.set(`${form}|${field}|${id}`, values);
}

const cache = new WeakMap<object, LinkField[]>();
function fieldsOf(schema: JsonSchema): LinkField[] {
  let fields = cache.get(schema);
  if (!fields) cache.set(schema, (fields = linkFields(schema)));
  return fields;
}

/** `next` with the fetch-from values of the links that changed since `prev` (a new object when any). */
export function applyFetched(form: string, schema: JsonSchema, prev: Json, next: Json): Json {
  const fields = fieldsOf(schema).filter((f) => Object.keys(f.fetch).length > 0);
  if (fields.length === 0) return next;
  const before = new Map(linkValues(fields, prev).map((v) => [v.pointer, v]));
  const out = structuredClone(next);
  let changed = false;
  for (const link of linkValues(fields, out)) {
    const old = before.get(link.pointer);
    if (old && old.value === link.value) continue;
    const values = fetchedBy.get(`${form}|${link.field.path}|${link.value}`);
    if (!values) continue;
    for (const to of Object.keys(link.field.fetch)) {
      if (values[to] === undefined) delete link.holder[to];
      else link.holder[to] = structuredClone(values[to]);
      changed = true;
    }
  }
  return changed ? out : next;
}
