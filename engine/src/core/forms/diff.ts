// What changed between two versions of a record's data (pure), for its history: one entry per
// changed leaf of nested objects; lists compare as whole values (a line added, removed or edited
// shows the list before and after).

export interface FieldChange {
  /** JSON pointer of the changed field inside the data. */
  path: string;
  before?: unknown;
  after?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function diffData(before: unknown, after: unknown, pointer = ''): FieldChange[] {
  if (isObject(before) && isObject(after)) {
    const out: FieldChange[] = [];
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of keys) {
      const child = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      out.push(...diffData(before[key], after[key], child));
    }
    return out;
  }
  if (sameJson(before, after)) return [];
  const change: FieldChange = { path: pointer };
  if (before !== undefined) change.before = before;
  if (after !== undefined) change.after = after;
  return [change];
}

export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => sameJson(a[k], b[k]));
  }
  return false;
}
