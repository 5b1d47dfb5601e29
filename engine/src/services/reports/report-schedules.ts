// Reports made in the builder, delivered by e-mail on a schedule. The owner sets when (daily,
// weekly, monthly at a time in a zone) and to whom: users and roles who may read the report
// themselves, so a schedule never widens who sees it. A scheduled automation (`report.deliver`)
// calls `deliverDue()`; each schedule owes one delivery per period (core/reports/schedule.ts).
//
// A delivery runs the report as its owner (the figures the owner saved it to show), keeps the
// workbooks of that run (English and Chinese headers) under `report_deliveries/<id>@<period>`, and
// notifies the recipients in the app and by e-mail with a link to the workbook. The notification's
// key names the report and period: a delivery that died after notifying some recipients is done
// again whole, and the notification service skips whoever already got it — once per period, also
// across restarts and several checkers.
import type { Principal } from '#engine/core/permissions/access.ts';
import { AppError, commonErrors, errorDetail, type ErrorDetail } from '#engine/core/errors.ts';
import { reportErrors } from '#engine/core/reports/errors.ts';
import { currentPeriod, timingProblems, type ReportScheduleTiming } from '#engine/core/reports/schedule.ts';
import type { Clock } from '#engine/ports/clock.ts';
import type { Collection, DocumentStore } from '#engine/ports/document-store.ts';
import type { NotificationService } from '../notifications/notification-service.ts';
import { PRIVILEGED_ROLES } from '../records/record-codec.ts';
import { mayRunSaved, type SavedReportDoc } from './saved-reports.ts';

export const REPORT_SCHEDULES = 'report_schedules';
export const REPORT_DELIVERIES = 'report_deliveries';

export interface ReportSchedule extends ReportScheduleTiming {
  recipients: { users?: string[]; roles?: string[] };
}

interface ScheduleDoc extends ReportSchedule {
  setBy: string;
  setAt: string;
}

interface DeliveryDoc {
  report: string;
  period: string;
  status: 'running' | 'sent';
  at: string;
  rows: number;
  /** Base64 workbooks by locale. */
  xlsx: { en: string; 'zh-CN': string };
  notified?: string[];
}

type Workbook = (
  principal: Principal,
  id: string,
  locale: 'en' | 'zh-CN',
) => Promise<{ body: Buffer; rows: number }>;

export class ReportSchedules {
  private readonly schedules: Collection<ScheduleDoc>;
  private readonly deliveries: Collection<DeliveryDoc>;

  constructor(
    private readonly options: {
      store: DocumentStore;
      clock: Clock;
      notifications: NotificationService;
      reports: Collection<SavedReportDoc>;
      principalOf: (userId: string) => Promise<Principal | null>;
      workbook: Workbook;
    },
  ) {
    this.schedules = options.store.collection<ScheduleDoc>(REPORT_SCHEDULES);
    this.deliveries = options.store.collection<DeliveryDoc>(REPORT_DELIVERIES);
  }

  async get(principal: Principal, id: string): Promise<ReportSchedule | null> {
    await this.owned(principal, id);
    const doc = await this.schedules.get(id);
    return doc ? scheduleOf(doc) : null;
  }

  /** Sets (replaces) a report's schedule; only its owner or an admin may. */
  async set(principal: Principal, id: string, schedule: ReportSchedule): Promise<ReportSchedule> {
    const report = await this.owned(principal, id);
    const problems: ErrorDetail[] = timingProblems(schedule).map((p) => errorDetail(p.path, p.en, p.zh));
    const roles = schedule.recipients.roles ?? [];
    const users = schedule.recipients.users ?? [];
    if (roles.length + users.length === 0)
      problems.push(errorDetail('/recipients', 'at least one user or role', '至少需要一个用户或角色'));
    roles.forEach((r, i) => {
      if (!report.saved!.roles.includes(r))
        problems.push(
          errorDetail(
            `/recipients/roles/${i}`,
            'the report is not shared with this role',
            '报表未共享给此角色',
          ),
        );
    });
    for (const [i, u] of users.entries()) {
      const who = await this.options.principalOf(u);
      if (!who || !mayRunSaved(who, report))
        problems.push(
          errorDetail(`/recipients/users/${i}`, 'this user may not read the report', '此用户无权查看报表'),
        );
    }
    if (problems.length) throw reportErrors.scheduleInvalid(problems);
    const doc: ScheduleDoc = {
      ...scheduleOf(schedule as ScheduleDoc),
      setBy: principal.userId,
      setAt: new Date(this.options.clock.now()).toISOString(),
    };
    const current = await this.schedules.get(id);
    if (current) await this.schedules.replace(id, current.rev, doc as never);
    else await this.schedules.insert({ ...doc, id } as never);
    return scheduleOf(doc);
  }

  async remove(principal: Principal, id: string): Promise<void> {
    await this.owned(principal, id);
    if (await this.schedules.get(id)) await this.schedules.delete(id);
  }

