// The "abnormal export" alert: when one user exports more than `rowThreshold` rows within
// `windowMs` (summed over all forms and API replicas), admins are alerted once for that window —
// the export that crosses the threshold raises it; later exports in the same window do not
// repeat it. Exports are counted in the store (`record_exports`), not in memory, so every
// replica sees the same totals. Defaults: 1000 rows per hour (EXPORT_ALERT_ROWS,
// EXPORT_ALERT_WINDOW_MINUTES override them).
import type { Clock } from '#engine/ports/clock.ts';
import type { Collection, DocumentStore } from '#engine/ports/document-store.ts';
import type { DecidedActor } from '#engine/core/actor.ts';
import { recordAudit, type AuditSink } from '../audit/record-audit.ts';

export const RECORD_EXPORTS = 'record_exports';

export interface AbnormalExportAlert {
  code: 'ABNORMAL_EXPORT';
  message: string;
  messageZh: string;
  userId: string;
  login: string;
  /** Rows the user exported within the window, this export included. */
  rows: number;
  windowMs: number;
  threshold: number;
  form: string;
  at: string;
}

/** Delivers alerts to the admins (the notification service implements it). */
export interface AlertSink {
  alertAdmins(alert: AbnormalExportAlert): Promise<void>;
}

export interface ExportAlertConfig {
  rowThreshold: number;
  windowMs: number;
}

export function exportAlertConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ExportAlertConfig {
  const rows = Number(env.EXPORT_ALERT_ROWS ?? 1000);
  const minutes = Number(env.EXPORT_ALERT_WINDOW_MINUTES ?? 60);
  return {
    rowThreshold: Number.isFinite(rows) && rows >= 0 ? rows : 1000,
    windowMs: (Number.isFinite(minutes) && minutes > 0 ? minutes : 60) * 60_000,
  };
}

interface ExportLogEntry {
  id?: string;
  userId: string;
  form: string;
  rows: number;
  at: number;
}

export class ExportAlertMonitor {
  private readonly log: Collection<ExportLogEntry>;

  constructor(
    private readonly options: {
      store: DocumentStore;
      clock: Clock;
      config: ExportAlertConfig;
      alerts?: AlertSink;
      audit?: AuditSink;
    },
  ) {
    this.log = options.store.collection<ExportLogEntry>(RECORD_EXPORTS);
  }

  async init(): Promise<void> {
    await this.log.ensureIndex({ fields: [['userId', 1]] });
  }

  /** Counts an export; raises the alert when it takes the user over the threshold. */
  async recordExport(
    actor: DecidedActor,
    form: string,
    rows: number,
  ): Promise<{ windowRows: number; alerted: boolean }> {
    const now = this.options.clock.now();
    const { rowThreshold, windowMs } = this.options.config;
    const userId = actor.principal.userId;
    await this.log.insert({ userId, form, rows, at: now });
    const { items } = await this.log.find({ userId, at: { $gt: now - windowMs } }, { projection: ['rows'] });
    const windowRows = items.reduce((sum, e) => sum + e.rows, 0);
    const alerted = windowRows > rowThreshold && windowRows - rows <= rowThreshold;
    if (alerted) {
      const alert: AbnormalExportAlert = {
        code: 'ABNORMAL_EXPORT',
        message: `${actor.principal.login} exported ${windowRows} rows within ${Math.round(windowMs / 60_000)} minutes (threshold ${rowThreshold})`,
        messageZh: `${actor.principal.login} 在 ${Math.round(windowMs / 60_000)} 分钟内导出了 ${windowRows} 行（阈值 ${rowThreshold}）`,
        userId,
        login: actor.principal.login,
        rows: windowRows,
        windowMs,
        threshold: rowThreshold,
        form,
        at: new Date(now).toISOString(),
      };
      await recordAudit(this.options.audit, actor, {
        action: 'alert.abnormal-export',
        resource: `record:${form}`,
        details: { rows: windowRows, threshold: rowThreshold, windowMs },
      });
      await this.options.alerts?.alertAdmins(alert);
    }
    // Entries older than a day serve no window; drop them now and then.
    if (Math.random() < 0.05)
      await this.log.deleteMany({ at: { $lt: now - Math.max(windowMs, 86_400_000) } });
    return { windowRows, alerted };
  }
}
