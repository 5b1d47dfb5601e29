// Publish-time rules for a form's JSON Schema itself (pure), before any field is looked at: the
// 2020-12 dialect, only the keywords the platform supports (server and rjsf alike, named when
// rejected), $refs into the schema's own $defs, patterns the linear-time engine can run, known
// formats, and field names that are identifiers. definition-check.ts runs them first.
import { errorDetail as problem, type ErrorDetail } from '../errors.ts';
import type { Ajv2020 } from './ajv.ts';
import { patternProblem } from './linear-regexp.ts';
import { isSchemaObject, joinPointer, resolveLocalRef, subschemas, type JsonSchema } from './schema-walk.ts';

/** Keywords a form schema may use. Anything else is rejected at publish, by name. */
export const SUPPORTED_KEYWORDS: ReadonlySet<string> = new Set([
  '$schema',
  '$ref',
  '$defs',
  '$comment',
  'type',
  'enum',
  'const',
  'properties',
  'required',
  'additionalProperties',
  'minProperties',
  'maxProperties',
  'dependentRequired',
  'dependentSchemas',
  'items',
  'minItems',
  'maxItems',
  'uniqueItems',
  'contains',
  'minContains',
  'maxContains',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'if',
  'then',
  'else',
  'title',
  'description',
  'default',
  'examples',
  'readOnly',
  'writeOnly',
  'deprecated',
  'minimumAmount',
  'maximumAmount',
  'dateRange',
  'x-link',
]);

/** Why some well-known keywords are not supported, to say more than "unsupported". */
const UNSUPPORTED_HINTS: Record<string, { en: string; zh: string }> = {
  dependencies: {
    en: 'use dependentRequired or dependentSchemas (draft 2020-12)',
    zh: '请改用 dependentRequired 或 dependentSchemas（2020-12 草案）',
  },
  patternProperties: { en: 'every field must be declared by name', zh: '每个字段都必须按名称声明' },
  propertyNames: { en: 'every field must be declared by name', zh: '每个字段都必须按名称声明' },
  prefixItems: { en: 'forms do not support tuples; use items', zh: '表单不支持元组，请使用 items' },
  additionalItems: { en: 'forms do not support tuples; use items', zh: '表单不支持元组，请使用 items' },
  enumNames: { en: 'put option labels in optionLabels', zh: '请将选项标签写在 optionLabels 中' },
  $id: { en: 'a form schema is identified by the form id', zh: '表单结构由表单 id 标识' },
};

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** The schema as JSON Schema: the 2020-12 dialect, supported keywords only, local $refs, safe patterns, known formats. */
export function checkSchema(schema: JsonSchema, ajv: Ajv2020): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  if (schema.$schema !== undefined && schema.$schema !== SCHEMA_DIALECT)
    out.push(
      problem(
        '/schema/$schema',
        `Only JSON Schema 2020-12 (${SCHEMA_DIALECT}) is supported`,
        `仅支持 JSON Schema 2020-12（${SCHEMA_DIALECT}）`,
      ),
    );
  if (schema.type !== 'object' || !isSchemaObject(schema.properties))
    out.push(
      problem(
        '/schema',
        'The schema must be an object with properties',
        '表单结构必须是带有 properties 的对象',
      ),
    );
  if (!ajv.validateSchema({ ...schema, $schema: SCHEMA_DIALECT })) {
    for (const e of ajv.errors ?? [])
      out.push(
        problem(
          `/schema${e.instancePath}`,
          `Invalid JSON Schema: ${e.message ?? ''}`,
          `无效的 JSON Schema：${e.message ?? ''}`,
        ),
      );
    return out;
  }
  for (const [node, pointer] of subschemas(schema)) {
    for (const key of Object.keys(node)) {
      if (SUPPORTED_KEYWORDS.has(key)) continue;
      const hint = UNSUPPORTED_HINTS[key];
      out.push(
        problem(
          `/schema${joinPointer(pointer, key)}`,
          `The keyword "${key}" is not supported in forms${hint ? `: ${hint.en}` : ''}`,
          `表单不支持关键字“${key}”${hint ? `：${hint.zh}` : ''}`,
        ),
      );
    }
    if (pointer !== '' && node.$schema !== undefined)
      out.push(
        problem(`/schema${pointer}/$schema`, '$schema is allowed at the root only', '$schema 只能出现在根部'),
      );
    if (typeof node.$ref === 'string' && !resolveLocalRef(schema, node.$ref))
      out.push(
        problem(
          `/schema${pointer}/$ref`,
          `"${node.$ref}" must point into this schema's $defs`,
          `“${node.$ref}”必须指向本结构的 $defs`,
        ),
      );
    const pattern = typeof node.pattern === 'string' ? patternProblem(node.pattern) : null;
    if (pattern) out.push(problem(`/schema${pointer}/pattern`, pattern.en, pattern.zh));
    if (typeof node.format === 'string' && !(node.format in ajv.formats))
      out.push(
        problem(`/schema${pointer}/format`, `Unknown format "${node.format}"`, `未知格式“${node.format}”`),
      );
  }
  return out;
}

/** Field names are identifiers: a letter, then letters, digits and "_", 64 at most. */
export function checkFieldNames(schema: JsonSchema): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const [node, pointer] of subschemas(schema)) {
    if (!isSchemaObject(node.properties)) continue;
    for (const name of Object.keys(node.properties))
      if (!IDENTIFIER.test(name))
        out.push(
          problem(
            `/schema${joinPointer(pointer, 'properties', name)}`,
            `Field name "${name}" must start with a letter and hold only letters, digits and "_" (64 at most)`,
            `字段名“${name}”必须以字母开头，只能包含字母、数字和“_”（最多 64 个字符）`,
          ),
        );
  }
  return out;
}
