// reports/<name>.json and dashboards/<name>.json ('<module>-<name>'): the platform's report and
// dashboard schemas, plus `readers` — the roles that may read it (each gets the grant report:<id>
// or dashboard:<id> read), declared next to the thing it grants.
import type { Dashboard, Report } from '#schemas/generated/index.ts';
import { reportProblems } from '../../reports/validate.ts';
import { moduleItemId } from '../ids.ts';
import { baseName, type ModuleCheck } from './context.ts';
import { qualify } from './qualify.ts';

/** `readers` of a report or dashboard file: a list of role ids, or a problem. */
function readers(check: ModuleCheck, file: string, roles: unknown, resource: string): void {
  if (roles === undefined) return;
  if (!Array.isArray(roles) || !roles.every((r) => typeof r === 'string' && r !== '')) {
    const [en, zh] = ['/readers must be a list of role ids', '/readers 必须是角色 ID 的列表'];
    check.add(file, '/readers', 'SCHEMA_VIOLATION', en, zh);
    return;
  }
  roles.forEach((role: string, i) =>
    check.grants.push({ role, grant: { resource, actions: ['read'] }, file, path: `/readers/${i}` }),
  );
}

export function checkReports(check: ModuleCheck, files: string[]): Report[] {
  // Reports are known by their file names, so a broken report is reported once, not again by
  // every dashboard or rule that uses it.
  for (const file of files) check.reportIds.add(moduleItemId(check.id, baseName(file)));
  const reports: Report[] = [];
  for (const file of files) {
    const raw = check.json<Record<string, unknown>>(file);
    if (raw === undefined) continue;
    const { readers: roles, ...rest } = raw;
    const report = qualify(check, file, rest) as unknown as Report;
    readers(check, file, roles, `report:${report.id}`);
    if (!check.schema(file, 'report', report)) continue;
    for (const p of reportProblems(report)) check.add(file, p.path, 'REPORT_INVALID', p.message, p.messageZh);
    // A report over another's dataset names no form or collection of its own.
    const source = report.source;
    const parts = 'union' in source ? source.union : 'dataset' in source ? [] : [source];
    parts.forEach((part, i) => {
      const at = 'union' in report.source ? `/source/union/${i}` : '/source';
      if (part.form && !check.knownForm(part.form))
        check.unknown(file, `${at}/form`, 'UNKNOWN_FORM', 'form', '表单', part.form);
      if (part.collection && !check.lookups.reportCollections.has(part.collection))
        check.add(
          file,
          `${at}/collection`,
          'UNKNOWN_SOURCE',
          `"${part.collection}" is not a report source`,
          `“${part.collection}”不是可用的报表数据源`,
        );
    });
    reports.push(report);
  }
  return reports;
}

export function checkDashboards(check: ModuleCheck, files: string[]): Dashboard[] {
  const dashboards: Dashboard[] = [];
  for (const file of files) {
    const raw = check.json<Record<string, unknown>>(file);
    if (raw === undefined) continue;
    const { readers: roles, ...rest } = raw;
    const dashboard = qualify(check, file, rest) as unknown as Dashboard;
    readers(check, file, roles, `dashboard:${dashboard.id}`);
    if (!check.schema(file, 'dashboard', dashboard)) continue;
    dashboard.cards.forEach((card, i) => {
      // A card of a module that may not be installed names that module in `requiresModules`.
      const optional = (card.requiresModules ?? []).some((m) => card.report.startsWith(`${m}-`));
      if (!optional && !check.knownReport(card.report))
        check.unknown(file, `/cards/${i}/report`, 'UNKNOWN_REPORT', 'report', '报表', card.report);
    });
    dashboards.push(dashboard);
  }
  return dashboards;
}
