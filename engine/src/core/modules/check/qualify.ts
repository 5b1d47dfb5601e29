// The id of a thing a module defines in a file of its own (rule, automation, report, dashboard) is
// '<module>-<file name>'; the file may leave `id` and `module` out, or must agree.
import { moduleItemId } from '../ids.ts';
import { baseName, type ModuleCheck } from './context.ts';

export function qualify(
  check: ModuleCheck,
  file: string,
  raw: Record<string, unknown>,
): Record<string, unknown> & { id: string; module: string } {
  const expected = moduleItemId(check.id, baseName(file));
  if (raw.id !== undefined && raw.id !== expected)
    check.add(
      file,
      '/id',
      'ID_MISMATCH',
      `the id must be "${expected}" (module and file name) or left out`,
      `ID 必须为“${expected}”（模块名与文件名）或省略`,
    );
  if (raw.module !== undefined && raw.module !== check.id)
    check.add(
      file,
      '/module',
      'MODULE_MISMATCH',
      `the module must be "${check.id}"`,
      `所属模块必须为“${check.id}”`,
    );
  return { ...raw, id: expected, module: check.id };
}
