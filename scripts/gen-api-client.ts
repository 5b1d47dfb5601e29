// `npm run gen:api`: writes designer/src/api/openapi.gen.ts — the request and reply types of every
// API operation, taken from the OpenAPI document the server itself builds (GET /docs/json) — so the
// web app's typed client (designer/src/api/client.ts) can only call routes that exist, with the
// bodies and queries they accept. tests/designer/api-client.test.ts regenerates the file from the
// live app and fails when it differs: a server change the client has not picked up is a failure.
// Our own small JSON Schema → TypeScript printer: the route schemas are inlined (no $ref) and use a
// small set of keywords, and it prints one self-contained type per operation.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { buildApp } from '../engine/src/http/app.ts';
import { tempDir } from '../tests/support/temp-dir.ts';
import { composePlatform } from '#platform/compose.ts';
import { settingsFromEnv } from '#platform/settings.ts';

type Schema = Record<string, unknown> | boolean;
type Obj = Record<string, unknown>;

export const API_TYPES_FILE = join(import.meta.dirname, '..', 'designer', 'src', 'api', 'openapi.gen.ts');
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const key = (name: string): string => (IDENTIFIER.test(name) ? name : JSON.stringify(name));
const doc = (text: unknown): string =>
  typeof text === 'string' && text.trim() ? `/** ${text.trim().replace(/\*\//g, '*\\/')} */\n` : '';

function union(types: string[]): string {
  const unique = [...new Set(types)];
  if (unique.length === 0) return 'never';
  if (unique.includes('unknown')) return 'unknown';
  return unique.length === 1 ? unique[0]! : unique.join(' | ');
}

function literal(value: unknown): string {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value)
    ? JSON.stringify(value)
    : 'unknown';
}

function objectType(schema: Obj): string {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set((schema.required ?? []) as string[]);
  const extra = schema.additionalProperties;
  const names = Object.keys(properties);
  if (names.length === 0 && extra !== false)
    return `Record<string, ${extra && extra !== true ? tsType(extra as Schema) : 'unknown'}>`;
  // A closed object without properties (an empty body): `{}` would admit any value.
  if (names.length === 0) return 'Record<string, never>';
  const lines = names.map((name) => {
    const prop = properties[name]!;
    const description = typeof prop === 'object' ? prop.description : undefined;
    return `${doc(description)}${key(name)}${required.has(name) ? '' : '?'}: ${tsType(prop)};`;
  });
  // Declared properties plus free ones: the index signature must admit both.
  if (extra !== undefined && extra !== false) lines.push('[key: string]: unknown;');
  return `{\n${lines.join('\n')}\n}`;
}

function typeOf(schema: Obj, type: string): string {
  switch (type) {
    case 'string':
      return 'string';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array': {
      if (Array.isArray(schema.prefixItems))
        return `[${(schema.prefixItems as Schema[]).map((s) => tsType(s)).join(', ')}]`;
      // Parenthesised always: prettier drops the parentheses where they are not needed.
      return `(${schema.items === undefined ? 'unknown' : tsType(schema.items as Schema)})[]`;
    }
    case 'object':
      return objectType(schema);
    default:
      return 'unknown';
  }
}

/** The TypeScript type of the values a JSON Schema accepts (as far as the types can say). */
export function tsType(schema: Schema): string {
  if (schema === true) return 'unknown';
  if (schema === false) return 'never';
  if ('const' in schema) return literal(schema.const);
  if (Array.isArray(schema.enum)) return union(schema.enum.map(literal));
  const parts: string[] = [];
  const alternatives = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (alternatives) parts.push(union(alternatives.map((s) => tsType(s))));
  if (Array.isArray(schema.allOf)) parts.push(...(schema.allOf as Schema[]).map((s) => tsType(s)));
  const type = schema.type;
  if (Array.isArray(type)) parts.push(union(type.map((t: string) => typeOf(schema, t))));
  else if (typeof type === 'string') parts.push(typeOf(schema, type));
  else if (schema.properties) parts.push(objectType(schema));
  if (parts.length === 0) return 'unknown';
  if (parts.length === 1) return parts[0]!;
  return parts.map((p) => `(${p})`).join(' & ');
}

