// The catalogue entry as the dialog edits it: where the server's problems belong (its JSON
// pointers), the dialog's own checks before sending, and the entry id a flow suggests.
/** The catalogue's entry ids (common.schema.json#/$defs/id). */
export const ENTRY_ID = /^[a-z0-9][a-z0-9._-]{0,127}$/;
/** The built-in group entries published from the designer are filed under. */
export const CUSTOM_MODULE = 'custom';

export type FieldKey =
  'id' | 'nameEn' | 'nameZh' | 'form' | 'flow' | 'descEn' | 'descZh' | 'roles' | 'module';

export type FieldErrors = Partial<Record<FieldKey, string>>;

/** A request id from a process id: lower case, other characters as dashes. */
export function entryIdFrom(processId: string): string {
  return processId
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 128);
}

/** Where each of the server's JSON pointers belongs in the dialog. */
export function fieldOf(path: string): FieldKey | null {
  if (path === '/id') return 'id';
  if (path === '/name' || path === '/name/en') return 'nameEn';
  if (path === '/name/zh-CN') return 'nameZh';
  if (path === '/form') return 'form';
  if (path === '/flow') return 'flow';
  if (path === '/description' || path === '/description/en') return 'descEn';
  if (path === '/description/zh-CN') return 'descZh';
  if (path === '/startRoles' || path.startsWith('/startRoles/')) return 'roles';
  if (path === '/module') return 'module';
  return null;
}

/**
 * The server's problems by field, in the user's language: a role's problem names the role, so all
 * of them are kept; every other field shows its first.
 */
export function serverErrors(
  details: readonly { path: string; message: string; messageZh?: string | undefined }[],
  zh: boolean,
): FieldErrors {
  const at: Partial<Record<FieldKey, string[]>> = {};
  for (const detail of details) {
    const key = fieldOf(detail.path);
    if (!key) continue;
    const text = zh ? (detail.messageZh ?? detail.message) : detail.message;
    if (key === 'roles' || !at[key]) at[key] = [...(at[key] ?? []), text];
  }
  return Object.fromEntries(Object.entries(at).map(([k, v]) => [k, v.join(' · ')]));
}

export interface EntryDraft {
  id: string;
  name: { en: string; 'zh-CN': string };
  form: string;
  description: { en: string; 'zh-CN': string };
}

/** What the dialog checks before sending; each message key is the catalogue's. */
export function checkEntry(entry: EntryDraft): Partial<Record<FieldKey, 'missing' | 'badId' | 'descBoth'>> {
  const found: Partial<Record<FieldKey, 'missing' | 'badId' | 'descBoth'>> = {};
  if (!entry.id.trim()) found.id = 'missing';
  else if (!ENTRY_ID.test(entry.id.trim())) found.id = 'badId';
  if (!entry.name.en.trim()) found.nameEn = 'missing';
  if (!entry.name['zh-CN'].trim()) found.nameZh = 'missing';
  if (!entry.form) found.form = 'missing';
  const [en, zh] = [entry.description.en.trim(), entry.description['zh-CN'].trim()];
  if (!en !== !zh) found[en ? 'descZh' : 'descEn'] = 'descBoth';
  return found;
}

/** The entry's start roles: the checked ones, or those typed (when the roles could not be read). */
export function typedRoles(text: string): string[] {
  return text.split(/[\s,，]+/).filter(Boolean);
}
