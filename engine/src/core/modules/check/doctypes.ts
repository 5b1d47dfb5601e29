// doctypes/<name>/: everything about one document type in one folder, assembled into the form the
// platform publishes ('<module>-<name>') and the grants it adds to roles.
//
//   doctype.json       name, title field, computed fields, sensitive fields, indexes
//   schema.json        JSON Schema of the data
//   ui.json            rjsf uiSchema (optional)
//   labels.json        every field's label in both languages, help texts, option labels
//   views.json         list columns and sort, the detail page's summary, the board (kanban) and
//                      the calendar (optional)
//   permissions.json   grants per role on the records, and role lists per action (optional)
//
// A problem the form checker finds in the assembled definition is reported in the file it came
// from (a bad list column in views.json, a bad label in labels.json …).
import type {
  DoctypeGrant,
  DoctypeLabels,
  DoctypePermissions,
  DoctypeViews,
  FormDefinition,
  ModuleDoctype,
} from '#schemas/generated/index.ts';
import { FormCompiler, type CompiledForm } from '../../forms/compiled-form.ts';
import { checkDefinition } from '../../forms/definition-check.ts';
import { FieldIndex } from '../../forms/field-index.ts';
import type { JsonSchema } from '../../forms/schema-walk.ts';
import { moduleItemId } from '../ids.ts';
import type { ModuleCheck } from './context.ts';
import { filesOf, type FileKind } from './layout.ts';

// One compiler for every check in this process (creating its ajv costs more than checking a form);
// drafts are compiled without being cached, so checks never see each other's forms.
let sharedCompiler: FormCompiler | null = null;

export interface CheckedDoctypes {
  forms: FormDefinition[];
  /** Compiled forms by id (seed data is checked against them). */
  compiled: Map<string, CompiledForm>;
}

export function checkDoctypes(check: ModuleCheck, kinds: ReadonlyMap<string, FileKind>): CheckedDoctypes {
  const out: CheckedDoctypes = { forms: [], compiled: new Map() };
  const folders = filesOf(kinds, 'doctype').map((f) => f.split('/')[1]!);
  for (const part of filesOf(kinds, 'doctype-part')) {
    const folder = part.split('/')[1]!;
    if (!folders.includes(folder))
      check.add(
        part,
        '',
        'DOCTYPE_MISSING',
        `doctypes/${folder}/doctype.json is missing for this file`,
        `缺少与此文件对应的 doctypes/${folder}/doctype.json`,
      );
  }
  for (const folder of folders) {
    // Known even when broken, so references to it are not reported a second time.
    check.formIds.add(moduleItemId(check.id, folder));
    const form = assemble(check, folder);
    if (!form) continue;
    out.forms.push(form);
    const props = (form.schema as { properties?: Record<string, unknown> }).properties;
    check.formFields.set(form.id, new Set(Object.keys(props ?? {})));
    try {
      out.compiled.set(
        form.id,
        (sharedCompiler ??= new FormCompiler()).compileDraft({ ...form, version: 1 }),
      );
    } catch {
      // reported by checkDefinition
    }
  }
  return out;
}

