// A report's parameters as its run will see them (FEEL `params`): the values given, checked against
// the parameters the report declares, with defaults filled in and types made what the report
// expects. Unknown, missing or malformed parameters are the caller's error (400 at /params/<name>).
import type { Report } from '#schemas/generated/index.ts';
import { reportErrors } from '#engine/core/reports/errors.ts';
import { toDecimal } from '#engine/core/reports/values.ts';

const PARAM_DATE = /^\d{4}-\d{2}(-\d{2})?$/;

export function resolveParams(report: Report, given: Record<string, unknown>): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  const declared = new Map((report.parameters ?? []).map((p) => [p.name, p]));
  for (const name of Object.keys(given)) if (!declared.has(name)) throw reportErrors.paramUnknown(name);
  for (const p of report.parameters ?? []) {
    let v = given[p.name];
    if (v === '' || v === undefined) v = p.default;
    if (v === undefined || v === null) {
      if (p.required) throw reportErrors.paramMissing(p.name);
      params[p.name] = null;
      continue;
    }
    if (p.type === 'number') {
      if (toDecimal(v) === null) throw reportErrors.paramInvalid(p.name, 'a number', '数字');
      v = Number(v);
    } else if (p.type === 'date') {
      if (typeof v !== 'string' || !PARAM_DATE.test(v))
        throw reportErrors.paramInvalid(
          p.name,
          'a date (YYYY-MM-DD or YYYY-MM)',
          '日期（YYYY-MM-DD 或 YYYY-MM）',
        );
    } else if (typeof v !== 'string') v = String(v);
    params[p.name] = v;
  }
  return params;
}

/** Of the values given, those the report declares as parameters (a dashboard's to one card). */
export function declaredParams(report: Report, values: Record<string, unknown>): Record<string, unknown> {
  const names = new Set((report.parameters ?? []).map((p) => p.name));
  return Object.fromEntries(Object.entries(values).filter(([k]) => names.has(k)));
}
