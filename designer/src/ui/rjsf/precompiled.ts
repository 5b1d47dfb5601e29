// rjsf's validator for a form from validators the server compiled (GET /api/forms/{id}/validators.js,
// engine/src/core/forms/validator-module.ts): the browser downloads a few KB of generated code
// instead of AJV's compiler and re2js, and compiles nothing. The module's code takes from `rt` what
// it cannot hold: the platform's formats and keywords (engine/src/core/forms/formats.ts, the very
// functions the server runs), ajv-formats' formats, AJV's runtime helpers, and the pattern engine —
// the browser's RegExp where the server found it agrees with RE2, else re2js, loaded only then.
//
// The validator is rjsf's own precompiled one, so rjsf behaves as with a validator compiled here:
// the same errors, in the user's language (validation-messages.ts). Anything unexpected (an older
// server, a schema the module was not made for, offline with no copy kept) makes `loadPrecompiled`
// fail; the page then compiles in the browser as before (validation.ts).
import type { RJSFSchema, ValidatorType } from '@rjsf/utils';
import type { ValidatorFunctions } from '@rjsf/validator-ajv8';
import AJV8PrecompiledValidator from '@rjsf/validator-ajv8/lib/precompiledValidator.js';
import * as equal from 'ajv/dist/runtime/equal.js';
import * as ucs2length from 'ajv/dist/runtime/ucs2length.js';
import * as validationError from 'ajv/dist/runtime/validation_error.js';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { formaFormats, formaKeywordFunctions } from '#engine/core/forms/formats.ts';
import type { Locale } from '#designer/i18n/define.ts';
import { localizer } from './validation-messages.ts';
import { VALIDATOR_RUNTIME } from './validators-url.ts';

export { validatorsUrl } from './validators-url.ts';

type Validate = ValidatorFunctions[string];

interface ValidatorModule {
  runtime: number;
  linear: boolean;
  full: string;
  default: (rt: unknown) => Record<string, Validate>;
}

/** A CommonJS module's `exports.default` (bundlers and Node wrap it once or twice). */
function cjsDefault(module: unknown): unknown {
  let value = module;
  while (value && typeof value === 'object' && 'default' in value)
    value = (value as { default: unknown }).default;
  return value;
}

const HELPERS: Record<string, unknown> = {
  'ajv/dist/runtime/equal': { default: cjsDefault(equal) },
  'ajv/dist/runtime/ucs2length': { default: cjsDefault(ucs2length) },
  'ajv/dist/runtime/validation_error': { default: cjsDefault(validationError) },
};

const nativeRegExp = (pattern: string, flags?: string): RegExp => new RegExp(pattern, flags);

export interface Precompiled {
  /** rjsf's validator for `schema` (the schema the module was asked for). */
  validator: ValidatorType;
  /** The validator of the form's whole schema (the server's checks in the browser use it). */
  validateFull: Validate;
}

type Localizer = ReturnType<typeof localizer>;
type Params = Record<string, unknown> | undefined;

/**
 * The localizer as rjsf's compiling validator calls it: with the names of missing fields quoted
 * ('date'), so that rjsf then swaps in the field's title ("'Claim date' is required"), and the
 * names restored after. rjsf's precompiled validator calls the localizer without that step.
 */
function quoting(localize: Localizer): Localizer {
  const KEYS = ['missingProperty', 'property'] as const;
  const each = (errors: Parameters<Localizer>[0], change: (name: string) => string) => {
    for (const error of errors ?? []) {
      const params = error.params as Params;
      if (!params) continue;
      for (const key of KEYS)
        if (typeof params[key] === 'string' && params[key]) params[key] = change(params[key]);
      if (typeof params.deps === 'string')
        params.deps = params.deps
          .split(', ')
          .map((d) => change(d))
          .join(', ');
    }
  };
  return (errors) => {
    each(errors, (name) => `'${name}'`);
    localize(errors);
    each(errors, (name) => name.slice(1, -1));
  };
}

/** Imports the server's validators for `schema` (as the page renders it) and makes rjsf's validator. */
export async function loadPrecompiled(url: string, schema: RJSFSchema, locale: Locale): Promise<Precompiled> {
  const module = (await import(/* @vite-ignore */ url)) as ValidatorModule;
  if (module.runtime !== VALIDATOR_RUNTIME) throw new Error(`validators: runtime ${module.runtime}`);
  const regExp = module.linear
    ? (await import('#engine/core/forms/linear-regexp.ts')).linearRegExp
    : nativeRegExp;
  const functions = module.default({
    require: (name: string) => {
      const helper = HELPERS[name];
      if (!helper) throw new Error(`validators: no runtime helper ${name}`);
      return helper;
    },
    formats: { ...fullFormats, ...formaFormats },
    keywords: formaKeywordFunctions(),
    regExp,
  });
  const validateFull = functions[module.full];
  if (!validateFull) throw new Error('validators: the form schema is missing');
  // Throws when the module holds no validator for `schema` (its hash differs).
  const validator = new AJV8PrecompiledValidator(functions, schema, quoting(localizer(locale)));
  return { validator: validator as unknown as ValidatorType, validateFull };
}
