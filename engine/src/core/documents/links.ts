// Link fields (pure): a string field of format `link` whose `x-link` names the form it points to
// and, optionally, what to copy from the linked record when the link is set ("fetch from"):
//
//   "customer": { "type": "string", "format": "link",
//                 "x-link": { "form": "crm-customer", "fetch": { "creditLimit": "creditLimit" } } }
//
// A link's value is the linked record's id. Fetch keys are fields beside the link (in a line
// item, fields of the same line); fetch values are field paths of the linked record's data.
// A record stores the keys of everything it links to (`<form>:<id>`) beside its data, in one
// write with it: a multikey index on them is the reverse-link index ("who links to X").
import type { FormDefinition } from '#schemas/generated/index.ts';
import type { ErrorDetail } from '../errors.ts';
import { FieldIndex } from '../forms/field-index.ts';
import { fieldDeclarations, isSchemaObject, type JsonSchema } from '../forms/schema-walk.ts';

export interface LinkField {
  /** Field path of the link (`customer`, `lines.item`). */
  path: string;
  segments: string[];
  /** The form it points to. */
  form: string;
  /** Field beside the link → field path of the linked record's data. */
  fetch: Record<string, string>;
  /**
   * `x-link.readable`: the writer must be able to read the linked record (its row rules); one
   * they may not is "not found" — a record kept from someone (another salesperson's customer) is
   * then neither named nor fetched from through a link they type by id.
   */
  readable: boolean;
  /**
   * `x-link.importKey`: a field of the linked record whose value an import's cell may give instead
   * of the id (a device log names employees by their device code); resolved to the one live record
   * holding it.
   */
  importKey?: string;
  /**
   * `x-link.requiresModules`: the linked form belongs to one of these modules, which the declaring
   * module works beside without depending on (a sales customer's CRM customer). While none is
   * installed the form does not exist and the field can only stay empty (a value is not found).
   */
  requiresModules?: string[];
  /** Where it is declared in the schema (JSON pointer). */
  pointer: string;
}

export interface LinkValue {
  field: LinkField;
  /** The linked record's id. */
  value: string;
  /** JSON pointer of the value inside the data (`/lines/2/item`). */
  pointer: string;
  /** The object holding the link (the data, or a line item): fetched values land there. */
  holder: Record<string, unknown>;
}

const LINK_KEYS = ['form', 'fetch', 'readable', 'importKey', 'requiresModules'];
const FORM_ID = /^[a-z0-9][a-z0-9._-]{0,127}$/;
const PATH = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The link fields of a form schema. */
export function linkFields(schema: JsonSchema): LinkField[] {
  const out = new Map<string, LinkField>();
  for (const decl of fieldDeclarations(schema)) {
    const spec = decl.schema['x-link'];
    if (out.has(decl.path) || !isObject(spec) || typeof spec.form !== 'string') continue;
    const fetch: Record<string, string> = {};
    if (isObject(spec.fetch))
      for (const [to, from] of Object.entries(spec.fetch)) if (typeof from === 'string') fetch[to] = from;
    out.set(decl.path, {
      path: decl.path,
      segments: decl.path.split('.'),
      form: spec.form,
      fetch,
      readable: spec.readable === true,
      ...(typeof spec.importKey === 'string' ? { importKey: spec.importKey } : {}),
      ...(Array.isArray(spec.requiresModules)
        ? { requiresModules: spec.requiresModules.filter((m): m is string => typeof m === 'string') }
        : {}),
      pointer: decl.pointer,
    });
  }
  return [...out.values()];
}

/** Every value of the link fields in `data`, with where it is and the object holding it. */
export function linkValues(fields: readonly LinkField[], data: unknown): LinkValue[] {
  const out: LinkValue[] = [];
  for (const field of fields) walk(data, field, 0, '', out);
  return out;
}

function walk(cur: unknown, field: LinkField, i: number, pointer: string, out: LinkValue[]): void {
  if (Array.isArray(cur)) {
    cur.forEach((item, n) => walk(item, field, i, `${pointer}/${n}`, out));
    return;
  }
  if (!isObject(cur)) return;
  const key = field.segments[i] as string;
  const next = cur[key];
  if (i === field.segments.length - 1) {
    if (typeof next === 'string' && next !== '')
      out.push({ field, value: next, pointer: `${pointer}/${key}`, holder: cur });
    return;
  }
  walk(next, field, i + 1, `${pointer}/${key}`, out);
}

/** The reverse-link keys of a record's data: `<form>:<id>` of everything it links to. */
export function linkKeys(fields: readonly LinkField[], data: unknown): string[] {
  return [...new Set(linkValues(fields, data).map((v) => linkKey(v.field.form, v.value)))].sort();
}

