// A form version's validators as a small JavaScript module the browser imports instead of
// compiling JSON Schema itself (pure: no I/O). Compiling in the browser needs AJV's compiler and
// re2js (≈80 KB gzipped) and, on a slow phone, hundreds of milliseconds before a form can be used;
// the server compiles once per form version, language and hidden-field set, and the module is
// cached with them.
//
// The code is AJV's standalone output for exactly what the portal's rjsf validator would compile
// (designer/src/ui/rjsf/validation.ts: the same AJV class, options, formats, keywords and pattern
// engine): every sub-schema rjsf asks `isValid` about (rjsf's own schemaParser), keyed by rjsf's
// schema hash, plus the form's own schema (the server's checks run in the browser with it). What
// the generated code cannot hold — the platform's format and keyword functions, the pattern engine
// and AJV's small runtime helpers — it takes from `rt`, which the browser supplies
// (designer/src/ui/rjsf/precompiled.ts):
//
//   export const runtime = 1;        // the `rt` shape this module expects
//   export const linear = false;     // true: a pattern needs the linear-time engine (re2js)
//   export const full = "<hash>";    // the key of the form's own schema
//   export default function (rt) { …; return { "<hash>": validate, … } }
//
// `linear`: JavaScript's RegExp and RE2 agree on a pattern made only of literals, classes, \d \w \b
// (and their negations), escaped punctuation, groups, alternation, anchors and quantifiers; such a
// pattern may run on the browser's own engine. Any other one (`.`, \s, \p{…}, named groups …) runs
// on re2js there, as on the server, so a value matches in the browser exactly when it does here.
import Ajv2020 from 'ajv/dist/2020.js';
import { _ } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { addFormaKeywords, FORMA_KEYWORDS, DATE_RANGE_KEYWORD, formaFormats } from './formats.ts';
import { linearRegExp } from './linear-regexp.ts';
import { hiddenFieldsRemoved, type JsonObject } from './hidden-fields.ts';

/** The version of the `rt` object the generated code expects; the browser sends the one it has. */
export const VALIDATOR_RUNTIME = 1;

/** The AJV helpers the generated code may `require` (the browser supplies each). */
export const RUNTIME_REQUIRES = [
  'ajv/dist/runtime/equal',
  'ajv/dist/runtime/ucs2length',
  'ajv/dist/runtime/validation_error',
] as const;

const KEYWORDS_WITH_FUNCTIONS = [...FORMA_KEYWORDS, DATE_RANGE_KEYWORD] as const;

export interface ValidatorModule {
  code: string;
  /** Whether a pattern needs the linear-time engine in the browser. */
  linear: boolean;
  /** The rjsf hash keys the module holds (the root first). */
  keys: string[];
}

interface RjsfParts {
  schemaParser: (schema: JsonObject) => Record<string, JsonObject>;
  hashForSchema: (schema: JsonObject) => string;
  createAjvInstance: (
    metaSchemas: undefined,
    formats: Record<string, unknown>,
    options: Record<string, unknown>,
    formatOptions: undefined,
    AjvClass: typeof Ajv2020,
    extender: (ajv: Ajv2020) => Ajv2020,
  ) => Ajv2020;
}

let rjsf: Promise<RjsfParts> | undefined;

/** rjsf's schema walker and AJV set-up, loaded on first use (they bring React's helpers with them). */
function rjsfParts(): Promise<RjsfParts> {
  rjsf ??= Promise.all([import('@rjsf/utils'), import('@rjsf/validator-ajv8/lib/createAjvInstance.js')]).then(
    ([utils, create]) => ({
      schemaParser: utils.schemaParser as unknown as RjsfParts['schemaParser'],
      hashForSchema: utils.hashForSchema as unknown as RjsfParts['hashForSchema'],
      createAjvInstance: create.default as unknown as RjsfParts['createAjvInstance'],
    }),
  );
  return rjsf;
}

/**
 * The module for a rendered (localized) form schema as the portal shapes it: `hidden` fields left
 * out (designer/src/portal/form-logic.ts `forAccess` does the same through hidden-fields.ts).
 */
