// Request validation for every route: JSON Schema via Ajv, strict about bodies (no type coercion,
// unknown fields are an error, not silently dropped), lenient about query strings and path
// parameters (which arrive as text: "?limit=20" is the number 20). Validation errors become
// VALIDATION_FAILED replies whose details carry JSON pointers and messages in both languages.
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { ErrorDetail } from '../core/errors.ts';

type FastifySchema = Record<string, unknown> & { $id?: string };

const common: Options = {
  removeAdditional: false,
  useDefaults: true,
  // One error at a time: with allErrors, crafted input can make validation slow (fastify's advice).
  allErrors: false,
  strict: false,
};

function makeAjv(coerce: boolean, externalSchemas: Record<string, unknown>): Ajv {
  const ajv = new Ajv({ ...common, coerceTypes: coerce ? 'array' : false });
  addFormats.default(ajv);
  for (const schema of Object.values(externalSchemas)) ajv.addSchema(schema as FastifySchema);
  return ajv;
}

/** The two Ajv instances of one set of shared schemas, and what they compiled, by schema text. */
interface RouteCompilers {
  body: Ajv;
  text: Ajv;
  compiled: Map<string, ValidateFunction>;
}

// Every app this process builds (the tests build dozens, a replica a second one) compiles the same
// route schemas: the validators are pure functions of the schema, so they are compiled once per
// process, keyed by the schema's text (not its object: fastify may hand over copies).
const compilersByShared = new Map<string, RouteCompilers>();

function routeCompilers(externalSchemas: Record<string, unknown>): RouteCompilers {
  const key = JSON.stringify(externalSchemas);
  let found = compilersByShared.get(key);
  if (!found) {
    found = {
      body: makeAjv(false, externalSchemas),
      text: makeAjv(true, externalSchemas),
      compiled: new Map(),
    };
    compilersByShared.set(key, found);
  }
  return found;
}

/** fastify `schemaController.compilersFactory.buildValidator`. */
export function buildValidator(externalSchemas: Record<string, unknown>) {
  const { body, text, compiled } = routeCompilers(externalSchemas);
  return ({ schema, httpPart }: { schema: FastifySchema; httpPart?: string }): ValidateFunction => {
    const isBody = httpPart === 'body';
    const ajv = isBody ? body : text;
    if (schema.$id) {
      const known = ajv.getSchema(schema.$id);
      if (known) return known;
    }
    const key = `${isBody ? 'body' : 'text'} ${JSON.stringify(schema)}`;
    let validate = compiled.get(key);
    if (!validate) {
      validate = ajv.compile(schema);
      compiled.set(key, validate);
    }
    return validate;
  };
}

const PART_PREFIX: Record<string, string> = {
  body: '',
  querystring: '/query',
  params: '/params',
  headers: '/headers',
};

const list = (values: unknown): string =>
  Array.isArray(values) ? values.map((v) => JSON.stringify(v)).join(', ') : JSON.stringify(values);

/** One Ajv error as a detail: where (JSON pointer) and what, in English and Chinese. */
export function ajvErrorDetail(error: ErrorObject, part = 'body'): ErrorDetail {
  const p = error.params as Record<string, unknown>;
  let path = `${PART_PREFIX[part] ?? `/${part}`}${error.instancePath}`;
  let message: string;
  let messageZh: string;
  switch (error.keyword) {
    case 'required':
      path += `/${String(p.missingProperty)}`;
      message = 'is required';
      messageZh = '必填';
      break;
    case 'additionalProperties':
      path += `/${String(p.additionalProperty)}`;
      message = 'is not an allowed field';
      messageZh = '不允许的字段';
      break;
    case 'type':
      message = `must be ${String(p.type)}`;
      messageZh = `类型应为 ${String(p.type)}`;
      break;
    case 'format':
      message = `must be a valid ${String(p.format)}`;
      messageZh = `格式不正确（${String(p.format)}）`;
      break;
    case 'pattern':
      message = 'has an invalid format';
      messageZh = '格式不正确';
      break;
    case 'minLength':
      message = `must have at least ${String(p.limit)} characters`;
      messageZh = `至少 ${String(p.limit)} 个字符`;
      break;
    case 'maxLength':
      message = `must have at most ${String(p.limit)} characters`;
      messageZh = `最多 ${String(p.limit)} 个字符`;
      break;
    case 'minimum':
    case 'exclusiveMinimum':
      message = `must be ${String(p.comparison)} ${String(p.limit)}`;
      messageZh = `应 ${String(p.comparison)} ${String(p.limit)}`;
      break;
    case 'maximum':
    case 'exclusiveMaximum':
      message = `must be ${String(p.comparison)} ${String(p.limit)}`;
      messageZh = `应 ${String(p.comparison)} ${String(p.limit)}`;
      break;
    case 'minItems':
      message = `must have at least ${String(p.limit)} items`;
      messageZh = `至少 ${String(p.limit)} 项`;
      break;
    case 'maxItems':
      message = `must have at most ${String(p.limit)} items`;
      messageZh = `最多 ${String(p.limit)} 项`;
      break;
    case 'minProperties':
      message = `must have at least ${String(p.limit)} fields`;
      messageZh = `至少 ${String(p.limit)} 个字段`;
      break;
    case 'uniqueItems':
      message = 'must not contain duplicates';
      messageZh = '不能有重复项';
      break;
    case 'enum':
      message = `must be one of ${list(p.allowedValues)}`;
      messageZh = `取值应为以下之一：${list(p.allowedValues)}`;
      break;
    case 'const':
      message = `must be ${list(p.allowedValue)}`;
      messageZh = `取值应为 ${list(p.allowedValue)}`;
      break;
    default:
      message = error.message ?? 'is invalid';
      messageZh = '不符合要求';
  }
  return { path, message, messageZh };
}

/**
 * The JSON pointer of the first string (value or object key) holding U+0000, or null. PostgreSQL
 * cannot store that character in text or jsonb, so a MongoDB-wire server on it (FerretDB) would
 * fail the write; every request refuses it up front, in both run modes, as a 400.
 */
export function nulCharacterPath(value: unknown, pointer = ''): string | null {
  const path: Array<string | number> = [];
  // Every request is walked: the pointer is only spelled out for a hit.
  const spelled = () =>
    pointer +
    path.map((p) => `/${typeof p === 'number' ? p : p.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
  const walk = (item: unknown): boolean => {
    if (typeof item === 'string') return item.includes('\u0000');
    if (typeof item !== 'object' || item === null || ArrayBuffer.isView(item)) return false;
    if (Array.isArray(item)) {
      for (let i = 0; i < item.length; i++) {
        path.push(i);
        if (walk(item[i])) return true;
        path.pop();
      }
      return false;
    }
    // A stream (an upload the route reads itself) is left alone; parsed bodies, query strings and
    // path parameters are walked (the latter two are objects of their parsers' own prototypes).
    if (typeof (item as { pipe?: unknown }).pipe === 'function') return false;
    for (const key of Object.keys(item)) {
      path.push(key);
      if (key.includes('\u0000') || walk((item as Record<string, unknown>)[key])) return true;
      path.pop();
    }
    return false;
  };
  return walk(value) ? spelled() : null;
}