export const linkKey = (form: string, id: string): string => `${form}:${id}`;

/**
 * Publish-time problems of a form's links: `x-link` only on strings of format `link` and the other
 * way round, a well-formed target form, fetch keys that are fields beside the link (not the link
 * itself, not computed) and fetch values that are field paths.
 */
export function linkDefinitionProblems(definition: FormDefinition): ErrorDetail[] {
  const schema = definition.schema as JsonSchema;
  const out: ErrorDetail[] = [];
  const fields = new FieldIndex(schema, definition.sensitiveFields ?? []);
  const computed = new Set((definition.computed ?? []).map((c) => c.field));
  for (const decl of fieldDeclarations(schema)) {
    const at = `/schema${decl.pointer}`;
    const spec = decl.schema['x-link'];
    const isLink = decl.schema.format === 'link';
    if (spec === undefined && !isLink) continue;
    if (!isLink)
      out.push(
        problem(`${at}/format`, 'a field with x-link has format "link"', '带 x-link 的字段格式必须为 "link"'),
      );
    if (!isObject(spec)) {
      out.push(
        problem(
          `${at}/x-link`,
          'a link field says which form it links to: x-link.form',
          '关联字段须在 x-link.form 中指明关联的表单',
        ),
      );
      continue;
    }
    if (decl.schema.type !== 'string')
      out.push(
        problem(
          `${at}/type`,
          'a link field is a string (the record id)',
          '关联字段类型须为 string（记录 id）',
        ),
      );
    if (definition.sensitiveFields?.includes(decl.path))
      out.push(problem(at, 'a link field cannot be sensitive', '关联字段不能设为敏感字段'));
    for (const key of Object.keys(spec))
      if (!LINK_KEYS.includes(key))
        out.push(
          problem(
            `${at}/x-link/${key}`,
            `unknown key "${key}" (${LINK_KEYS.join(', ')})`,
            `未知的键“${key}”（可用 ${LINK_KEYS.join('、')}）`,
          ),
        );
    if (
      spec.requiresModules !== undefined &&
      (!Array.isArray(spec.requiresModules) ||
        !spec.requiresModules.some((m) => typeof m === 'string' && String(spec.form).startsWith(`${m}-`)))
    )
      out.push(
        problem(
          `${at}/x-link/requiresModules`,
          'must list module ids, the linked form being one of theirs',
          '必须列出模块 id，且关联的表单属于其中之一',
        ),
      );
    if (spec.importKey !== undefined && (typeof spec.importKey !== 'string' || !PATH.test(spec.importKey)))
      out.push(
        problem(
          `${at}/x-link/importKey`,
          'must name a field of the linked record',
          '必须是关联记录的字段路径',
        ),
      );
    if (spec.readable !== undefined && typeof spec.readable !== 'boolean')
      out.push(problem(`${at}/x-link/readable`, 'must be true or false', '必须是 true 或 false'));
    if (typeof spec.form !== 'string' || !FORM_ID.test(spec.form))
      out.push(problem(`${at}/x-link/form`, 'must be a form id', '必须是表单 id'));
    if (spec.fetch === undefined) continue;
    if (!isObject(spec.fetch)) {
      out.push(problem(`${at}/x-link/fetch`, 'must map fields to fields', '必须是字段到字段的映射'));
      continue;
    }
    const parent = decl.path.includes('.') ? decl.path.slice(0, decl.path.lastIndexOf('.')) : '';
    for (const [to, from] of Object.entries(spec.fetch)) {
      const target = parent ? `${parent}.${to}` : to;
      const where = `${at}/x-link/fetch/${to}`;
      if (!fields.has(target) || target === decl.path || to.includes('.'))
        out.push(problem(where, `"${to}" is not a field beside the link`, `“${to}”不是与关联字段同级的字段`));
      else if (computed.has(target))
        out.push(
          problem(
            where,
            `"${to}" is computed: it cannot be fetched too`,
            `“${to}”是计算字段，不能再从关联记录取值`,
          ),
        );
      if (typeof from !== 'string' || !PATH.test(from))
        out.push(problem(where, 'must name a field of the linked record', '必须是关联记录的字段路径'));
    }
  }
  return out;
}

function problem(path: string, message: string, messageZh: string): ErrorDetail {
  return { path, message, messageZh };
}

/** Is this a link field's declaration (for the browser's widget choice)? */
export function isLinkSchema(node: unknown): node is JsonSchema & { 'x-link': { form: string } } {
  return isSchemaObject(node) && node.format === 'link' && isObject(node['x-link']);
}
