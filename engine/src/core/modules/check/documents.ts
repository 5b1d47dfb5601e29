// Business documents in a module folder: links that name a form the module (or one it depends on)
// defines, and print formats —
//   doctypes/<name>/print/<format>.json   prints records of the document type ('<module>-<name>-<format>')
//   print/<format>.json                   prints a platform source, the ledger's vouchers ('<module>-<format>')
// Every path a format names must exist: `data.<field>` of the form (a table's columns are fields
// of its lines), an envelope path (number, owner, submittedAt …), or a voucher's path. Amounts in
// words only for money. Lifecycle and numbering are checked with the rest of the form
// (core/documents/lifecycle.ts, reported in doctype.json).
import type { FormDefinition, PrintFormat } from '#schemas/generated/index.ts';
import { linkFields } from '../../documents/links.ts';
import type { CompiledForm } from '../../forms/compiled-form.ts';
import type { JsonSchema } from '../../forms/schema-walk.ts';
import { RECORD_PRINT_PATHS, VOUCHER_PRINT_PATHS } from '../../print/subjects.ts';
import { moduleItemId } from '../ids.ts';
import { baseName, type ModuleCheck } from './context.ts';

type Format = PrintFormat & { id: string };

/**
 * Link fields name forms that exist — here or in a module depended on; a link into a module worked
 * beside (`x-link.requiresModules`, the form one of theirs) is taken on trust: that module may not
 * be installed.
 */
export function checkLinks(check: ModuleCheck, forms: readonly FormDefinition[]): void {
  for (const form of forms) {
    const folder = form.id.slice(check.id.length + 1);
    for (const link of linkFields(form.schema as JsonSchema))
      if (!check.knownForm(link.form) && !ofModules(link.form, link.requiresModules))
        check.unknown(
          `doctypes/${folder}/schema.json`,
          `${link.pointer}/x-link/form`,
          'UNKNOWN_FORM',
          'form',
          '表单',
          link.form,
        );
  }
}

/** Whether `form` is a form of one of `modules` (`<module>-<name>`). */
export const ofModules = (form: string, modules: readonly string[] | undefined): boolean =>
  (modules ?? []).some((m) => form.startsWith(`${m}-`));

export function checkPrintFormats(
  check: ModuleCheck,
  doctypeFiles: string[],
  moduleFiles: string[],
  compiled: ReadonlyMap<string, CompiledForm>,
): Format[] {
  const out: Format[] = [];
  const fileOf = new Map<string, string>();
  const read = (file: string, id: string): Format | undefined => {
    fileOf.set(id, file);
    const raw = check.json<PrintFormat>(file);
    if (raw === undefined || !check.schema(file, 'printFormat', raw)) return undefined;
    if (raw.id !== undefined && raw.id !== id)
      check.add(
        file,
        '/id',
        'ID_MISMATCH',
        `the id is "${id}" (from the file's place)`,
        `id 应为“${id}”（由文件位置决定）`,
      );
    return { ...raw, id, module: check.id };
  };
  for (const file of doctypeFiles) {
    const folder = file.split('/')[1]!;
    const formId = moduleItemId(check.id, folder);
    const format = read(file, moduleItemId(check.id, `${folder}-${baseName(file)}`));
    if (!format) continue;
    if (format.source && format.source !== 'record')
      check.add(
        file,
        '/source',
        'PRINT_SOURCE_INVALID',
        'a document type prints its own records',
        '文档类型的打印格式只能打印其记录',
      );
    if (!check.formIds.has(formId))
      check.add(
        file,
        '',
        'DOCTYPE_MISSING',
        `doctypes/${folder}/doctype.json is missing for this file`,
        `缺少与此文件对应的 doctypes/${folder}/doctype.json`,
      );
    const form = compiled.get(formId);
    if (form) checkPaths(check, file, format, (path, table) => recordPath(form, path, table));
    out.push({ ...format, form: formId, source: 'record' });
  }
  for (const file of moduleFiles) {
    const format = read(file, moduleItemId(check.id, baseName(file)));
    if (!format) continue;
    if (format.source !== 'ledger-voucher') {
      check.add(
        file,
        '/source',
        'PRINT_SOURCE_INVALID',
        'a print format at the module root prints a platform source: "ledger-voucher"',
        '模块根目录的打印格式须打印平台数据源："ledger-voucher"',
      );
      continue;
    }
    checkPaths(check, file, format, (path, table) => {
      const full = table ? `${table}.${path}` : path;
      return VOUCHER_PRINT_PATHS.has(full)
        ? { money: /debit|credit|total/i.test(full), list: full === 'lines' }
        : null;
    });
    out.push(format);
  }
  for (const target of new Set(out.map((f) => f.form ?? f.source))) {
    const defaults = out.filter((f) => (f.form ?? f.source) === target && f.default);
    if (defaults.length > 1)
      check.add(
        fileOf.get(defaults[1]!.id)!,
        '/default',
        'PRINT_DEFAULT_TWICE',
        `${target} has ${defaults.length} default print formats`,
        `${target} 有 ${defaults.length} 个默认打印格式`,
      );
  }
  return out;
}

type PathInfo = { money: boolean; list: boolean } | null;

/** What a record print path is (null: it is not one). `table`: the list a column belongs to. */
function recordPath(form: CompiledForm, path: string, table?: string): PathInfo {
  if (table) {
    const field = form.fields.get(`${table.slice(5)}.${path}`);
    return field ? { money: field.format === 'money', list: false } : null;
  }
  if (RECORD_PRINT_PATHS.has(path)) return { money: false, list: false };
  const field = path.startsWith('data.') ? form.fields.get(path.slice(5)) : undefined;
  if (!field) return null;
  return { money: field.format === 'money', list: field.types.includes('array') && field.container };
}

function checkPaths(
  check: ModuleCheck,
  file: string,
  format: PrintFormat,
  info: (path: string, table?: string) => PathInfo,
): void {
  format.sections.forEach((section, s) => {
    const at = `/sections/${s}`;
    if (section.type === 'table') {
      const list = info(section.field ?? '');
      if (!list?.list)
        check.add(
          file,
          `${at}/field`,
          'PRINT_PATH_UNKNOWN',
          `"${section.field}" is not a list of lines`,
          `“${section.field}”不是明细列表`,
        );
    }
    (section.fields ?? []).forEach((f, i) => {
      const found = info(f.field, section.type === 'table' ? section.field : undefined);
      if (!found)
        check.add(
          file,
          `${at}/fields/${i}/field`,
          'PRINT_PATH_UNKNOWN',
          `"${f.field}" is nothing this document has`,
          `此单据没有“${f.field}”`,
        );
      else if (f.inWords && !found.money)
        check.add(
          file,
          `${at}/fields/${i}/inWords`,
          'PRINT_IN_WORDS',
          `"${f.field}" is not an amount of money`,
          `“${f.field}”不是金额`,
        );
    });
  });
}
