// The administrators hear of a backup that failed or is late: a notification in their centre
// (and by e-mail when a channel is configured), keyed so each failed run and each owed slot is
// told once, however many ticks or workers notice it.
import type { NotificationService } from '../../notifications/notification-service.ts';
import type { StoredRun } from './backup-runs.ts';

export const BACKUP_FAILED_KIND = 'backup.failed';
export const BACKUP_LATE_KIND = 'backup.late';
const LINK = '/admin/backup';

export class BackupAlerts {
  constructor(
    private readonly notifications: NotificationService,
    private readonly canMail: boolean,
  ) {}

  private channels(): { channels?: string[] } {
    return this.canMail ? { channels: ['email'] } : {};
  }

  async failed(run: StoredRun): Promise<void> {
    await this.notifications.send({
      to: { roles: ['admin'] },
      kind: BACKUP_FAILED_KIND,
      key: `backup-failed.${run.id}`,
      source: { type: 'backup', id: run.id },
      title: {
        en: `Backup of ${run.startedAt.slice(0, 16).replace('T', ' ')} UTC failed`,
        'zh-CN': `${run.startedAt.slice(0, 16).replace('T', ' ')}（UTC）的备份失败`,
      },
      body: {
        en: `${run.reason ?? 'Unknown error'}\nNo new backup was kept; the earlier verified backups are untouched. See Admin → Backup & restore.`,
        'zh-CN': `${run.reasonZh ?? run.reason ?? '未知错误'}\n本次未保留新备份；此前已校验的备份未受影响。请查看“管理 → 备份与恢复”。`,
      },
      link: LINK,
      ...this.channels(),
    });
  }

  /** `lastVerifiedAt`: ISO time of the newest verified backup, or null when there is none. */
  async late(owedSlot: number, lastVerifiedAt: string | null): Promise<void> {
    const owed = new Date(owedSlot).toISOString();
    const last = lastVerifiedAt ? lastVerifiedAt.slice(0, 16).replace('T', ' ') : null;
    await this.notifications.send({
      to: { roles: ['admin'] },
      kind: BACKUP_LATE_KIND,
      key: `backup-late.${owed}`,
      source: { type: 'backup', id: `late-${owed}` },
      title: {
        en: `Backups are late: none verified since the one due ${owed.slice(0, 16).replace('T', ' ')} UTC`,
        'zh-CN': `备份已逾期：${owed.slice(0, 16).replace('T', ' ')}（UTC）应完成的备份尚未校验通过`,
      },
      body: {
        en: `The newest verified backup is ${last ? `of ${last} UTC` : 'missing: there is none'}. Check that the workers run and that BACKUP_DIR is mounted and writable.`,
        'zh-CN': `最新的已校验备份${last ? `为 ${last}（UTC）` : '不存在'}。请检查工作进程是否在运行，以及 BACKUP_DIR 是否已挂载且可写。`,
      },
      link: LINK,
      ...this.channels(),
    });
  }
}