interface Parameter {
  in: string;
  name: string;
  required?: boolean;
  schema?: Schema;
  description?: string;
}

function parametersType(parameters: Parameter[], where: 'path' | 'query'): string {
  const mine = parameters.filter((p) => p.in === where);
  if (mine.length === 0) return 'undefined';
  const lines = mine.map(
    (p) =>
      `${doc(p.description)}${key(p.name)}${p.required ? '' : '?'}: ${p.schema ? tsType(p.schema) : 'string'};`,
  );
  return `{\n${lines.join('\n')}\n}`;
}

function bodyType(operation: Obj): string {
  const body = operation.requestBody as Obj | undefined;
  if (!body) return 'undefined';
  const content = (body.content ?? {}) as Record<string, { schema?: Schema }>;
  const json = content['application/json'];
  const type = json
    ? json.schema
      ? tsType(json.schema)
      : 'unknown'
    : Object.keys(content).some((c) => c.startsWith('multipart/'))
      ? 'FormData'
      : Object.keys(content).every((c) => c === 'application/octet-stream')
        ? 'Blob'
        : 'unknown';
  return body.required ? type : `${type} | undefined`;
}

function replyType(operation: Obj): { status: number; type: string } {
  const responses = (operation.responses ?? {}) as Record<string, Obj>;
  const success = Object.keys(responses)
    .filter((s) => /^2\d\d$/.test(s))
    .sort()[0];
  if (!success) return { status: 200, type: 'unknown' };
  const content = responses[success]!.content as Record<string, { schema?: Schema }> | undefined;
  const json = content?.['application/json'];
  const type = json?.schema ? tsType(json.schema) : success === '204' ? 'null' : 'unknown';
  return { status: Number(success), type };
}

/** The source of openapi.gen.ts for an OpenAPI document (before formatting). */
export function renderApiTypes(openapi: Obj): string {
  const paths = (openapi.paths ?? {}) as Record<string, Record<string, Obj>>;
  const entries = Object.keys(paths)
    .filter((path) => path.startsWith('/api/'))
    .sort()
    .map((path) => {
      const operations = METHODS.filter((m) => paths[path]![m]).map((method) => {
        const operation = paths[path]![method]!;
        const parameters = (operation.parameters ?? []) as Parameter[];
        const reply = replyType(operation);
        return (
          `${doc(operation.summary)}${method}: {\n` +
          `path: ${parametersType(parameters, 'path')};\n` +
          `query: ${parametersType(parameters, 'query')};\n` +
          `body: ${bodyType(operation)};\n` +
          `status: ${reply.status};\n` +
          `reply: ${reply.type};\n};`
        );
      });
      return `${JSON.stringify(path)}: {\n${operations.join('\n')}\n};`;
    });
  return [
    '// Generated by `npm run gen:api` from the OpenAPI document the API serves at /docs/json.',
    '// Do not edit: tests/designer/api-client.test.ts fails when this file and the server disagree.',
    '',
    'export interface ApiPaths {',
    ...entries,
    '}',
    '',
  ].join('\n');
}

export async function formatApiTypes(source: string): Promise<string> {
  const options = (await resolveConfig(API_TYPES_FILE)) ?? {};
  return format(source, { ...options, filepath: API_TYPES_FILE });
}

/** The OpenAPI document of the full app (every route module), built on a throwaway embedded store. */
export async function liveOpenApi(): Promise<Obj> {
  const tmp = tempDir('openapi');
  const platform = await composePlatform({
    config: { mode: 'embedded', dataDir: tmp.dir, embeddedFsync: false },
    settings: settingsFromEnv({}),
    keyring: null,
    workers: false,
    scanModules: false,
  });
  try {
    const app = await buildApp({ services: platform.services, sweepIntervalMs: 0 });
    try {
      await app.ready();
      return app.swagger() as unknown as Obj;
    } finally {
      await app.close();
    }
  } finally {
    await platform.close();
    tmp.remove();
  }
}

export async function generateApiTypes(): Promise<string> {
  return formatApiTypes(renderApiTypes(await liveOpenApi()));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(API_TYPES_FILE, await generateApiTypes());
  console.log(`wrote ${API_TYPES_FILE}`);
}
