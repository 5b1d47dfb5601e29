// Publish-time rules for a form definition (pure). A definition is publishable when it fits
// schemas/form-definition.schema.json, its `schema` is valid JSON Schema 2020-12 using only the
// keywords the platform supports (server and rjsf alike), every field is labelled in both
// languages, and every path it mentions exists. Each problem names the JSON pointer inside the
// definition, in English and Chinese, so the designer can show it at the right field.
import type { FormDefinition } from '#schemas/generated/index.ts';
import formDefinitionSchema from '#schemas/form-definition.schema.json' with { type: 'json' };
import commonSchema from '#schemas/common.schema.json' with { type: 'json' };
import { errorDetail as problem, type ErrorDetail } from '../errors.ts';
import { feelBudgetProblem } from '../feel/budget.ts';
import { feelSyntaxError } from '../feel/feel.ts';
import { createFormAjv, type Ajv2020, type ValidateFunction } from './ajv.ts';
import { FieldIndex } from './field-index.ts';
import {
  fieldDeclarations,
  isSchemaObject,
  joinPointer,
  resolveLocalRef,
  type JsonSchema,
} from './schema-walk.ts';
import { RECORD_META_PATHS } from './record-paths.ts';
import { documentDefinitionProblems } from '../documents/lifecycle.ts';
import { linkDefinitionProblems } from '../documents/links.ts';
import { makeProblems } from '../documents/makes.ts';
import { viewProblems } from './doctype-views.ts';
import { changeLogProblems } from './change-log.ts';
import { publicActionProblems } from '../public-actions/public-actions.ts';
import { mailImportProblems } from './mail-import-check.ts';
import { checkFieldNames, checkSchema } from './schema-check.ts';

// The schema's own rules live in schema-check.ts; the keyword list stays importable from here.
export { SUPPORTED_KEYWORDS } from './schema-check.ts';

let shapeValidator: ValidateFunction | undefined;
let metaAjv: Ajv2020 | undefined;

function shapeOf(): ValidateFunction {
  if (!shapeValidator) {
    const ajv = createFormAjv();
    ajv.addSchema(commonSchema as JsonSchema);
    shapeValidator = ajv.compile(formDefinitionSchema as JsonSchema);
  }
  return shapeValidator;
}

/**
 * Every problem that stops `definition` from being published; empty when it can be. `ajv` is
 * the instance the form will be compiled with (its formats are the known ones).
 */
export function checkDefinition(
  definition: unknown,
  ajv: Ajv2020 = (metaAjv ??= createFormAjv()),
): ErrorDetail[] {
  const shape = definitionShapeProblems(definition);
  if (shape.length) return shape;
  return checkRules(definition as FormDefinition, ajv);
}

/** Problems with the definition's shape alone (what a draft must satisfy to be saved). */
export function definitionShapeProblems(definition: unknown): ErrorDetail[] {
  const validateShape = shapeOf();
  if (!validateShape(definition)) {
    return (validateShape.errors ?? []).map((e) =>
      problem(
        e.keyword === 'required'
          ? joinPointer(e.instancePath, String((e.params as { missingProperty: string }).missingProperty))
          : e.instancePath,
        `The definition ${e.message ?? 'is invalid'}`,
        `表单定义不符合要求：${e.message ?? ''}`,
      ),
    );
  }
  return [];
}

function checkRules(def: FormDefinition, ajv: Ajv2020): ErrorDetail[] {
  const schema = def.schema as JsonSchema;
  const out: ErrorDetail[] = [];
  out.push(...checkSchema(schema, ajv), ...checkFieldNames(schema));
  if (out.length) return out;
  const fields = new FieldIndex(schema, def.sensitiveFields ?? []);
  out.push(...checkRequired(schema, fields));
  out.push(...checkLabels(def, fields), ...checkFieldRefs(def, fields), ...checkRecordPaths(def, fields));
  out.push(...changeLogProblems(def, fields, problem), ...publicActionProblems(def, fields, problem));
  out.push(...viewProblems(def, fields), ...mailImportProblems(def, fields, problem));
  out.push(...checkUiSchema(def.uiSchema, schema));
  out.push(...linkDefinitionProblems(def), ...documentDefinitionProblems(def), ...makeProblems(def));
  if (out.length === 0) {
    try {
      ajv.removeSchema(schema);
      ajv.compile(schema);
      ajv.removeSchema(schema);
    } catch (e) {
      out.push(
        problem(
          '/schema',
          `The schema does not compile: ${(e as Error).message}`,
          `表单结构无法编译：${(e as Error).message}`,
        ),
      );
    }
  }
  return out;
}

