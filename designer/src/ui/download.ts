// Hands a file to the browser to save. The object URL is kept a while after the click (the save
// may start late) — longer for a file that may be large (a backup).
export function download(file: Blob, name: string, keepMs = 10_000): void {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), keepMs);
}
