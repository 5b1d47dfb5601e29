// Files attached to requests and approval actions (pure): the `file:<id>` reference a form field
// or an attachment stores, finding the references inside a request, and how a download is served.
// A file id is random (unguessable), but never the only key: see services/files/file-service.ts.

export const FILE_REF_PREFIX = 'file:';

/** Most bytes one file may have (uploads are sent base64 in JSON; the route allows for that). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export const fileRef = (id: string): string => `${FILE_REF_PREFIX}${id}`;

/** The id in a `file:<id>` reference (null for anything else). */
export function fileIdOf(ref: unknown): string | null {
  if (typeof ref !== 'string' || !ref.startsWith(FILE_REF_PREFIX)) return null;
  const id = ref.slice(FILE_REF_PREFIX.length);
  return /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/.test(id) ? id : null;
}

/** Whether `value` (form data, process variables, a timeline — any JSON) mentions the file. */
export function mentionsFile(value: unknown, id: string, depth = 0): boolean {
  if (depth > 32) return false;
  if (typeof value === 'string') return fileIdOf(value) === id;
  if (Array.isArray(value)) return value.some((v) => mentionsFile(v, id, depth + 1));
  if (value && typeof value === 'object')
    return Object.values(value as Record<string, unknown>).some((v) => mentionsFile(v, id, depth + 1));
  return false;
}

/**
 * Types a browser may show in the page (pictures of receipts, PDF invoices). Anything else —
 * HTML, SVG, scripts, unknown — is sent as a download, so an uploaded file can never run as part
 * of the app.
 */
const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf']);

export function servedAs(contentType: string | undefined): { contentType: string; inline: boolean } {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (INLINE_TYPES.has(type)) return { contentType: type, inline: true };
  return { contentType: 'application/octet-stream', inline: false };
}

/** A Content-Disposition header for a file name in any script (RFC 6266 / 5987). */
export function contentDisposition(name: string, inline: boolean): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
