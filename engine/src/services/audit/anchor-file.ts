// The anchor file: one sealed anchor per line, only ever appended (O_APPEND, synced to disk), in a
// directory outside DATA_DIR (AUDIT_ANCHOR_DIR; put it on another disk or a share, and make it
// append-only there with `chattr +a` where the file system allows). Several processes may append
// to one file: each line is written by one write(2) far below the size a local file system keeps
// whole.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { isAnchor, type AuditAnchor } from '#engine/core/audit/anchors.ts';
import { ANCHOR_FILE_NAME } from './audit-config.ts';

/** Where anchors are kept and read back. */
export interface AnchorBook {
  append(anchor: AuditAnchor): Promise<void>;
  /** Every anchor in the order written, and how many lines were not anchors (damage). */
  read(): Promise<{ anchors: AuditAnchor[]; damaged: number }>;
  /** Where they are, for messages. */
  readonly location: string;
}

export class AnchorFile implements AnchorBook {
  readonly location: string;

  constructor(dir: string) {
    this.location = join(dir, ANCHOR_FILE_NAME);
  }

  async append(anchor: AuditAnchor): Promise<void> {
    mkdirSync(join(this.location, '..'), { recursive: true });
    const fd = openSync(this.location, 'a', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(anchor)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  async read(): Promise<{ anchors: AuditAnchor[]; damaged: number }> {
    let text: string;
    try {
      text = readFileSync(this.location, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { anchors: [], damaged: 0 };
      throw e;
    }
    const anchors: AuditAnchor[] = [];
    let damaged = 0;
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const parsed: unknown = JSON.parse(line);
        if (isAnchor(parsed)) anchors.push(parsed);
        else damaged++;
      } catch {
        damaged++;
      }
    }
    return { anchors, damaged };
  }
}
