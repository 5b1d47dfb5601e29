// Checks a role's grants before they are saved (pure), so that a rule the store cannot enforce is
// refused with its reason instead of silently covering nothing.
import type { ErrorDetail } from '../errors.ts';
import type { Grant } from './access.ts';
import { compileRowCondition, RowConditionError } from './feel-rows.ts';

export function permissionProblems(grants: readonly Grant[], basePath = '/permissions'): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  grants.forEach((g, i) => {
    const at = `${basePath}/${i}`;
    const rows = g.rows;
    if (rows?.type === 'field' && !rows.field)
      problems.push({
        path: `${at}/rows/field`,
        message: "a 'field' row rule names the field holding the user id",
        messageZh: '“字段”行规则需要指定保存用户 ID 的字段',
      });
    if (rows?.type === 'feel') {
      if (!rows.expression)
        problems.push({
          path: `${at}/rows/expression`,
          message: "a 'feel' row rule needs an expression",
          messageZh: '“FEEL”行规则需要一个表达式',
        });
      else
        try {
          compileRowCondition(rows.expression);
        } catch (e) {
          const reason = e instanceof RowConditionError ? e.message : String(e);
          problems.push({
            path: `${at}/rows/expression`,
            message: `this condition cannot be enforced by a store query: ${reason}`,
            messageZh: `该条件无法转换为数据查询条件：${reason}`,
          });
        }
    }
    for (const key of ['field', 'expression', 'subDepartments'] as const) {
      const allowedFor = { field: 'field', expression: 'feel', subDepartments: 'department' }[key];
      if (rows && rows[key] !== undefined && rows.type !== allowedFor)
        problems.push({
          path: `${at}/rows/${key}`,
          message: `only a '${allowedFor}' row rule takes ${key}`,
          messageZh: `只有“${allowedFor}”行规则可以设置 ${key}`,
        });
    }
  });
  return problems;
}
