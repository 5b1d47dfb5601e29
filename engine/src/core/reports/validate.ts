// Problems of a report definition beyond its JSON Schema (pure): names that clash, calc
// expressions that do not parse or read unknown measures, sorts and charts and alerts that name
// nothing, union parts that map different fields, FEEL values that do not parse.
import type { Report, ReportFilter } from '#schemas/generated/index.ts';
import { feelSyntaxError, isExpression } from '../feel/feel.ts';
import { groupName } from './aggregate.ts';
import { calcNames, CalcSyntaxError, parseCalc } from './calc.ts';

export interface ReportProblem {
  /** JSON pointer inside the report definition. */
  path: string;
  message: string;
  messageZh: string;
}

const p = (path: string, message: string, messageZh: string): ReportProblem => ({ path, message, messageZh });

function filterProblems(filters: readonly ReportFilter[] | undefined, at: string): ReportProblem[] {
  const out: ReportProblem[] = [];
  (filters ?? []).forEach((f, i) => {
    if (isExpression(f.value)) {
      const syntax = feelSyntaxError(f.value);
      if (syntax) out.push(p(`${at}/${i}/value`, `FEEL: ${syntax}`, `FEEL 表达式错误：${syntax}`));
    } else if ((f.op === 'in' || f.op === 'nin') && !Array.isArray(f.value))
      out.push(p(`${at}/${i}/value`, 'must be a list for in/nin', 'in/nin 的取值必须是列表'));
  });
  return out;
}

export function reportProblems(report: Report): ReportProblem[] {
  const out: ReportProblem[] = [];
  const names = new Set<string>();
  (report.groupBy ?? []).forEach((g, i) => {
    const name = groupName(g);
    if (names.has(name))
      out.push(
        p(
          `/groupBy/${i}`,
          `the column name "${name}" is used twice; set "as"`,
          `列名“${name}”重复，请设置 as`,
        ),
      );
    names.add(name);
    if (g.map && g.bucket)
      out.push(
        p(`/groupBy/${i}/map`, 'a group has a map or a bucket, not both', '分组不能同时设置 map 与 bucket'),
      );
    const keys = (g.map ?? []).map((line) => line.key);
    if (new Set(keys).size !== keys.length)
      out.push(p(`/groupBy/${i}/map`, 'every line needs its own key', '每一行的 key 必须唯一'));
    (g.map ?? []).forEach((line, k) => {
      if ((line.prefixes === undefined) === (line.sumOf === undefined))
        out.push(
          p(
            `/groupBy/${i}/map/${k}`,
            'a line has prefixes or sumOf (a subtotal), one of them',
            '每一行须设置 prefixes 或 sumOf（小计）之一',
          ),
        );
    });
    if (g.ranges && g.bucket !== 'age')
      out.push(p(`/groupBy/${i}/ranges`, 'ranges apply to the age bucket only', 'ranges 仅用于 age 分组'));
    if (g.ranges && g.ranges.some((r, k) => k > 0 && r <= g.ranges![k - 1]!))
      out.push(p(`/groupBy/${i}/ranges`, 'ranges must ascend', 'ranges 必须递增'));
  });
  const measures = new Set<string>();
  report.measures.forEach((m, i) => {
    if (names.has(m.as) || measures.has(m.as))
      out.push(p(`/measures/${i}/as`, `the column name "${m.as}" is used twice`, `列名“${m.as}”重复`));
    if (m.op === 'calc') {
      if (!m.expression)
        out.push(p(`/measures/${i}/expression`, 'calc needs an expression', 'calc 需要表达式'));
      else
        try {
          for (const n of calcNames(parseCalc(m.expression)))
            if (!measures.has(n))
              out.push(
                p(
                  `/measures/${i}/expression`,
                  `"${n}" is not an earlier measure`,
                  `“${n}”不是前面定义的度量`,
                ),
              );
        } catch (e) {
          if (!(e instanceof CalcSyntaxError)) throw e;
          out.push(p(`/measures/${i}/expression`, e.message, `表达式错误：${e.message}`));
        }
    } else if (m.op !== 'count' && !m.field)
      out.push(p(`/measures/${i}/field`, `${m.op} needs a field`, `${m.op} 需要字段`));
    out.push(...filterProblems(m.where, `/measures/${i}/where`));
    measures.add(m.as);
  });
  (report.best ?? []).forEach((b, i) => {
    if (!measures.has(b.measure))
      out.push(p(`/best/${i}/measure`, `"${b.measure}" is not a measure`, `“${b.measure}”不是度量`));
    (b.within ?? []).forEach((w, k) => {
      if (!names.has(w))
        out.push(p(`/best/${i}/within/${k}`, `"${w}" is not a group column`, `“${w}”不是分组列`));
    });
    if (names.has(b.as) || measures.has(b.as))
      out.push(p(`/best/${i}/as`, `the column name "${b.as}" is used twice`, `列名“${b.as}”重复`));
    measures.add(b.as);
  });
  const columns = new Set([...names, ...measures]);
  (report.sort ?? []).forEach((s, i) => {
    if (!columns.has(s.field))
      out.push(
        p(`/sort/${i}/field`, `"${s.field}" is not a column of the report`, `“${s.field}”不是报表的列`),
      );
  });
  if (report.chart) {
    const c = report.chart;
    if (c.x && !columns.has(c.x)) out.push(p('/chart/x', `"${c.x}" is not a column`, `“${c.x}”不是报表的列`));
    if (c.series && !names.has(c.series))
      out.push(p('/chart/series', `"${c.series}" is not a group column`, `“${c.series}”不是分组列`));
    (c.y ?? []).forEach((y, i) => {
      if (!measures.has(y)) out.push(p(`/chart/y/${i}`, `"${y}" is not a measure`, `“${y}”不是度量`));
    });
  }
  (report.alerts ?? []).forEach((a, i) => {
    if (!measures.has(a.measure))
      out.push(p(`/alerts/${i}/measure`, `"${a.measure}" is not a measure`, `“${a.measure}”不是度量`));
    if (typeof a.value === 'string' && !/^-?(0|[1-9]\d*)(\.\d+)?$/.test(a.value))
      out.push(p(`/alerts/${i}/value`, 'must be a decimal', '必须是数值'));
  });
  out.push(...filterProblems(report.filters, '/filters'));
  const source = report.source as Report['source'] & { union?: unknown };
  if ('union' in source && Array.isArray(source.union)) {
    const parts = source.union as Array<{
      fields?: Record<string, string>;
      form?: string;
      collection?: string;
    }>;
    const first = Object.keys(parts[0]?.fields ?? {})
      .sort()
      .join(',');
    parts.forEach((part, i) => {
      if (!part.fields)
        out.push(p(`/source/union/${i}/fields`, 'a union part needs fields', '联合数据源需要 fields'));
      else if (Object.keys(part.fields).sort().join(',') !== first)
        out.push(
          p(
            `/source/union/${i}/fields`,
            'every union part must map the same names',
            '联合数据源须映射相同的字段名',
          ),
        );
      if (!part.form === !part.collection)
        out.push(p(`/source/union/${i}`, 'give either form or collection', '须指定 form 或 collection 之一'));
    });
  } else if (!('dataset' in source)) {
    const s = source as { form?: string; collection?: string };
    if (!s.form === !s.collection)
      out.push(p('/source', 'give either form or collection', '须指定 form 或 collection 之一'));
  }
  return out;
}