function assemble(check: ModuleCheck, folder: string): FormDefinition | undefined {
  const at = (file: string) => `doctypes/${folder}/${file}`;
  const optional = <T>(file: string, fallback: T): T | undefined =>
    check.read(at(file)) === undefined ? fallback : check.json<T>(at(file));
  const doctype = check.json<ModuleDoctype>(at('doctype.json'));
  if (check.read(at('schema.json')) === undefined)
    check.add(
      at('schema.json'),
      '',
      'FILE_MISSING',
      'a document type needs its schema.json',
      '文档类型需要 schema.json',
    );
  if (check.read(at('labels.json')) === undefined)
    check.add(
      at('labels.json'),
      '',
      'FILE_MISSING',
      'a document type needs its labels.json',
      '文档类型需要 labels.json',
    );
  const schema = check.json<JsonSchema>(at('schema.json'));
  const labels = check.json<DoctypeLabels>(at('labels.json'));
  const ui = optional<Record<string, unknown>>('ui.json', {});
  const views = optional<DoctypeViews>('views.json', {});
  const permissions = optional<DoctypePermissions>('permissions.json', {});
  if ([doctype, schema, labels, ui, views, permissions].includes(undefined)) return undefined;
  const fits =
    check.schema(at('doctype.json'), 'doctype', doctype) &&
    check.schema(at('labels.json'), 'labels', labels) &&
    check.schema(at('views.json'), 'views', views) &&
    check.schema(at('permissions.json'), 'doctypePermissions', permissions);
  if (!fits) return undefined;
  let fields: FieldIndex;
  try {
    fields = new FieldIndex(schema!);
  } catch (e) {
    const why = (e as Error).message;
    check.add(
      at('schema.json'),
      '',
      'SCHEMA_VIOLATION',
      `the schema cannot be read: ${why}`,
      `无法读取该 Schema：${why}`,
    );
    return undefined;
  }
  checkLabels(check, at('labels.json'), labels!, fields);
  const id = moduleItemId(check.id, folder);
  const { name, description, ...meta } = doctype!;
  const definition: FormDefinition = {
    id,
    module: check.id,
    name,
    ...(description ? { description } : {}),
    schema: schema!,
    uiSchema: ui!,
    labels: labels!.fields,
    ...(labels!.help && Object.keys(labels!.help).length ? { help: labels!.help } : {}),
    ...(labels!.options && Object.keys(labels!.options).length ? { optionLabels: labels!.options } : {}),
    ...meta,
    ...(permissions!.only ? { permissions: permissions!.only } : {}),
    ...(views!.list?.columns ? { listColumns: views!.list.columns } : {}),
    ...(views!.list?.sort ? { defaultSort: views!.list.sort } : {}),
    ...(views!.detail?.summary ? { summaryFields: views!.detail.summary } : {}),
    ...(views!.detail?.stock ? { stockPanel: views!.detail.stock } : {}),
    ...(views!.kanban ? { kanban: views!.kanban } : {}),
    ...(views!.calendar ? { calendar: views!.calendar } : {}),
  };
  const missingLabels = new Set(fields.all().map((f) => `/labels/${f.path}`));
  for (const p of checkDefinition(definition)) {
    if (missingLabels.has(p.path)) continue; // reported by checkLabels
    const [file, path] = whereIn(p.path);
    check.add(at(file), path, 'FORM_INVALID', p.message, p.messageZh ?? p.message);
  }
  for (const [role, value] of Object.entries(permissions!.grants ?? {})) {
    const list: DoctypeGrant[] = Array.isArray(value) ? value : [value];
    list.forEach((grant, i) =>
      check.grants.push({
        role,
        grant: { resource: `record:${id}`, ...grant },
        file: at('permissions.json'),
        path: Array.isArray(value) ? `/grants/${role}/${i}` : `/grants/${role}`,
      }),
    );
  }
  return definition;
}

/**
 * Every field has a label, in labels.json. (Labels, help and options of fields that do not exist
 * are found by the form checker, like any other problem of the definition.)
 */
function checkLabels(check: ModuleCheck, file: string, labels: DoctypeLabels, fields: FieldIndex): void {
  for (const field of fields.all())
    if (!labels.fields[field.path])
      check.add(
        file,
        `/fields/${field.path}`,
        'MISSING_LABEL',
        `field "${field.path}" has no label`,
        `字段“${field.path}”缺少标签`,
      );
}

/** The file of the document type folder (and the pointer inside it) a form definition path comes from. */
function whereIn(path: string): [string, string] {
  const moved: Array<[RegExp, string, string]> = [
    [/^\/schema/, 'schema.json', ''],
    [/^\/uiSchema/, 'ui.json', ''],
    [/^\/labels/, 'labels.json', '/fields'],
    [/^\/help/, 'labels.json', '/help'],
    [/^\/optionLabels/, 'labels.json', '/options'],
    [/^\/listColumns/, 'views.json', '/list/columns'],
    [/^\/defaultSort/, 'views.json', '/list/sort'],
    [/^\/summaryFields/, 'views.json', '/detail/summary'],
    [/^\/stockPanel/, 'views.json', '/detail/stock'],
    [/^\/kanban/, 'views.json', '/kanban'],
    [/^\/calendar/, 'views.json', '/calendar'],
    [/^\/permissions/, 'permissions.json', '/only'],
  ];
  for (const [re, file, prefix] of moved) if (re.test(path)) return [file, path.replace(re, prefix)];
  return ['doctype.json', path];
}
