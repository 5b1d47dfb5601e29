// Row rules apply to a report's parameters as well as to its rows. A report whose rows are
// everyone's (`scope: all`: a look-up such as the remaining budget) would otherwise answer any
// question its reader asks — an operations employee passing `department: "sales-east"` would read
// that department's budgets. A parameter that declares `rowRule: { form, field }` stands for that
// record path of the form's records: its value is checked as a row would be, against the caller's
// row filter for reading that form, and a value outside it is refused (403
// REPORT_PARAM_OUT_OF_SCOPE) rather than clamped, so the caller is never shown an answer to a
// question other than the one they asked. The system (rule look-ups, alerts) asks anything.
import type { Report } from '#schemas/generated/index.ts';
import type { Principal } from '#engine/core/permissions/access.ts';
import { resolveAccess } from '#engine/core/permissions/resolve.ts';
import { rowMatches } from '#engine/core/permissions/row-match.ts';
import { reportErrors } from '#engine/core/reports/errors.ts';
import { setAt } from '#engine/core/doc-paths.ts';

export function assertParamsInScope(
  report: Report,
  principal: Principal | null,
  params: Record<string, unknown>,
): void {
  if (!principal) return;
  for (const p of report.parameters ?? []) {
    const value = params[p.name];
    if (!p.rowRule || value === null || value === undefined) continue;
    const decision = resolveAccess(principal, `record:${p.rowRule.form}`, 'read');
    // The row the parameter asks about, as far as the parameter describes it.
    const row: Record<string, unknown> = { form: p.rowRule.form };
    setAt(row, p.rowRule.field.split('.'), value);
    if (!decision.allowed || !rowMatches(row, decision.rowFilter))
      throw reportErrors.paramOutOfScope(p.name, String(value));
  }
}
