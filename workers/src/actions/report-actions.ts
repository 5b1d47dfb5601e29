// Report actions.
// `report.query`: runs a report for the system (every row) and returns its rows and totals —
//   look-ups in flows, e.g. the remaining budget before an approval step.
//   input: report, [params]   →   { rows, totals, rowCount }
// `report.alerts`: checks a report's threshold alerts and notifies their roles (a scheduled
//   automation runs it, e.g. daily for overdue receivables); `saved: true` checks every report
//   made in the report builder that has alerts (each as its owner).
//   input: report | reports [...] | saved: true   →   { fired: [{ report, alert, value, [owner] }] }
// `report.deliver`: e-mails every builder-made report whose schedule owes its current period's
//   delivery (once per report and period; a scheduled automation runs it every few minutes).
//   input: none   →   { delivered: [{ report, period, notified }] }
import { actionInput, asBpmnError } from './input.ts';
import { BpmnError, type ActionDefinition } from './registry.ts';
import { servicesOf, type ActionServicesProvider } from './services.ts';

export function reportActions(services: ActionServicesProvider): ActionDefinition[] {
  return [
    {
      name: 'report.query',
      description: {
        en: 'Runs a report and returns its rows and totals.',
        zh: '运行报表并返回结果行与合计。',
      },
      async run(ctx) {
        const { reports } = servicesOf(services);
        const input = actionInput(ctx);
        if (typeof input.report !== 'string')
          throw new BpmnError('INPUT_INVALID', 'input "report" is required');
        const params = (input.params && typeof input.params === 'object' ? input.params : {}) as Record<
          string,
          unknown
        >;
        try {
          const result = await reports.run(null, input.report, params);
          return { rows: result.rows, totals: result.totals, rowCount: result.rowCount };
        } catch (e) {
          throw asBpmnError(e);
        }
      },
    },
    {
      name: 'report.alerts',
      description: { en: 'Checks report threshold alerts.', zh: '检查报表阈值预警。' },
      async run(ctx) {
        const { reports } = servicesOf(services);
        const input = actionInput(ctx);
        const ids = Array.isArray(input.reports)
          ? input.reports.map(String)
          : typeof input.report === 'string'
            ? [input.report]
            : [];
        if (ids.length === 0 && input.saved !== true)
          throw new BpmnError('INPUT_INVALID', 'input "report", "reports" or "saved": true is required');
        const fired: Array<{ report: string; alert: string; value: unknown; owner?: string }> = [];
        if (input.saved === true) fired.push(...(await reports.checkSavedAlerts()));
        for (const id of ids) for (const f of await reports.checkAlerts(id)) fired.push({ report: id, ...f });
        return { fired };
      },
    },
    {
      name: 'report.deliver',
      description: { en: 'E-mails scheduled reports that are due.', zh: '发送到期的定时报表邮件。' },
      async run() {
        const { reports } = servicesOf(services);
        return { delivered: await reports.schedules.deliverDue() };
      },
    },
  ];
}
