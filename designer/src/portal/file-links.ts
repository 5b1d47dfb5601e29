// Links to attached files and their sizes (pure, tiny: the first load uses it).

/** The address of an attached file (`file:<id>`), read through the request it belongs to. */
export function fileHref(ref: string, requestId?: string): string | null {
  if (!ref.startsWith('file:')) return /^https?:\/\//.test(ref) ? ref : null;
  const id = encodeURIComponent(ref.slice(5));
  return `/api/files/${id}${requestId ? `?request=${encodeURIComponent(requestId)}` : ''}`;
}

/** "1.2 MB" / "830 KB". */
export function fileSize(bytes: number | undefined): string {
  if (bytes === undefined) return '';
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
