// Checks every module folder of a directory, dependencies first, so that a module may refer to
// the forms, reports, rules and roles of the modules it depends on. Shared by the module service (at startup
// and on reload) and `npm run check:modules`.
import { createHash } from 'node:crypto';
import type {
  CheckLookups,
  ModuleDefinition,
  ModuleFiles,
  ModuleProblem,
} from '#engine/core/modules/definition.ts';
import { checkModule } from '#engine/core/modules/check.ts';
import { dependencyOrder } from '#engine/core/modules/order.ts';
import { isValidRange, satisfies } from '#engine/core/modules/semver.ts';
import { moduleFolders, readModuleFolder } from './loader.ts';

export interface ScannedModule {
  id: string;
  folder: string;
  version?: string;
  definition?: ModuleDefinition;
  problems: ModuleProblem[];
}

export type ScanLookups = Omit<
  CheckLookups,
  'externalForms' | 'externalReports' | 'externalRules' | 'externalDecisions'
>;

// Checking is a pure function of the folders' files and the lookups, and it takes a while (every
// form, flow, rule and report of every module): a process that scans the same files against the
// same lookups again (the tests start the platform dozens of times, a replica starts beside its
// app) gets a copy of what it found before.
const MAX_REMEMBERED_SCANS = 8;
const remembered = new Map<string, { checkModel: ScanLookups['checkModel']; results: ScannedModule[] }>();

function scanKey(folders: ModuleFiles[], lookups: ScanLookups): string {
  const hash = createHash('sha256');
  const sorted = (values: Iterable<string>): string[] => [...values].sort();
  hash.update(
    JSON.stringify([
      sorted(lookups.knownActions),
      sorted(lookups.reportCollections),
      sorted(lookups.knownRoles),
    ]),
  );
  for (const { folder, files } of folders) {
    hash.update(`\u0000folder\u0000${folder}`);
    for (const [path, text] of files) hash.update(`\u0000file\u0000${path}\u0000${text}`);
  }
  return hash.digest('hex');
}

/**
 * Scans remembered beyond the process (the tests keep them on disk, keyed by the checker's code as
 * well): `key` names the files and lookups, `checkModel` the further check by its source text.
 */
export interface ScanMemory {
  get(key: string): ScannedModule[] | undefined;
  set(key: string, results: ScannedModule[]): void;
}
let outerMemory: ScanMemory | null = null;

/** Where scans are remembered besides this process (null: nowhere). */
export function rememberScansIn(memory: ScanMemory | null): void {
  outerMemory = memory;
}

export async function scanModules(modulesDir: string, lookups: ScanLookups): Promise<ScannedModule[]> {
  const folders = moduleFolders(modulesDir).map((folder) => readModuleFolder(modulesDir, folder));
  const key = scanKey(folders, lookups);
  const known = remembered.get(key);
  if (known && known.checkModel === lookups.checkModel) return structuredClone(known.results);
  const outerKey = `${key} ${String(lookups.checkModel ?? '')}`;
  let results = outerMemory?.get(outerKey);
  if (!results) {
    results = await checkFolders(folders, lookups);
    outerMemory?.set(outerKey, results);
  }
  remembered.delete(key);
  remembered.set(key, { checkModel: lookups.checkModel, results: structuredClone(results) });
  if (remembered.size > MAX_REMEMBERED_SCANS) remembered.delete(remembered.keys().next().value as string);
  return results;
}

async function checkFolders(folders: ModuleFiles[], lookups: ScanLookups): Promise<ScannedModule[]> {
  // A first look at each manifest for the dependency order (checked properly below).
  const heads = folders.map((f) => {
    try {
      const m = JSON.parse(f.files.get('module.json') ?? '{}') as {
        version?: string;
        depends?: Array<{ id: string; version?: string }>;
      };
      return {
        id: f.folder,
        version: String(m.version ?? '0.0.0'),
        depends: Array.isArray(m.depends) ? m.depends.filter((d) => d && typeof d.id === 'string') : [],
      };
    } catch {
      return { id: f.folder, version: '0.0.0', depends: [] };
    }
  });
  const { order, cycles } = dependencyOrder(heads);
  const results = new Map<string, ScannedModule>();
  const inCycle = new Set(cycles.flat());
  for (const folder of [...order, ...[...inCycle].sort()]) {
    const files = folders.find((f) => f.folder === folder)!;
    const head = heads.find((h) => h.id === folder)!;
    const deps = head.depends
      .map((d) => results.get(d.id)?.definition)
      .filter((d): d is ModuleDefinition => !!d);
    const externalForms = new Set(deps.flatMap((d) => d.forms.map((f) => f.id)));
    const externalReports = new Set(deps.flatMap((d) => d.reports.map((r) => r.id)));
    const externalRules = new Map(deps.flatMap((d) => d.rules.map((r) => [r.id, r] as const)));
    const externalDecisions = new Set(deps.flatMap((d) => d.decisions.flatMap((x) => x.decisionIds)));
    const knownRoles = new Set([
      ...lookups.knownRoles,
      ...deps.flatMap((d) => (d.manifest.roles ?? []).map((r) => r.id)),
    ]);
    const checked = await checkModule(files, {
      ...lookups,
      knownRoles,
      externalForms,
      externalReports,
      externalRules,
      externalDecisions,
    });
    const problems = [...checked.problems];
    const at = (path: string, code: string, en: string, zh: string): void => {
      problems.push({
        module: folder,
        file: `${folder}/module.json`,
        path,
        code,
        message: en,
        messageZh: zh,
      });
    };
    if (inCycle.has(folder))
      at(
        '/depends',
        'DEPENDENCY_CYCLE',
        `the dependencies form a cycle: ${cycles.find((c) => c.includes(folder))!.join(' → ')}`,
        `依赖关系形成循环：${cycles.find((c) => c.includes(folder))!.join(' → ')}`,
      );
    head.depends.forEach((d, i) => {
      const found = results.get(d.id);
      if (!found && !heads.some((h) => h.id === d.id))
        at(
          `/depends/${i}/id`,
          'DEPENDENCY_MISSING',
          `module "${d.id}" does not exist`,
          `模块“${d.id}”不存在`,
        );
      else if (found && !found.definition)
        at(
          `/depends/${i}/id`,
          'DEPENDENCY_BROKEN',
          `module "${d.id}" has problems`,
          `依赖的模块“${d.id}”有错误`,
        );
      else if (found?.version && d.version && isValidRange(d.version) && !satisfies(found.version, d.version))
        at(
          `/depends/${i}/version`,
          'DEPENDENCY_VERSION',
          `module "${d.id}" is ${found.version}, not ${d.version}`,
          `模块“${d.id}”的版本为 ${found.version}，不满足 ${d.version}`,
        );
    });
    results.set(folder, {
      id: checked.id,
      folder,
      ...(checked.version ? { version: checked.version } : {}),
      ...(problems.length === 0 && checked.module ? { definition: checked.module } : {}),
      problems,
    });
  }
  return folders.map((f) => results.get(f.folder)!).filter(Boolean);
}

/** One line per problem: `file path — message` (what the CLI and the startup log print). */
export function formatProblem(p: ModuleProblem): string {
  return `${p.file}${p.path ? ` ${p.path}` : ''} — ${p.code}: ${p.message}`;
}
