// The scheduled backups in the metrics (/api/metrics), read from the run history when scraped:
//
//   forma_backup_last_verified_timestamp_seconds   when the newest verified backup was made (0: none)
//   forma_backup_last_verified_age_seconds         how old it is (-1: none)
//   forma_backup_late                              1 when the backup owed by now is missing
//   forma_backup_last_run_failed                   1 when the latest finished run failed
//   forma_backup_enabled                           1 when BACKUP_DIR is set
//
// Alert on `forma_backup_late == 1` or `forma_backup_last_run_failed == 1`, as the notification
// centre does.
import type { MetricsRegistry } from '#engine/core/metrics/registry.ts';
import type { ScheduledBackups } from './scheduled-backups.ts';

export function registerBackupMetrics(registry: MetricsRegistry, backups: ScheduledBackups): void {
  const at = registry.gauge(
    'forma_backup_last_verified_timestamp_seconds',
    'When the newest verified scheduled backup was made, in seconds since the epoch (0: none).',
  );
  const age = registry.gauge(
    'forma_backup_last_verified_age_seconds',
    'Age of the newest verified scheduled backup in seconds (-1: none).',
  );
  const late = registry.gauge('forma_backup_late', '1 when the scheduled backup owed by now is missing.');
  const failed = registry.gauge('forma_backup_last_run_failed', '1 when the latest backup run failed.');
  const enabled = registry.gauge('forma_backup_enabled', '1 when scheduled backups are configured.');
  registry.collect(async () => {
    const s = await backups.status();
    at.set({}, s.lastVerified ? Math.floor(Date.parse(s.lastVerified.at) / 1000) : 0);
    age.set({}, s.ageSeconds ?? -1);
    late.set({}, s.late ? 1 : 0);
    failed.set({}, s.lastRun?.state === 'failed' ? 1 : 0);
    enabled.set({}, s.enabled ? 1 : 0);
  });
}
