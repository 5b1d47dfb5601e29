// Scheduled backups, built over the services they need (the composition root calls this).
import type { Clock } from '#engine/ports/clock.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import type { PlatformMetrics } from '../../metrics/platform-metrics.ts';
import type { NotificationService } from '../../notifications/notification-service.ts';
import type { BackupService } from '../backup-service.ts';
import { BackupAlerts } from './backup-alerts.ts';
import { registerBackupMetrics } from './backup-metrics.ts';
import { ScheduledBackups, type ScheduledBackupsOptions } from './scheduled-backups.ts';
import { DEFAULT_BACKUP_SCHEDULE, type BackupScheduleSettings } from './schedule-settings.ts';

export { BACKUP_QUEUE, BACKUP_SCHEDULER, ScheduledBackups } from './scheduled-backups.ts';

export async function createScheduledBackups(deps: {
  settings?: BackupScheduleSettings;
  store: DocumentStore;
  clock: Clock;
  backup: BackupService;
  notifications: NotificationService;
  canMail: boolean;
  metrics: PlatformMetrics;
  dataDir?: string;
  log?: ScheduledBackupsOptions['log'];
}): Promise<ScheduledBackups> {
  const backups = new ScheduledBackups({
    settings: deps.settings ?? DEFAULT_BACKUP_SCHEDULE,
    store: deps.store,
    clock: deps.clock,
    backup: deps.backup,
    alerts: new BackupAlerts(deps.notifications, deps.canMail),
    ...(deps.dataDir ? { dataDir: deps.dataDir } : {}),
    ...(deps.log ? { log: deps.log } : {}),
  });
  await backups.init();
  registerBackupMetrics(deps.metrics.registry, backups);
  return backups;
}
