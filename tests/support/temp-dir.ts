import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A fresh directory under the OS temp dir, and a function removing it — and its sibling
 * `<dir>-audit`, where a platform whose DATA_DIR this is keeps its audit key and anchors.
 */
export function tempDir(label: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `forma-${label}-`));
  return {
    dir,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
      rmSync(`${dir}-audit`, { recursive: true, force: true });
    },
  };
}