export async function validatorModule(
  renderedSchema: JsonObject,
  hidden: readonly string[],
): Promise<ValidatorModule> {
  const { schemaParser, hashForSchema, createAjvInstance } = await rjsfParts();
  // What the browser holds: the reply's JSON, not objects that may carry undefined values.
  const full = JSON.parse(JSON.stringify(renderedSchema)) as JsonObject;
  // Always shaped, as forAccess always shapes (an empty `required` is part of the hash).
  const shaped = hiddenFieldsRemoved(full, hidden);
  const schemas = schemaParser(shaped);
  const fullKey = hashForSchema(full);
  if (!schemas[fullKey]) schemas[fullKey] = { ...full, $id: fullKey };

  const regExp = Object.assign((pattern: string, flags?: string) => linearRegExp(pattern, flags), {
    code: 'rt.regExp',
  });
  const ajv = createAjvInstance(
    undefined,
    formaFormats,
    { code: { source: true, lines: false, regExp, formats: _`rt.formats` } },
    undefined,
    Ajv2020,
    (instance) => {
      addFormaKeywords(instance);
      // The keyword functions are values the code cannot contain: it takes them from `rt`.
      for (const keyword of KEYWORDS_WITH_FUNCTIONS) {
        const validate = (instance.getKeyword(keyword) as { validate?: unknown }).validate;
        if (typeof validate === 'function')
          instance.scope.value('keyword', { ref: validate, code: _`rt.keywords[${keyword}]` });
      }
      return instance;
    },
  );
  for (const schema of Object.values(schemas)) ajv.addSchema(schema);
  const code = standaloneCode(ajv);
  const linear = patternsOf(Object.values(schemas)).some((p) => !nativeSafePattern(p));
  for (const required of code.matchAll(/require\("([^"]+)"\)/g))
    if (!(RUNTIME_REQUIRES as readonly string[]).includes(required[1]!))
      throw new Error(
        `validator module: the generated code requires ${required[1]}, which the browser lacks`,
      );
  const keys = [hashForSchema(shaped), ...Object.keys(schemas).filter((k) => k !== hashForSchema(shaped))];
  return {
    linear,
    keys,
    code: [
      '// Form validators compiled by the server (AJV standalone code): see engine/src/core/forms/validator-module.ts',
      `export const runtime = ${VALIDATOR_RUNTIME};`,
      `export const linear = ${linear};`,
      `export const full = ${JSON.stringify(fullKey)};`,
      'export default function validators(rt) {',
      'const require = rt.require;',
      // AJV calls keyword functions with its instance as `this`; the platform's do not use it.
      'const self = {};',
      'const exports = {};',
      code,
      'return exports;',
      '}',
      '',
    ].join('\n'),
  };
}

/** Every `pattern` and `patternProperties` key in the schemas (more is harmless: it only means re2js). */
function patternsOf(schemas: readonly unknown[]): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'pattern' && typeof value === 'string') out.push(value);
      if (key === 'patternProperties' && value && typeof value === 'object') out.push(...Object.keys(value));
      walk(value);
    }
  };
  schemas.forEach(walk);
  return out;
}

const SAFE_ESCAPES = new Set(['d', 'D', 'w', 'W', 'b', 'B', ...'^$\\.*+?()[]{}|/-']);

/**
 * Whether JavaScript's RegExp (with the `u` flag, as AJV uses it) matches exactly the strings RE2
 * matches for `pattern`: only the constructs whose meaning is the same in both (see the header).
 */
export function nativeSafePattern(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
  } catch {
    return false;
  }
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      const next = pattern[i + 1];
      if (next === undefined || !SAFE_ESCAPES.has(next)) return false;
      // In a class, \b is a backspace to JavaScript: leave it to re2js.
      if (inClass && (next === 'b' || next === 'B')) return false;
      // `-` may only be escaped inside a class in Unicode mode (RegExp refused it above otherwise).
      i++;
    } else if (inClass) {
      if (ch === ']') inClass = false;
    } else if (ch === '[') inClass = true;
    else if (ch === '.') return false;
    else if (ch === '(' && pattern[i + 1] === '?' && pattern[i + 2] !== ':') return false;
  }
  return true;
}
