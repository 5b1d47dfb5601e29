// Checks a module folder and assembles its definition (pure: the files come in as text). Every
// problem names the file and the place inside it (JSON pointer, or '#elementId' in BPMN), in
// English and Chinese, and all of them are reported at once: bad JSON, schema violations, BPMN
// that fails validation, unknown actions, missing translations, references to nothing, seeds that
// do not fit their form, code where only data may be. `npm run check:modules` and the module
// service at startup both run it; a module with problems is left disabled.
import { createHash } from 'node:crypto';
import type {
  Automation,
  Dashboard,
  FormDefinition,
  ModuleForm,
  ModuleManifest,
  ModulePermissions,
  ModuleSeed,
  Report,
} from '#schemas/generated/index.ts';
import { inputSyntaxProblems } from '../automations/feel-values.ts';
import { triggerProblems } from '../automations/triggers.ts';
import { feelSyntaxError, isExpression } from '../feel/feel.ts';
import { compileBpmn } from '../flows/compile.ts';
import { FormCompiler } from '../forms/compiled-form.ts';
import { checkDefinition } from '../forms/definition-check.ts';
import { FieldIndex } from '../forms/field-index.ts';
import type { JsonSchema } from '../forms/schema-walk.ts';
import { checkVoucher, type VoucherInput } from '../ledger/voucher.ts';
import { permissionProblems } from '../permissions/validate.ts';
import { reportProblems } from '../reports/validate.ts';
import type { CheckLookups, ModuleDefinition, ModuleFiles, ModuleProblem } from './definition.ts';
import { schemaProblems, validateWith, type PlatformSchema } from './platform-schemas.ts';
import { isValidRange } from './semver.ts';

export const LANGUAGES = ['en', 'zh-CN'] as const;

/** Where each kind of file lives; anything else in a module folder is a problem. */
const LAYOUT: Array<[RegExp, string]> = [
  [/^module\.json$/, 'manifest'],
  [/^schemas\/[a-z0-9-]+\.schema\.json$/, 'schema'],
  [/^forms\/[a-z0-9-]+\.ui\.json$/, 'ui'],
  [/^forms\/[a-z0-9-]+\.form\.json$/, 'form'],
  [/^flows\/[a-z0-9-]+\.bpmn$/, 'flow'],
  [/^permissions\/[a-z0-9-]+\.json$/, 'permissions'],
  [/^automations\/[a-z0-9-]+\.json$/, 'automation'],
  [/^reports\/[a-z0-9-]+\.json$/, 'report'],
  [/^dashboards\/[a-z0-9-]+\.json$/, 'dashboard'],
  [/^seed\/[a-z0-9-]+\.json$/, 'seed'],
  [/^i18n\/(en|zh-CN)\.json$/, 'i18n'],
  [/^README(\.[a-zA-Z-]+)?\.md$/, 'readme'],
];
const CODE = /\.(m?[jt]sx?|cjs|cts|mts|py|sh|exe|dll|so|wasm)$/i;

const baseName = (path: string): string => path.split('/').pop()!.replace(/\..*$/, '');

class Collector {
  readonly problems: ModuleProblem[] = [];
  constructor(readonly module: string) {}
  private readonly seen = new Set<string>();
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
}

function parseJson(c: Collector, file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    c.add(
      file,
      '',
      'JSON_INVALID',
      `not valid JSON: ${(e as Error).message}`,
      `不是有效的 JSON：${(e as Error).message}`,
    );
    return undefined;
  }
}

// One compiler for every check in this process (creating its ajv costs more than checking a form);
// drafts are compiled without being cached, so checks never see each other's forms.
let sharedCompiler: FormCompiler | null = null;

