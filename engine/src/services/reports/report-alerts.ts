// Threshold alerts: a report's alert runs the report for the system and notifies a role when a
// measure crosses its value — once per crossing, not on every check while it stays beyond. The
// state (firing or not, and how many times it fired) is kept per alert, so several checkers or a
// re-run job notify once: the notification key names the episode.
//
// An alert `perOwner` (a record path holding a user id, e.g. `owner`) is checked per person: the
// report is run grouped by that path, each person's figure crosses on its own (state per alert and
// person), and the crossing tells that person and their manager in the org chart — the one who
// should act — rather than everyone of a role; the role only when the person has no manager.
import Big from 'big.js';
import type { Report, ReportResult } from '#schemas/generated/index.ts';
import { toDecimal } from '#engine/core/reports/values.ts';
import type { Clock } from '#engine/ports/clock.ts';
import type { Collection, DocumentStore } from '#engine/ports/document-store.ts';
import type { NotificationService } from '../notifications/notification-service.ts';

const ALERT_STATE = 'report_alert_state';
/** The group column a per-owner check runs the report with. */
export const ALERT_OWNER_COLUMN = 'alertOwner';

type Alert = NonNullable<Report['alerts']>[number];

interface AlertState {
  firing: boolean;
  episode: number;
  changedAt: string;
  value: unknown;
  /** Per-owner states: the report, alert and person (to find the ones firing). */
  report?: string;
  alert?: string;
  owner?: string;
}

type Recipients = { users?: string[]; roles?: string[] };

export class ReportAlerts {
  private readonly state: Collection<AlertState>;

  constructor(
    private readonly options: {
      store: DocumentStore;
      clock: Clock;
      notifications: NotificationService;
      /** Runs the report for the system (every row); grouped by `perOwner` (as ALERT_OWNER_COLUMN) when given. */
      run: (id: string, params: Record<string, unknown>, perOwner?: string) => Promise<ReportResult>;
      /** The page listing what the report counts (its source records, filtered), if there is one. */
      link?: (report: Report, params: Record<string, unknown>) => Promise<string | undefined>;
      /** The nearest active manager of a user in the org chart (per-owner alerts). */
      managerOf?: (userId: string) => Promise<string | null>;
    },
  ) {
    this.state = options.store.collection<AlertState>(ALERT_STATE);
  }

  /** Runs a report's alert checks; returns the alerts that fired now. */
  async check(report: Report): Promise<Array<{ alert: string; value: unknown; owner?: string }>> {
    const fired: Array<{ alert: string; value: unknown; owner?: string }> = [];
    for (const alert of report.alerts ?? []) {
      if (alert.perOwner) {
        fired.push(...(await this.checkPerOwner(report, alert, alert.perOwner)));
        continue;
      }
      const result = await this.options.run(report.id, alert.params ?? {});
      const value = result.totals[alert.measure];
      const episode = await this.move(`${report.id}.${alert.id}`, value, crosses(value, alert));
      if (episode === null) continue;
      await this.notify(report, alert, value, `${report.id}.${alert.id}`, episode, {
        roles: [alert.notifyRole],
      });
      fired.push({ alert: alert.id, value });
    }
    return fired;
  }

  private async checkPerOwner(
    report: Report,
    alert: Alert,
    path: string,
  ): Promise<Array<{ alert: string; value: unknown; owner: string }>> {
    const fired: Array<{ alert: string; value: unknown; owner: string }> = [];
    const result = await this.options.run(report.id, alert.params ?? {}, path);
    const values = new Map<string, unknown>();
    for (const row of result.rows) {
      const owner = row[ALERT_OWNER_COLUMN];
      if (typeof owner === 'string' && owner) values.set(owner, row[alert.measure]);
    }
    // People firing before whose rows are gone (nothing of theirs counted now) go back too.
    const { items: firing } = await this.state.find({ report: report.id, alert: alert.id, firing: true });
    for (const s of firing) if (s.owner && !values.has(s.owner)) values.set(s.owner, null);
    for (const [owner, value] of [...values].sort(([a], [b]) => a.localeCompare(b))) {
      const stateId = `${report.id}.${alert.id}.${owner}`;
      const episode = await this.move(stateId, value, crosses(value, alert), {
        report: report.id,
        alert: alert.id,
        owner,
      });
      if (episode === null) continue;
      const manager = await this.options.managerOf?.(owner);
      const to: Recipients = manager
        ? { users: [owner, manager] }
        : { users: [owner], roles: [alert.notifyRole] };
      await this.notify(report, alert, value, stateId, episode, to, owner);
      fired.push({ alert: alert.id, value, owner });
    }
    return fired;
  }

  /**
   * Records whether a figure is beyond now; returns the episode when it just crossed (null when
   * nothing changed, it went back, or another checker recorded the change first).
   */
  private async move(
    stateId: string,
    value: unknown,
    beyond: boolean,
    keys: Pick<AlertState, 'report' | 'alert' | 'owner'> = {},
  ): Promise<number | null> {
    const state = await this.state.get(stateId);
    if (!!state?.firing === beyond) return null;
    const next: AlertState = {
      ...keys,
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
      if (code === 'REVISION_CONFLICT' || code === 'DUPLICATE_KEY') return null; // another checker got there first
      throw e;
    }
    return beyond ? next.episode : null;
  }

  private async notify(
    report: Report,
    alert: Alert,
    value: unknown,
    stateId: string,
    episode: number,
    to: Recipients,
    owner = '',
  ): Promise<void> {
    const text = (s: string) => s.replaceAll('{value}', String(value ?? '')).replaceAll('{owner}', owner);
    await this.options.notifications.send({
      to,
      title: { en: text(alert.message.en), 'zh-CN': text(alert.message['zh-CN']) },
      kind: 'report.alert',
      source: { type: 'report', id: report.id },
      // The alert opens what it counts: the records list filtered as the report filters it.
      link: alert.link ?? (await this.options.link?.(report, alert.params ?? {})) ?? `/reports/${report.id}`,
      key: `alert.${stateId}.${episode}`,
    });
  }
}

/** A report grouped by one record path (a person), its sort, limit, marks and chart left out. */
export function regroupedByOwner<R extends Report>(report: R, path: string): R {
  const { sort: _sort, limit: _limit, best: _best, chart: _chart, ...rest } = report;
  return { ...rest, groupBy: [{ field: path, as: ALERT_OWNER_COLUMN }] } as R;
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