/** Every name in `required` / `dependentRequired` must be a declared field of that object. */
function checkRequired(schema: JsonSchema, fields: FieldIndex): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  fieldDeclarations(schema, (node, base, pointer) => {
    const names: Array<[string, string]> = [];
    if (Array.isArray(node.required))
      node.required.forEach((n, i) => names.push([String(n), joinPointer(pointer, 'required', i)]));
    if (isSchemaObject(node.dependentRequired))
      for (const [k, list] of Object.entries(node.dependentRequired)) {
        names.push([k, joinPointer(pointer, 'dependentRequired', k)]);
        if (Array.isArray(list))
          list.forEach((n, i) => names.push([String(n), joinPointer(pointer, 'dependentRequired', k, i)]));
      }
    for (const [name, at] of names)
      if (!fields.has(base ? `${base}.${name}` : name))
        out.push(problem(`/schema${at}`, `"${name}" is not a declared field`, `“${name}”不是已声明的字段`));
  });
  return out;
}

function checkLabels(def: FormDefinition, fields: FieldIndex): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const field of fields.all()) {
    const label = def.labels?.[field.path];
    if (!label)
      out.push(
        problem(
          joinPointer('/labels', field.path),
          `Field "${field.path}" needs a label in English and Chinese`,
          `字段“${field.path}”需要中英文标签`,
        ),
      );
  }
  for (const key of ['labels', 'help', 'optionLabels'] as const) {
    for (const path of Object.keys(def[key] ?? {}))
      if (!fields.has(path))
        out.push(
          problem(
            joinPointer(`/${key}`, path),
            `"${path}" is not a field of this form`,
            `“${path}”不是此表单的字段`,
          ),
        );
  }
  for (const [path, options] of Object.entries(def.optionLabels ?? {})) {
    const allowed = fields.get(path)?.options;
    if (!fields.has(path)) continue;
    if (!allowed) {
      out.push(
        problem(
          joinPointer('/optionLabels', path),
          `Field "${path}" has no options (enum)`,
          `字段“${path}”没有选项（enum）`,
        ),
      );
      continue;
    }
    for (const value of Object.keys(options))
      if (!allowed.some((a) => String(a) === value))
        out.push(
          problem(
            joinPointer('/optionLabels', path, value),
            `"${value}" is not an option of "${path}"`,
            `“${value}”不是“${path}”的选项`,
          ),
        );
  }
  return out;
}

