// The server's ajv: draft 2020-12, ajv-formats plus the platform's formats and keywords, with
// the options rjsf's validator uses where they change results (multipleOfPrecision, and the
// linear-time pattern engine of linear-regexp.ts), so that the designer and the server agree.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { addFormaVocabulary } from './formats.ts';
import { linearRegExp } from './linear-regexp.ts';

export type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';

export function createFormAjv(): Ajv2020 {
  const ajv = new Ajv2020({
    allErrors: true,
    multipleOfPrecision: 8,
    // Unknown keywords and formats are errors (publish-time rules name them first, with a path).
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    // `pattern` never backtracks: an analyst's pattern cannot stall the server (linear-regexp.ts).
    code: { regExp: linearRegExp },
  });
  addFormats(ajv);
  return addFormaVocabulary(ajv);
}

export { Ajv2020 };