  /** Delivers every schedule whose current period is owed and not yet delivered; returns what it sent. */
  async deliverDue(): Promise<Array<{ report: string; period: string; notified: string[] }>> {
    const now = this.options.clock.now();
    const { items } = await this.schedules.find({}, { sort: [['id', 1]] });
    const sent: Array<{ report: string; period: string; notified: string[] }> = [];
    for (const schedule of items) {
      const { period, dueAt } = currentPeriod(schedule, now);
      if (now < dueAt) continue;
      const done = await this.deliveries.get(`${schedule.id}@${period}`);
      if (done?.status === 'sent') continue;
      try {
        sent.push(await this.deliver(schedule, period));
      } catch (e) {
        // A report that cannot run (its owner left, it was deleted) does not stop the others.
        if (!(e instanceof AppError)) throw e;
      }
    }
    return sent;
  }

  /** A delivered workbook, for a reader of the report. */
  async workbook(principal: Principal, id: string, period: string, locale: 'en' | 'zh-CN') {
    const report = await this.options.reports.get(id);
    if (!report?.saved) throw reportErrors.notFound(id);
    if (!mayRunSaved(principal, report)) throw commonErrors.forbidden();
    const delivery = await this.deliveries.get(`${id}@${period}`);
    if (!delivery) throw reportErrors.deliveryNotFound(id, period);
    return { fileName: `${id}-${period}.xlsx`, body: Buffer.from(delivery.xlsx[locale], 'base64') };
  }

  private async deliver(schedule: ScheduleDoc & { id: string }, period: string) {
    const id = schedule.id;
    const report = await this.options.reports.get(id);
    if (!report?.saved) throw reportErrors.notFound(id);
    const owner = await this.options.principalOf(report.saved.owner);
    if (!owner) throw reportErrors.ownerGone(id);
    const en = await this.options.workbook(owner, id, 'en');
    const zh = await this.options.workbook(owner, id, 'zh-CN');
    const deliveryId = `${id}@${period}`;
    const delivery: DeliveryDoc = {
      report: id,
      period,
      status: 'running',
      at: new Date(this.options.clock.now()).toISOString(),
      rows: en.rows,
      xlsx: { en: en.body.toString('base64'), 'zh-CN': zh.body.toString('base64') },
    };
    const before = await this.deliveries.get(deliveryId);
    if (before) await this.deliveries.replace(deliveryId, before.rev, delivery as never);
    else await this.deliveries.insert({ ...delivery, id: deliveryId } as never);
    // Recipients as they are now: a role no longer shared, a user who may no longer read, drop out.
    const roles = (schedule.recipients.roles ?? []).filter((r) => report.saved!.roles.includes(r));
    const users: string[] = [];
    for (const u of schedule.recipients.users ?? []) {
      const who = await this.options.principalOf(u);
      if (who && mayRunSaved(who, report)) users.push(u);
    }
    const file = `/api/reports/${id}/deliveries/${period}/xlsx`;
    const { notified } = await this.options.notifications.send({
      to: { users, roles },
      title: {
        en: `${report.name.en} (${period})`,
        'zh-CN': `${report.name['zh-CN']}（${period}）`,
      },
      body: {
        en: `The scheduled report, ${en.rows} rows. Workbook: ${file}?locale=en`,
        'zh-CN': `定时报表，共 ${en.rows} 行。工作簿：${file}?locale=zh-CN`,
      },
      link: `/reports/${id}`,
      kind: 'report.scheduled',
      source: { type: 'report', id },
      key: `report.schedule.${deliveryId}`,
      channels: ['email'],
    });
    const stored = await this.deliveries.get(deliveryId);
    if (stored)
      await this.deliveries.replace(deliveryId, stored.rev, {
        ...delivery,
        status: 'sent',
        notified,
      } as never);
    return { report: id, period, notified };
  }

  /** The saved report, if the principal may change its schedule (owner or admin). */
  private async owned(principal: Principal, id: string): Promise<SavedReportDoc> {
    const report = await this.options.reports.get(id);
    if (!report?.saved) throw reportErrors.notFound(id);
    const admin = principal.roles.some((r) => PRIVILEGED_ROLES.includes(r));
    if (!admin && report.saved.owner !== principal.userId) throw commonErrors.forbidden();
    return report;
  }
}

function scheduleOf(doc: ScheduleDoc | ReportSchedule): ReportSchedule {
  const { every, at, weekday, monthDay, timeZone, recipients } = doc;
  return {
    every,
    at,
    ...(weekday !== undefined ? { weekday } : {}),
    ...(monthDay !== undefined ? { monthDay } : {}),
    ...(timeZone !== undefined ? { timeZone } : {}),
    recipients: {
      ...(recipients.users?.length ? { users: [...new Set(recipients.users)] } : {}),
      ...(recipients.roles?.length ? { roles: [...new Set(recipients.roles)] } : {}),
    },
  };
}
