// Where each kind of file lives in a module folder (module format 2); anything else is a problem,
// and code is refused outright: a module is data.
import type { ModuleCheck } from './context.ts';

export type FileKind =
  | 'manifest'
  | 'doctype'
  | 'doctype-part'
  | 'flow'
  | 'rule'
  | 'automation'
  | 'report'
  | 'dashboard'
  | 'seed'
  | 'doctype-print'
  | 'print'
  | 'readme';

const NAME = '[a-z][a-z0-9-]*';
const LAYOUT: Array<[RegExp, FileKind]> = [
  [/^module\.json$/, 'manifest'],
  [new RegExp(`^doctypes/${NAME}/doctype\\.json$`), 'doctype'],
  [new RegExp(`^doctypes/${NAME}/(schema|ui|labels|views|permissions)\\.json$`), 'doctype-part'],
  [new RegExp(`^flows/${NAME}\\.bpmn$`), 'flow'],
  [new RegExp(`^rules/${NAME}\\.json$`), 'rule'],
  [new RegExp(`^automations/${NAME}\\.json$`), 'automation'],
  [new RegExp(`^reports/${NAME}\\.json$`), 'report'],
  [new RegExp(`^dashboards/${NAME}\\.json$`), 'dashboard'],
  [new RegExp(`^seed/${NAME}\\.json$`), 'seed'],
  [new RegExp(`^doctypes/${NAME}/print/${NAME}\\.json$`), 'doctype-print'],
  [new RegExp(`^print/${NAME}\\.json$`), 'print'],
  [new RegExp(`^(doctypes/${NAME}/)?README(\\.[a-zA-Z-]+)?\\.md$`), 'readme'],
];
const CODE = /\.(m?[jt]sx?|cjs|cts|mts|py|sh|exe|dll|so|wasm)$/i;

/** Folders of module format 1 (forms spread over schemas/, forms/ and i18n/, grants in permissions/). */
export const FORMAT_1_FILE = /^(schemas|forms|i18n|permissions)\//;

/** The kind of each file; every other file is reported. */
export function fileKinds(check: ModuleCheck): Map<string, FileKind> {
  const kinds = new Map<string, FileKind>();
  for (const path of [...check.files.keys()].sort()) {
    const kind = LAYOUT.find(([re]) => re.test(path))?.[1];
    if (kind) kinds.set(path, kind);
    else if (CODE.test(path))
      check.add(
        path,
        '',
        'CODE_NOT_ALLOWED',
        'modules hold data only (JSON, BPMN): move code into a generic worker action',
        '模块只能包含数据（JSON、BPMN）：请将代码改为通用的工作器动作',
      );
    else
      check.add(
        path,
        '',
        'UNKNOWN_FILE',
        'this file has no place in a module folder',
        '模块目录中不应有此文件',
      );
  }
  return kinds;
}

export function filesOf(kinds: ReadonlyMap<string, FileKind>, kind: FileKind): string[] {
  return [...kinds.entries()].filter(([, k]) => k === kind).map(([p]) => p);
}
