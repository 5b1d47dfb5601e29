// Merge fields of a mailing's template (pure): `{{path}}` is the value at that path of the
// recipient's record data (`{{name}}`, `{{contacts.0.name}}`), empty when it has none. Only
// texts and numbers are merged; anything else (an object, a list) leaves the field empty, so a
// template never prints a structure. Paths are names, dots and digits — nothing is evaluated.
const FIELD = /\{\{\s*([A-Za-z_][\w-]*(?:\.[\w-]+)*)\s*\}\}/g;

function valueAt(data: unknown, path: string): unknown {
  let at: unknown = data;
  for (const part of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

/** The text with its merge fields filled from `data`. */
export function fillTemplate(text: string, data: unknown): string {
  return text.replace(FIELD, (_, path: string) => {
    const v = valueAt(data, path);
    return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
  });
}

/** The merge fields a text names (to check them against the form's fields). */
export function mergeFields(text: string): string[] {
  return [...text.matchAll(FIELD)].map((m) => m[1]!);
}
