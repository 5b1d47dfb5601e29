// Checks that what a user or department points at exists, with the JSON pointer of the field.
import { unprocessable, type ErrorDetail } from '#engine/core/errors.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import { DEPARTMENTS, ROLES, USERS } from './collections.ts';

export const missing = (path: string, what: string, zh: string): ErrorDetail => ({
  path,
  message: `no such ${what}`,
  messageZh: `${zh}不存在`,
});

export async function checkReferences(
  store: DocumentStore,
  refs: {
    department?: string | null;
    manager?: string | null;
    head?: string | null;
    parent?: string | null;
    roles?: string[];
  },
): Promise<ErrorDetail[]> {
  const problems: ErrorDetail[] = [];
  const users = store.collection(USERS);
  const departments = store.collection(DEPARTMENTS);
  if (refs.department && !(await departments.get(refs.department)))
    problems.push(missing('/department', 'department', '部门'));
  if (refs.parent && !(await departments.get(refs.parent)))
    problems.push(missing('/parent', 'department', '部门'));
  if (refs.manager && !(await users.get(refs.manager))) problems.push(missing('/manager', 'user', '用户'));
  if (refs.head && !(await users.get(refs.head))) problems.push(missing('/head', 'user', '用户'));
  if (refs.roles?.length) {
    const found = new Set(
      (await store.collection(ROLES).find({ id: { $in: refs.roles } }, { projection: [] })).items.map(
        (r) => r.id,
      ),
    );
    refs.roles.forEach((r, i) => {
      if (!found.has(r)) problems.push(missing(`/roles/${i}`, 'role', '角色'));
    });
  }
  return problems;
}

export function throwIfProblems(problems: ErrorDetail[]): void {
  if (problems.length > 0)
    throw unprocessable(
      'INVALID_REFERENCE',
      'Some referenced items do not exist.',
      '部分引用的对象不存在。',
      problems,
    );
}
