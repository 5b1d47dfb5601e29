// Threshold alerts: a report's alert runs the report for the system and notifies a role when a
// measure crosses its value — once per crossing, not on every check while it stays beyond. The
// state (firing or not, and how many times it fired) is kept per alert, so several checkers or a
// re-run job notify once: the notification key names the episode.
import Big from 'big.js';
import type { Report, ReportResult } from '#schemas/generated/index.ts';
import { toDecimal } from '#engine/core/reports/values.ts';
import type { Clock } from '#engine/ports/clock.ts';
import type { Collection, DocumentStore } from '#engine/ports/document-store.ts';
import type { NotificationService } from '../notifications/notification-service.ts';

const ALERT_STATE = 'report_alert_state';

type Alert = NonNullable<Report['alerts']>[number];

interface AlertState {
  firing: boolean;
  episode: number;
  changedAt: string;
  value: unknown;
}

export class ReportAlerts {
  private readonly state: Collection<AlertState>;

  constructor(
    private readonly options: {
      store: DocumentStore;
      clock: Clock;
      notifications: NotificationService;
      /** Runs the report for the system (every row). */
      run: (id: string, params: Record<string, unknown>) => Promise<ReportResult>;
      /** The page listing what the report counts (its source records, filtered), if there is one. */
      link?: (report: Report, params: Record<string, unknown>) => Promise<string | undefined>;
    },
  ) {
    this.state = options.store.collection<AlertState>(ALERT_STATE);
  }

  /** Runs a report's alert checks; returns the alerts that fired now. */
  async check(report: Report): Promise<Array<{ alert: string; value: unknown }>> {
    const fired: Array<{ alert: string; value: unknown }> = [];
    for (const alert of report.alerts ?? []) {
      const result = await this.options.run(report.id, alert.params ?? {});
      const value = result.totals[alert.measure];
      const beyond = crosses(value, alert);
      const stateId = `${report.id}.${alert.id}`;
      const state = await this.state.get(stateId);
      if (!!state?.firing === beyond) continue;
      const next: AlertState = {
        firing: beyond,
        episode: (state?.episode ?? 0) + (beyond ? 1 : 0),
        changedAt: new Date(this.options.clock.now()).toISOString(),
        value: value ?? null,
      };
      try {
        if (state) await this.state.replace(stateId, state.rev, next);
        else await this.state.insert({ ...next, id: stateId });
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code === 'REVISION_CONFLICT' || code === 'DUPLICATE_KEY') continue; // another checker got there first
        throw e;
      }
      if (!beyond) continue;
      const text = (s: string) => s.replaceAll('{value}', String(value ?? ''));
      await this.options.notifications.send({
        to: { roles: [alert.notifyRole] },
        title: { en: text(alert.message.en), 'zh-CN': text(alert.message['zh-CN']) },
        kind: 'report.alert',
        source: { type: 'report', id: report.id },
        // The alert opens what it counts: the records list filtered as the report filters it.
        link:
          alert.link ?? (await this.options.link?.(report, alert.params ?? {})) ?? `/reports/${report.id}`,
        key: `alert.${stateId}.${next.episode}`,
      });
      fired.push({ alert: alert.id, value });
    }
    return fired;
  }
}

/** Whether a measure's value is beyond the alert's limit (no value is never beyond). */
function crosses(value: unknown, alert: Alert): boolean {
  const actual = toDecimal(value);
  if (actual === null) return false;
  const limit = new Big(String(alert.value));
  switch (alert.op) {
    case 'gt':
      return actual.gt(limit);
    case 'gte':
      return actual.gte(limit);
    case 'lt':
      return actual.lt(limit);
    default:
      return actual.lte(limit);
  }
}