function checkFieldRefs(def: FormDefinition, fields: FieldIndex): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const unknown = (at: string, path: string): ErrorDetail =>
    problem(at, `"${path}" is not a field of this form`, `“${path}”不是此表单的字段`);
  (def.sensitiveFields ?? []).forEach((path, i) => {
    const f = fields.get(path);
    const at = `/sensitiveFields/${i}`;
    if (!f) out.push(unknown(at, path));
    else if (f.inArray || f.container)
      out.push(
        problem(
          at,
          `Sensitive field "${path}" must be a single value outside lists`,
          `敏感字段“${path}”必须是列表之外的单个值`,
        ),
      );
  });
  if (def.titleField !== undefined) {
    const f = fields.get(def.titleField);
    if (!f) out.push(unknown('/titleField', def.titleField));
    else if (f.inArray || !f.types.includes('string') || f.sensitive)
      out.push(
        problem(
          '/titleField',
          'The title field must be a text field outside lists and not sensitive',
          '标题字段必须是列表之外的非敏感文本字段',
        ),
      );
  }
  (def.approvalLock?.editable ?? []).forEach((path, i) => {
    if (!fields.get(path)) out.push(unknown(`/approvalLock/editable/${i}`, path));
  });
  const computedSeen = new Set<string>();
  (def.computed ?? []).forEach((c, i) => {
    const f = fields.get(c.field);
    if (!f) out.push(unknown(`/computed/${i}/field`, c.field));
    else if (f.container)
      out.push(
        problem(`/computed/${i}/field`, 'A computed field must hold a single value', '计算字段必须是单个值'),
      );
    if (computedSeen.has(c.field))
      out.push(problem(`/computed/${i}/field`, `"${c.field}" is computed twice`, `“${c.field}”被重复计算`));
    computedSeen.add(c.field);
    const over = feelBudgetProblem(c.expression);
    const syntax = over ? null : feelSyntaxError(c.expression);
    if (over)
      out.push(
        problem(
          `/computed/${i}/expression`,
          `The FEEL expression is over the evaluation budget: ${over.en}`,
          `FEEL 表达式超出计算预算：${over.zh}`,
        ),
      );
    if (syntax)
      out.push(
        problem(
          `/computed/${i}/expression`,
          `FEEL expression error: ${syntax}`,
          `FEEL 表达式错误：${syntax}`,
        ),
      );
  });
  out.push(...checkCrossFieldRules(def, fields));
  return out;
}

/** Each cross-field rule names a field outside lists and a condition FEEL can read. */
function checkCrossFieldRules(def: FormDefinition, fields: FieldIndex): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  (def.checks ?? []).forEach((c, i) => {
    const f = fields.get(c.field);
    if (!f)
      out.push(
        problem(
          `/checks/${i}/field`,
          `"${c.field}" is not a field of this form`,
          `“${c.field}”不是此表单的字段`,
        ),
      );
    else if (f.inArray)
      out.push(
        problem(
          `/checks/${i}/field`,
          'A cross-field rule must be shown at a field outside lists',
          '跨字段规则必须显示在列表之外的字段上',
        ),
      );
    const syntax = feelSyntaxError(c.condition);
    if (syntax)
      out.push(
        problem(`/checks/${i}/condition`, `FEEL expression error: ${syntax}`, `FEEL 表达式错误：${syntax}`),
      );
  });
  return out;
}

/** listColumns, defaultSort, summaryFields and indexes name record paths: `data.<field>` or an envelope field. */
function checkRecordPaths(def: FormDefinition, fields: FieldIndex): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const check = (at: string, path: string, use: 'column' | 'sort' | 'index'): void => {
    if (RECORD_META_PATHS.has(path)) return;
    const f = path.startsWith('data.') ? fields.get(path.slice(5)) : undefined;
    if (!f) {
      const meta = [...RECORD_META_PATHS].join(', ');
      out.push(
        problem(
          at,
          `"${path}" is not a record path (use data.<field> or one of ${meta})`,
          `“${path}”不是记录路径（请使用 data.<字段> 或 ${meta}）`,
        ),
      );
    } else if (use === 'sort' && (f.inArray || f.container || f.sensitive))
      out.push(
        problem(
          at,
          `"${path}" cannot be sorted on (a list, a group or a sensitive field)`,
          `“${path}”不能用于排序（列表、字段组或敏感字段）`,
        ),
      );
    else if (use === 'index' && f.sensitive)
      out.push(
        problem(at, `Sensitive field "${path}" is indexed automatically`, `敏感字段“${path}”会自动建立索引`),
      );
  };
  (def.listColumns ?? []).forEach((p, i) => check(`/listColumns/${i}`, p, 'column'));
  (def.summaryFields ?? []).forEach((p, i) => check(`/summaryFields/${i}`, p, 'column'));
  if (def.stockPanel) check('/stockPanel/item', def.stockPanel.item, 'column');
  if (def.stockPanel?.batch) check('/stockPanel/batch', def.stockPanel.batch, 'column');
  if (def.defaultSort) check('/defaultSort/field', def.defaultSort.field, 'sort');
  (def.indexes ?? []).forEach((item, i) => {
    if (typeof item === 'string') return check(`/indexes/${i}`, item, 'index');
    // A list index orders records by its fields: each must hold one value, like a sort field.
    if (item.fields.length < 1 || item.fields.length > 4)
      out.push(
        problem(`/indexes/${i}/fields`, 'A list index has 1 to 4 fields', '列表索引须有 1 到 4 个字段'),
      );
    item.fields.forEach((f, j) =>
      typeof f === 'string'
        ? check(`/indexes/${i}/fields/${j}`, f, 'sort')
        : check(`/indexes/${i}/fields/${j}/field`, f.field, 'sort'),
    );
  });
  return out;
}

