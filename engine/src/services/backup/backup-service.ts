// Backups of the running installation, for the admin console: write an archive of the store, and
// stage a restore that is applied when Forma next opens its store (restore.ts). An archive carries
// the files' bytes from the blob store too. The command-line backup and restore (scripts/) call
// the same functions with the platform stopped.
import type { FieldCipher } from '#engine/core/crypto/field-cipher.ts';
import type { BlobStore } from '#engine/ports/blob-store.ts';
import type { Clock } from '#engine/ports/clock.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { UnavailableCipher } from '../records/encryption-keys.ts';
import type { BackupSummary } from './format.ts';
import {
  cancelPendingRestore,
  pendingRestore,
  stageRestore,
  type KeyCheck,
  type RestorePlan,
} from './restore.ts';
import { writeBackupFile } from './write-backup.ts';

export class BackupService {
  constructor(
    private readonly deps: {
      store: DocumentStore;
      blobs: BlobStore;
      clock: Clock;
      cipher: FieldCipher;
      audit: AuditLog;
    },
  ) {}

  /**
   * Writes an archive of every collection to `file`, stamped `createdAt`; its manifest holds the
   * sealed anchor of the audit chain's head, also appended to the anchor file.
   */
  write(file: string, createdAt: string): Promise<BackupSummary> {
    return writeBackupFile(this.deps.store, file, {
      createdAt,
      blobs: this.deps.blobs,
      anchorAudit: (head) => this.deps.audit.anchor('backup', head),
    });
  }

  /** The restore waiting for the next start, if any. */
  pending(): Promise<RestorePlan | null> {
    return pendingRestore(this.deps.store);
  }

  /** Checks an uploaded archive in full and stages it (replacing one staged earlier). */
  stage(file: string, stagedBy: { userId: string; login: string }): Promise<RestorePlan> {
    return stageRestore(this.deps.store, file, {
      clock: this.deps.clock,
      blobs: this.deps.blobs,
      keys: this.keys(),
      stagedBy,
    });
  }

  /** Drops the staged restore; false when there was none. */
  cancel(): Promise<boolean> {
    return cancelPendingRestore(this.deps.store);
  }

  /** The keys this process decrypts with (a restore needs every key its backup's values use). */
  keys(): KeyCheck {
    const cipher = this.deps.cipher;
    return {
      available: cipher instanceof UnavailableCipher ? null : cipher.keyring.ids,
      hint: 'install them (ENCRYPTION_KEY, or the key file of the installation that made the backup) and restart Forma',
      hintZh: '请安装这些密钥（ENCRYPTION_KEY，或生成该备份的系统的密钥文件）并重启 Forma',
    };
  }
}
