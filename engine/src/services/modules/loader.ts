// Reads module folders from disk into the text maps the pure checker takes. Hidden files and
// folders are skipped; anything else is read (so a stray file is reported, not ignored).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { ModuleFiles } from '#engine/core/modules/definition.ts';

const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** Sub-folders of the modules directory (each one a module). */
export function moduleFolders(modulesDir: string): string[] {
  if (!existsSync(modulesDir)) return [];
  return readdirSync(modulesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.'))
    .map((d) => d.name)
    .sort();
}

export function readModuleFolder(modulesDir: string, folder: string): ModuleFiles {
  const root = join(modulesDir, folder);
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) {
        const path = relative(root, full).split(sep).join('/');
        files.set(path, statSync(full).size > MAX_FILE_BYTES ? '' : readFileSync(full, 'utf8'));
      }
    }
  };
  walk(root);
  return { folder, files };
}