/** Keys of a uiSchema that are not `ui:` options must be fields of the schema at that level. */
function checkUiSchema(uiSchema: unknown, schema: JsonSchema): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const fieldsAt = (node: JsonSchema): JsonSchema => {
    const merged: JsonSchema = {};
    const visit = (n: unknown): void => {
      if (!isSchemaObject(n)) return;
      if (typeof n.$ref === 'string') visit(resolveLocalRef(schema, n.$ref));
      if (isSchemaObject(n.properties)) Object.assign(merged, n.properties);
      for (const k of ['then', 'else'] as const) visit(n[k]);
      for (const k of ['allOf', 'anyOf', 'oneOf'] as const)
        if (Array.isArray(n[k])) (n[k] as unknown[]).forEach(visit);
      if (isSchemaObject(n.dependentSchemas)) Object.values(n.dependentSchemas).forEach(visit);
    };
    visit(node);
    return merged;
  };
  const walk = (ui: unknown, node: JsonSchema, pointer: string): void => {
    if (!isSchemaObject(ui)) return;
    const resolved = typeof node.$ref === 'string' ? (resolveLocalRef(schema, node.$ref) ?? node) : node;
    const props = fieldsAt(resolved);
    out.push(...orderProblems(ui['ui:order'], Object.keys(props), joinPointer(pointer, 'ui:order')));
    for (const [key, value] of Object.entries(ui)) {
      if (key.startsWith('ui:')) continue;
      const at = joinPointer(pointer, key);
      if (key === 'items' && isSchemaObject(resolved.items)) walk(value, resolved.items, at);
      else if (key === 'additionalProperties') continue;
      else if (isSchemaObject(props[key])) walk(value, props[key] as JsonSchema, at);
      else
        out.push(
          problem(
            at,
            `uiSchema entry "${key}" is not a field of this form`,
            `uiSchema 条目“${key}”不是此表单的字段`,
          ),
        );
    }
  };
  walk(uiSchema, schema, '/uiSchema');
  return out;
}

/**
 * A `ui:order` without "*" must name every field of its object, and only those: the form renderer
 * (rjsf) refuses to draw the whole form otherwise — a field added to the schema and forgotten in the
 * order left a record page blank.
 */
function orderProblems(order: unknown, fields: string[], at: string): ErrorDetail[] {
  if (!Array.isArray(order) || order.includes('*')) return [];
  const named = new Set(order.filter((n): n is string => typeof n === 'string'));
  const missing = fields.filter((f) => !named.has(f));
  const extra = [...named].filter((n) => !fields.includes(n));
  const out: ErrorDetail[] = [];
  if (missing.length)
    out.push(
      problem(
        at,
        `ui:order leaves out ${missing.map((f) => `"${f}"`).join(', ')}: name every field, or add "*" for the rest`,
        `ui:order 缺少 ${missing.map((f) => `“${f}”`).join('、')}：请列出所有字段，或加入 "*" 表示其余字段`,
      ),
    );
  if (extra.length)
    out.push(
      problem(
        at,
        `ui:order names ${extra.map((f) => `"${f}"`).join(', ')}, not fields of this form`,
        `ui:order 中的 ${extra.map((f) => `“${f}”`).join('、')} 不是此表单的字段`,
      ),
    );
  return out;
}