/** Checks a module folder; `module` is set when nothing is wrong. */
export async function checkModule(
  input: ModuleFiles,
  lookups: CheckLookups,
): Promise<{ id: string; version?: string; module?: ModuleDefinition; problems: ModuleProblem[] }> {
  const c = new Collector(input.folder);
  const kinds = new Map<string, string>();
  for (const path of [...input.files.keys()].sort()) {
    const kind = LAYOUT.find(([re]) => re.test(path))?.[1];
    if (kind) kinds.set(path, kind);
    else if (CODE.test(path))
      c.add(
        path,
        '',
        'CODE_NOT_ALLOWED',
        'modules hold data only (JSON, BPMN, i18n): move code into a generic worker action',
        '模块只能包含数据（JSON、BPMN、i18n）：请将代码改为通用的工作器动作',
      );
    else
      c.add(path, '', 'UNKNOWN_FILE', 'this file has no place in a module folder', '模块目录中不应有此文件');
  }
  const read = (path: string) => input.files.get(path);
  const filesOf = (kind: string) => [...kinds.entries()].filter(([, k]) => k === kind).map(([p]) => p);

  // ---- manifest ------------------------------------------------------------------------------
  const manifestText = read('module.json');
  if (manifestText === undefined) {
    c.add('module.json', '', 'MANIFEST_MISSING', 'module.json is missing', '缺少 module.json');
    return { id: input.folder, problems: c.problems };
  }
  const manifest = parseJson(c, 'module.json', manifestText) as ModuleManifest | undefined;
  if (manifest === undefined || !c.schema('module.json', 'manifest', manifest))
    return { id: input.folder, problems: c.problems };
  const id = manifest.id;
  if (id !== input.folder)
    c.add(
      'module.json',
      '/id',
      'MODULE_ID_MISMATCH',
      `the id "${id}" differs from the folder name "${input.folder}"`,
      `模块 ID“${id}”与目录名“${input.folder}”不一致`,
    );
  (manifest.depends ?? []).forEach((d, i) => {
    if (d.version && !isValidRange(d.version))
      c.add(
        'module.json',
        `/depends/${i}/version`,
        'VERSION_RANGE_INVALID',
        `"${d.version}" is not a version range`,
        `“${d.version}”不是有效的版本范围`,
      );
    if (d.id === id)
      c.add(
        'module.json',
        `/depends/${i}/id`,
        'DEPENDS_ON_ITSELF',
        'a module cannot depend on itself',
        '模块不能依赖自身',
      );
  });
  if (manifest.settingsSchema) {
    const result = validateWith(manifest.settingsSchema, manifest.defaultSettings ?? {});
    if (typeof result === 'string')
      c.add(
        'module.json',
        '/settingsSchema',
        'SETTINGS_SCHEMA_INVALID',
        `the settings schema does not compile: ${result}`,
        `设置的 JSON Schema 无法编译：${result}`,
      );
    else
      for (const p of result)
        c.add(
          'module.json',
          `/defaultSettings${p.path}`,
          'SETTINGS_INVALID',
          `default settings${p.path} ${p.message}`,
          `默认设置${p.path}不符合要求：${p.message}`,
        );
  }

  // ---- i18n ------------------------------------------------------------------------------------
  const i18n = { en: {}, 'zh-CN': {} } as Record<'en' | 'zh-CN', Record<string, string>>;
  for (const lang of LANGUAGES) {
    const file = `i18n/${lang}.json`;
    const text = read(file);
    if (text === undefined) {
      c.add(file, '', 'TRANSLATION_FILE_MISSING', `${file} is missing`, `缺少 ${file}`);
      continue;
    }
    const parsed = parseJson(c, file, text);
    if (parsed === undefined) continue;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      c.add(file, '', 'SCHEMA_VIOLATION', 'must be an object of texts by key', '必须是“键 → 文本”的对象');
      continue;
    }
    for (const [k, v] of Object.entries(parsed))
      if (typeof v !== 'string' || v.trim() === '')
        c.add(file, `/${k}`, 'TRANSLATION_EMPTY', `"${k}" must be a non-empty text`, `“${k}”必须是非空文本`);
      else i18n[lang][k] = v;
  }
  for (const [lang, other] of [
    ['en', 'zh-CN'],
    ['zh-CN', 'en'],
  ] as const)
    for (const key of Object.keys(i18n[lang]))
      if (!(key in i18n[other]) && read(`i18n/${other}.json`) !== undefined)
        c.add(
          `i18n/${other}.json`,
          `/${key}`,
          'MISSING_TRANSLATION',
          `"${key}" has no ${other} translation`,
          `“${key}”缺少 ${other} 翻译`,
        );
  const text = (key: string): { en: string; 'zh-CN': string } | undefined =>
    i18n.en[key] && i18n['zh-CN'][key] ? { en: i18n.en[key], 'zh-CN': i18n['zh-CN'][key] } : undefined;
  const needText = (key: string, file: string): void => {
    for (const lang of LANGUAGES)
      if (!i18n[lang][key])
        c.add(
          `i18n/${lang}.json`,
          `/${key}`,
          'MISSING_TRANSLATION',
          `"${key}" (needed by ${file}) is missing`,
          `缺少“${key}”（${file} 需要）`,
        );
  };

  // ---- forms -----------------------------------------------------------------------------------
  const forms: FormDefinition[] = [];
  const compiler = (sharedCompiler ??= new FormCompiler());
  const compiledForms = new Map<string, ReturnType<FormCompiler['compileDraft']>>();
  for (const file of filesOf('schema')) {
    const name = baseName(file);
    const formId = `${id}-${name}`;
    const schema = parseJson(c, file, read(file)!) as JsonSchema | undefined;
    if (schema === undefined) continue;
    const uiFile = `forms/${name}.ui.json`;
    const metaFile = `forms/${name}.form.json`;
    const ui = read(uiFile) !== undefined ? (parseJson(c, uiFile, read(uiFile)!) as object | undefined) : {};
    const meta =
      read(metaFile) !== undefined ? (parseJson(c, metaFile, read(metaFile)!) as ModuleForm | undefined) : {};
    if (ui === undefined || meta === undefined) continue;
    if (!c.schema(metaFile, 'form', meta)) continue;
    let fields: FieldIndex;
    try {
      fields = new FieldIndex(schema);
    } catch (e) {
      c.add(
        file,
        '',
        'SCHEMA_VIOLATION',
        `the schema cannot be read: ${(e as Error).message}`,
        `无法读取该 Schema：${(e as Error).message}`,
      );
      continue;
    }
    const prefix = `form.${name}`;
    needText(`${prefix}.name`, file);
    const labels: Record<string, { en: string; 'zh-CN': string }> = {};
    const help: Record<string, { en: string; 'zh-CN': string }> = {};
    const optionLabels: Record<string, Record<string, { en: string; 'zh-CN': string }>> = {};
    for (const field of fields.all()) {
      needText(`${prefix}.field.${field.path}`, file);
      const label = text(`${prefix}.field.${field.path}`);
      if (label) labels[field.path] = label;
      const h = text(`${prefix}.help.${field.path}`);
      if (h) help[field.path] = h;
      for (const option of field.options ?? []) {
        const o = text(`${prefix}.option.${field.path}.${String(option)}`);
        if (o) (optionLabels[field.path] ??= {})[String(option)] = o;
      }
    }
    const definition: FormDefinition = {
      id: formId,
      module: id,
      name: text(`${prefix}.name`) ?? { en: formId, 'zh-CN': formId },
      schema,
      uiSchema: ui as Record<string, unknown>,
      labels,
      ...(Object.keys(help).length ? { help } : {}),
      ...(Object.keys(optionLabels).length ? { optionLabels } : {}),
      ...(meta as object),
    } as FormDefinition;
    const missingLabels = new Set(fields.all().map((f) => `/labels/${f.path}`));
    for (const p of checkDefinition(definition)) {
      if (missingLabels.has(p.path)) continue; // reported above as a missing translation
      const where = p.path.startsWith('/schema') ? file : p.path.startsWith('/uiSchema') ? uiFile : metaFile;
      const path = p.path.replace(/^\/(schema|uiSchema)/, '');
      c.add(where, path, 'FORM_INVALID', p.message, p.messageZh ?? p.message);
    }
    forms.push(definition);
    try {
      compiledForms.set(formId, compiler.compileDraft({ ...definition, version: 1 }));
    } catch {
      // reported by checkDefinition
    }
  }
  for (const file of [...filesOf('ui'), ...filesOf('form')]) {
    const name = baseName(file);
    if (!read(`schemas/${name}.schema.json`))
      c.add(
        file,
        '',
        'FORM_SCHEMA_MISSING',
        `schemas/${name}.schema.json is missing for this file`,
        `缺少与此文件对应的 schemas/${name}.schema.json`,
      );
  }
  const formIds = new Set(filesOf('schema').map((f) => `${id}-${baseName(f)}`));
  const knownForm = (f: string) => formIds.has(f) || (lookups.externalForms?.has(f) ?? false);

  // ---- flows -----------------------------------------------------------------------------------
  const flows: ModuleDefinition['flows'] = [];
  for (const file of filesOf('flow')) {
    const xml = read(file)!;
    const result = await compileBpmn(xml, { knownActions: lookups.knownActions, isKnownForm: knownForm });
    if (!result.ok) {
      for (const p of result.problems)
        c.add(file, p.elementId ? `#${p.elementId}` : '', p.code, p.message, p.messageZh);
      continue;
    }
    const extra = lookups.checkModel?.(result.model) ?? [];
    for (const p of extra) c.add(file, p.elementId ? `#${p.elementId}` : '', p.code, p.message, p.messageZh);
    const processId = result.model.processId;
    if (!processId.startsWith(`${id}-`))
      c.add(
        file,
        `#${processId}`,
        'PROCESS_ID_PREFIX',
        `the process id must start with "${id}-"`,
        `流程 ID 必须以“${id}-”开头`,
      );
    if (flows.some((f) => f.processId === processId))
      c.add(
        file,
        `#${processId}`,
        'PROCESS_ID_DUPLICATE',
        `another file defines process "${processId}"`,
        `另一个文件已定义流程“${processId}”`,
      );
    flows.push({ file, processId, xml });
  }
  const processIds = new Set(flows.map((f) => f.processId));

  // ---- permissions -----------------------------------------------------------------------------
  const moduleRoles = new Set((manifest.roles ?? []).map((r) => r.id));
  const permissions: ModulePermissions[] = [];
  for (const file of filesOf('permissions')) {
    const value = parseJson(c, file, read(file)!) as ModulePermissions | undefined;
    if (value === undefined || !c.schema(file, 'permissions', value)) continue;
    if (!moduleRoles.has(value.role) && !lookups.knownRoles.has(value.role))
      c.add(
        file,
        '/role',
        'UNKNOWN_ROLE',
        `role "${value.role}" is neither built in nor declared in module.json`,
        `角色“${value.role}”既非内置角色，也未在 module.json 中声明`,
      );
    for (const p of permissionProblems(value.grants, '/grants'))
      c.add(file, p.path, 'PERMISSION_INVALID', p.message, p.messageZh ?? p.message);
    permissions.push(value);
  }

  // ---- reports and dashboards ------------------------------------------------------------------
  const reports: Report[] = [];
  for (const file of filesOf('report')) {
    const raw = parseJson(c, file, read(file)!) as Record<string, unknown> | undefined;
    if (raw === undefined) continue;
    const report = qualify(c, file, raw, id) as unknown as Report;
    if (!c.schema(file, 'report', report)) continue;
    for (const p of reportProblems(report)) c.add(file, p.path, 'REPORT_INVALID', p.message, p.messageZh);
    const parts = 'union' in report.source ? report.source.union : [report.source];
    parts.forEach((part, i) => {
      const at = 'union' in report.source ? `/source/union/${i}` : '/source';
      if (part.form && !knownForm(part.form))
        c.add(
          file,
          `${at}/form`,
          'UNKNOWN_FORM',
          `there is no form "${part.form}"`,
          `没有表单“${part.form}”`,
        );
      if (part.collection && !lookups.reportCollections.has(part.collection))
        c.add(
          file,
          `${at}/collection`,
          'UNKNOWN_SOURCE',
          `"${part.collection}" is not a report source`,
          `“${part.collection}”不是可用的报表数据源`,
        );
    });
    reports.push(report);
  }
  // Reports are known by their file names, so a broken report is reported once, not again by
  // every dashboard that shows it.
  const reportIds = new Set(filesOf('report').map((f) => `${id}.${baseName(f)}`));
  const knownReport = (r: string) => reportIds.has(r) || (lookups.externalReports?.has(r) ?? false);
  const dashboards: Dashboard[] = [];
  for (const file of filesOf('dashboard')) {
    const raw = parseJson(c, file, read(file)!) as Record<string, unknown> | undefined;
    if (raw === undefined) continue;
    const dashboard = qualify(c, file, raw, id) as unknown as Dashboard;
    if (!c.schema(file, 'dashboard', dashboard)) continue;
    dashboard.cards.forEach((card, i) => {
      if (!knownReport(card.report))
        c.add(
          file,
          `/cards/${i}/report`,
          'UNKNOWN_REPORT',
          `there is no report "${card.report}"`,
          `没有报表“${card.report}”`,
        );
    });
    dashboards.push(dashboard);
  }

  // ---- automations -----------------------------------------------------------------------------
  const automations: Automation[] = [];
  for (const file of filesOf('automation')) {
    const raw = parseJson(c, file, read(file)!) as Record<string, unknown> | undefined;
    if (raw === undefined) continue;
    const automation = qualify(c, file, raw, id) as unknown as Automation;
    if (!c.schema(file, 'automation', automation)) continue;
    for (const p of triggerProblems(automation))
      c.add(file, p.path, 'TRIGGER_INVALID', p.message, p.messageZh);
    const t = automation.trigger;
    if (t.form && !knownForm(t.form))
      c.add(file, '/trigger/form', 'UNKNOWN_FORM', `there is no form "${t.form}"`, `没有表单“${t.form}”`);
    if (t.type === 'flow.ended' && t.process && !processIds.has(t.process))
      c.add(
        file,
        '/trigger/process',
        'UNKNOWN_PROCESS',
        `the module has no process "${t.process}"`,
        `模块中没有流程“${t.process}”`,
      );
    (automation.conditions ?? []).forEach((expr, i) => {
      const problem = feelSyntaxError(expr);
      if (problem)
        c.add(file, `/conditions/${i}`, 'FEEL_INVALID', `FEEL: ${problem}`, `FEEL 表达式错误：${problem}`);
    });
    automation.actions.forEach((a, i) => {
      if (!lookups.knownActions.has(a.action))
        c.add(
          file,
          `/actions/${i}/action`,
          'UNKNOWN_ACTION',
          `"${a.action}" is not a worker action (known: ${[...lookups.knownActions].sort().join(', ')})`,
          `“${a.action}”不是已注册的工作器动作`,
        );
      for (const p of inputSyntaxProblems(a.input ?? {}, `/actions/${i}/input`))
        c.add(file, p.path, 'FEEL_INVALID', `FEEL: ${p.message}`, `FEEL 表达式错误：${p.message}`);
    });
    automations.push(automation);
  }

  // ---- catalogue entries -----------------------------------------------------------------------
  (manifest.entries ?? []).forEach((entry, i) => {
    const at = `/entries/${i}`;
    if (!formIds.has(entry.form))
      c.add(
        'module.json',
        `${at}/form`,
        'UNKNOWN_FORM',
        `the module has no form "${entry.form}"`,
        `模块中没有表单“${entry.form}”`,
      );
    if (entry.flow && !processIds.has(entry.flow))
      c.add(
        'module.json',
        `${at}/flow`,
        'UNKNOWN_PROCESS',
        `the module has no process "${entry.flow}"`,
        `模块中没有流程“${entry.flow}”`,
      );
    const pre = entry.precheck;
    if (pre?.report && !knownReport(pre.report))
      c.add(
        'module.json',
        `${at}/precheck/report`,
        'UNKNOWN_REPORT',
        `there is no report "${pre.report}"`,
        `没有报表“${pre.report}”`,
      );
    for (const p of inputSyntaxProblems(
      { params: pre?.params ?? {}, values: pre?.values ?? {} },
      `${at}/precheck`,
    ))
      c.add('module.json', p.path, 'FEEL_INVALID', `FEEL: ${p.message}`, `FEEL 表达式错误：${p.message}`);
    (pre?.warnings ?? []).forEach((w, k) => {
      const problem = feelSyntaxError(w.when);
      if (problem)
        c.add(
          'module.json',
          `${at}/precheck/warnings/${k}/when`,
          'FEEL_INVALID',
          `FEEL: ${problem}`,
          `FEEL 表达式错误：${problem}`,
        );
    });
  });

  // ---- seeds -----------------------------------------------------------------------------------
  const seeds: ModuleDefinition['seeds'] = [];
  for (const file of filesOf('seed')) {
    const seed = parseJson(c, file, read(file)!) as ModuleSeed | undefined;
    if (seed === undefined || !c.schema(file, 'seed', seed)) continue;
    if (seed.records) {
      const form = seed.form ? compiledForms.get(seed.form) : undefined;
      if (!seed.form || !form)
        c.add(
          file,
          '/form',
          'UNKNOWN_FORM',
          `the module has no form "${seed.form ?? ''}"`,
          `模块中没有表单“${seed.form ?? ''}”`,
        );
      else
        seed.records.forEach((r, i) => {
          for (const p of form.check(structuredClone(r.data)).errors)
            c.add(file, `/records/${i}/data${p.path}`, 'SEED_INVALID', p.message, p.messageZh ?? p.message);
        });
      const ids = new Set<string>();
      seed.records.forEach((r, i) => {
        if (ids.has(r.id))
          c.add(
            file,
            `/records/${i}/id`,
            'SEED_DUPLICATE_ID',
            `id "${r.id}" is used twice`,
            `ID“${r.id}”重复`,
          );
        ids.add(r.id);
      });
    }
    (seed.vouchers ?? []).forEach((v, i) => {
      const checked = checkVoucher(v as unknown as VoucherInput);
      if ('problems' in checked)
        for (const p of checked.problems)
          c.add(file, `/vouchers/${i}${p.path}`, 'VOUCHER_INVALID', p.message, p.messageZh ?? p.message);
    });
    seeds.push({ ...seed, file });
  }

  for (const [lang, texts] of Object.entries(i18n))
    for (const [key, value] of Object.entries(texts))
      if (isExpression(value) && feelSyntaxError(value))
        c.add(
          `i18n/${lang}.json`,
          `/${key}`,
          'FEEL_INVALID',
          'a text must not look like an expression',
          '文本不应以“=”开头',
        );

  const hash = createHash('sha256');
  for (const path of [...input.files.keys()].sort())
    hash.update(path).update('\0').update(input.files.get(path)!).update('\0');
  if (c.problems.length) return { id, version: manifest.version, problems: c.problems };
  return {
    id,
    version: manifest.version,
    problems: [],
    module: {
      manifest,
      forms,
      flows,
      permissions,
      automations,
      reports,
      dashboards,
      seeds,
      i18n,
      hash: hash.digest('hex'),
    },
  };
}

/** Gives a module item its qualified id ('<module>.<file name>') and module; a different id is a problem. */
function qualify(
  c: Collector,
  file: string,
  raw: Record<string, unknown>,
  module: string,
): Record<string, unknown> {
  const expected = `${module}.${baseName(file)}`;
  if (raw.id !== undefined && raw.id !== expected)
    c.add(
      file,
      '/id',
      'ID_MISMATCH',
      `the id must be "${expected}" (module and file name) or left out`,
      `ID 必须为“${expected}”（模块名与文件名）或省略`,
    );
  if (raw.module !== undefined && raw.module !== module)
    c.add(file, '/module', 'MODULE_MISMATCH', `the module must be "${module}"`, `所属模块必须为“${module}”`);
  return { ...raw, id: expected, module };
}
