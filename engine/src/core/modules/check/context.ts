// What every section of the module check shares: the module's files, the problems found so far
// (each with its file and the place inside it, in English and Chinese), the platform's lookups and
// what earlier sections learnt (the forms, processes, reports and rules the module defines).
import type { Permission } from '#schemas/generated/index.ts';
import type { CheckLookups, ModuleProblem } from '../definition.ts';
import { schemaProblems, type PlatformSchema } from '../platform-schemas.ts';
import type { RuleDefinition } from '../rules.ts';

/** A file's name without folder and extensions ('reports/budget-check.json' → 'budget-check'). */
export const baseName = (path: string): string => path.split('/').pop()!.replace(/\..*$/, '');

export class ModuleCheck {
  readonly problems: ModuleProblem[] = [];
  private readonly seen = new Set<string>();
  /** Ids the module defines, filled in by the sections as they go. */
  readonly formIds = new Set<string>();
  readonly processIds = new Set<string>();
  /** The top-level fields of each form, and the user tasks of each process (field permissions name them). */
  readonly formFields = new Map<string, Set<string>>();
  readonly userTasks = new Map<string, Set<string>>();
  readonly reportIds = new Set<string>();
  readonly rules = new Map<string, RuleDefinition>();
  /** Grants per role, from every place a module declares them (checked together at the end). */
  readonly grants: Array<{ role: string; grant: Permission; file: string; path: string }> = [];

  constructor(
    /** The folder name (the module id when the manifest agrees). */
    readonly module: string,
    readonly files: ReadonlyMap<string, string>,
    readonly lookups: CheckLookups,
  ) {}

  /** The module id everything is named after (set once the manifest is read). */
  id = '';

  read(path: string): string | undefined {
    return this.files.get(path);
  }

  add(file: string, path: string, code: string, message: string, messageZh: string): void {
    const key = `${code}\0${file}\0${path}`;
    if (this.seen.has(key)) return; // the same problem found by two checks
    this.seen.add(key);
    this.problems.push({
      module: this.module,
      file: `${this.module}/${file}`,
      path,
      code,
      message,
      messageZh,
    });
  }

  /** Every violation of a platform schema, at its JSON pointer; true when there was none. */
  schema(file: string, which: PlatformSchema, value: unknown): boolean {
    const problems = schemaProblems(which, value);
    for (const p of problems)
      this.add(
        file,
        p.path,
        'SCHEMA_VIOLATION',
        `${p.path || 'the file'} ${p.message}`,
        `${p.path || '文件'}不符合要求：${p.message}`,
      );
    return problems.length === 0;
  }

  /** The file parsed as JSON; undefined (and a problem) when it is missing or not JSON. */
  json<T = unknown>(file: string): T | undefined {
    const text = this.read(file);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as T;
    } catch (e) {
      const why = (e as Error).message;
      this.add(file, '', 'JSON_INVALID', `not valid JSON: ${why}`, `不是有效的 JSON：${why}`);
      return undefined;
    }
  }

  /** A reference to nothing: `what` names the kind ('form', 'report' …). */
  unknown(file: string, path: string, code: string, what: string, whatZh: string, id: string): void {
    this.add(file, path, code, `there is no ${what} "${id}"`, `没有${whatZh}“${id}”`);
  }

  knownForm(id: string): boolean {
    return this.formIds.has(id) || (this.lookups.externalForms?.has(id) ?? false);
  }

  knownReport(id: string): boolean {
    return this.reportIds.has(id) || (this.lookups.externalReports?.has(id) ?? false);
  }

  rule(id: string): RuleDefinition | undefined {
    return this.rules.get(id) ?? this.lookups.externalRules?.get(id);
  }
}
