// The forms' validator in the browser: rjsf's AJV 8 validator, compiling each schema here, with
// messages in the user's language (validation-messages.ts), one validator per language. The
// portal's request form uses validators the server compiled instead (precompiled.ts); the pages
// that render drafts or rarely used forms (the designer's preview, records) compile here.
import type { RJSFSchema } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';
import Ajv2020 from 'ajv/dist/2020.js';
import { addFormaKeywords, formaFormats } from '#engine/core/forms/formats.ts';
import { linearRegExp } from '#engine/core/forms/linear-regexp.ts';
import type { Locale } from '#designer/i18n/define.ts';
import { localizer } from './validation-messages.ts';

export { validationMessages } from './validation-messages.ts';

const validators = new Map<Locale, ReturnType<typeof customizeValidator<unknown, RJSFSchema>>>();

/**
 * The AJV 8 validator speaking `locale` (made once per language): JSON Schema 2020-12 with the
 * platform's formats (money, mobile number, …) and keywords (minimumAmount, maximumAmount) from
 * engine/src/core/forms/formats.ts — the same code the server validates with, and the server's
 * linear-time pattern engine (engine/src/core/forms/linear-regexp.ts), so a pattern matches here
 * exactly when it matches there.
 */
export function validatorFor(locale: Locale) {
  let validator = validators.get(locale);
  if (!validator) {
    validator = customizeValidator<unknown, RJSFSchema>(
      {
        AjvClass: Ajv2020,
        customFormats: formaFormats,
        extenderFn: addFormaKeywords,
        ajvOptionsOverrides: { code: { regExp: linearRegExp } },
      },
      localizer(locale),
    );
    validators.set(locale, validator);
  }
  return validator;
}
