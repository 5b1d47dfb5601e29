// `npm run check:modules [dir]`: checks every module folder (default: modules/) the way the
// platform does at startup — JSON and JSON Schema, document types and their labels in both
// languages, BPMN, actions, rules, FEEL, references between files, grants, seed data — and
// prints each problem with its file and the place inside it.
// Exits with 1 when any module has a problem, 0 when all are fine.
import { resolve } from 'node:path';
import { DEFAULT_MODULES_DIR, moduleLookups, PLATFORM_REPORT_SOURCES } from '#platform/services.ts';
import { formatProblem, scanModules } from '#engine/services/modules/scan.ts';
import { defaultActions } from '#workers/actions/index.ts';

export async function checkModulesDir(dir: string): Promise<{ ok: boolean; lines: string[] }> {
  const scanned = await scanModules(
    dir,
    moduleLookups(defaultActions().names(), new Set(Object.keys(PLATFORM_REPORT_SOURCES))),
  );
  const lines: string[] = [];
  for (const m of scanned) {
    if (m.problems.length === 0) lines.push(`ok      ${m.id}@${m.version ?? '?'}`);
    else {
      lines.push(`BROKEN  ${m.id}${m.version ? `@${m.version}` : ''}: ${m.problems.length} problem(s)`);
      for (const p of m.problems) lines.push(`  ${formatProblem(p)}`);
    }
  }
  if (scanned.length === 0) lines.push(`no modules in ${dir}`);
  return { ok: scanned.every((m) => m.problems.length === 0), lines };
}

const isMain = process.argv[1] && import.meta.filename === process.argv[1];
if (isMain) {
  const dir = resolve(process.argv[2] ?? DEFAULT_MODULES_DIR);
  checkModulesDir(dir).then(
    ({ ok, lines }) => {
      console.log(lines.join('\n'));
      process.exit(ok ? 0 : 1);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(2);
    },
  );
}
