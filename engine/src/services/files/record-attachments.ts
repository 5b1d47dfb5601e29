// Files in a record's data (`file:<id>` in a file-ref field: a receipt on an expense line) are
// checked on every write, whoever writes — the API, a request's submit, an automation: a file id
// that appears in the data for the first time must be one the writer may read (file-bindings.ts),
// or the write is refused (403 FILE_NOT_ATTACHABLE, with the field's path). Once stored, the
// record is where such a file was first attached, unless it was attached somewhere before.
import { fileIdOf } from '#engine/core/files/files.ts';
import type { DataGuard } from '../records/record-service.ts';
import { fileErrors } from '#engine/core/files/errors.ts';
import type { FileBindings } from './file-bindings.ts';

/** Every file reference inside `value`, with its JSON pointer. */
export function fileRefsIn(value: unknown, pointer = ''): Array<{ id: string; path: string }> {
  const out: Array<{ id: string; path: string }> = [];
  collectRefs(value, pointer, [], out);
  return out;
}

// Every write walks its whole data: the pointer of a place is only spelled out for a file found.
function collectRefs(
  value: unknown,
  pointer: string,
  path: Array<string | number>,
  out: Array<{ id: string; path: string }>,
): void {
  if (path.length > 32) return;
  const id = fileIdOf(value);
  if (id) out.push({ id, path: pointer + path.map((p) => `/${escapeToken(p)}`).join('') });
  else if (Array.isArray(value))
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      collectRefs(value[i], pointer, path, out);
      path.pop();
    }
  else if (typeof value === 'object' && value !== null)
    for (const key of Object.keys(value)) {
      path.push(key);
      collectRefs((value as Record<string, unknown>)[key], pointer, path, out);
      path.pop();
    }
}

const escapeToken = (p: string | number): string =>
  typeof p === 'number' ? String(p) : p.replace(/~/g, '~0').replace(/\//g, '~1');

export function recordAttachments(bindings: FileBindings): DataGuard {
  return async ({ actor, form, row, recordId, before, after }) => {
    const held = new Set(fileRefsIn(before).map((f) => f.id));
    const added = fileRefsIn(after, '/data').filter((f) => !held.has(f.id));
    if (added.length === 0) return;
    const record = { form: form.definition.id, id: recordId };
    const refused = await bindings.refusals(actor, added, { record });
    if (refused.length) throw fileErrors.notAttachable(refused);
    const target = { record, ...(row?.instanceId ? { instanceId: row.instanceId } : {}) };
    return async () => {
      for (const f of added) await bindings.bind(f.id, target, actor.principal.userId);
    };
  };
}
