// A report's parameters as its run will see them (FEEL `params`): the values given, checked against
// the parameters the report declares, with defaults filled in and types made what the report
// expects. Unknown, missing or malformed parameters are the caller's error (400 at /params/<name>).
import type { Report } from '#schemas/generated/index.ts';
import { badRequest, type AppError } from '#engine/core/errors.ts';
import { toDecimal } from '#engine/core/reports/values.ts';

const PARAM_DATE = /^\d{4}-\d{2}(-\d{2})?$/;

export function resolveParams(report: Report, given: Record<string, unknown>): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  const declared = new Map((report.parameters ?? []).map((p) => [p.name, p]));
  for (const name of Object.keys(given))
    if (!declared.has(name))
      throw badRequest(
        'REPORT_PARAM_UNKNOWN',
        `The report has no parameter "${name}"`,
        `报表没有参数“${name}”`,
        [{ path: `/params/${name}`, message: 'unknown parameter', messageZh: '未知参数' }],
      );
  for (const p of report.parameters ?? []) {
    let v = given[p.name];
    if (v === '' || v === undefined) v = p.default;
    if (v === undefined || v === null) {
      if (p.required)
        throw badRequest(
          'REPORT_PARAM_MISSING',
          `The parameter "${p.name}" is required`,
          `参数“${p.name}”为必填项`,
          [{ path: `/params/${p.name}`, message: 'is required', messageZh: '必填' }],
        );
      params[p.name] = null;
      continue;
    }
    if (p.type === 'number') {
      if (toDecimal(v) === null) throw paramType(p.name, 'a number', '数字');
      v = Number(v);
    } else if (p.type === 'date') {
      if (typeof v !== 'string' || !PARAM_DATE.test(v))
        throw paramType(p.name, 'a date (YYYY-MM-DD or YYYY-MM)', '日期（YYYY-MM-DD 或 YYYY-MM）');
    } else if (typeof v !== 'string') v = String(v);
    params[p.name] = v;
  }
  return params;
}

function paramType(name: string, en: string, zh: string): AppError {
  return badRequest(
    'REPORT_PARAM_INVALID',
    `The parameter "${name}" must be ${en}`,
    `参数“${name}”应为${zh}`,
    [{ path: `/params/${name}`, message: `must be ${en}`, messageZh: `应为${zh}` }],
  );
}
