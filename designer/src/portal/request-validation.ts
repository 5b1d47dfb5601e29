// How a new request's form is checked in the browser: rjsf's validator from the validators the
// server compiled for this form version, language and hidden fields (ui/rjsf/precompiled.ts), and
// the server's own checks around the same code, loaded once the form shows (request-checks.ts). When
// the server's module cannot be used (an older server, offline without a kept copy, a schema it was
// not made for) both are compiled here instead, as every other form page does.
import type { RJSFSchema, ValidatorType } from '@rjsf/utils';
import type { CompiledForm } from '#engine/core/forms/compiled-form-core.ts';
import type { Locale } from '../i18n/define.ts';
import { loadPrecompiled, validatorsUrl } from '../ui/rjsf/precompiled.ts';
import type { RenderedForm } from './form-runtime.tsx';

export interface RequestValidation {
  validator: ValidatorType;
  /**
   * The server's checks (computed fields, rules), loaded on the first call (the same promise after
   * it): the page asks once the form is on screen, so their code does not hold the form up.
   */
  checks: () => Promise<CompiledForm>;
}

export async function requestValidation(
  formId: string,
  form: RenderedForm,
  shaped: { schema: RJSFSchema; hidden: ReadonlySet<string> },
  locale: Locale,
): Promise<RequestValidation> {
  try {
    const url = validatorsUrl(formId, form.version, locale, shaped.hidden);
    const { validator, validateFull } = await loadPrecompiled(url, shaped.schema, locale);
    let loading: Promise<CompiledForm> | undefined;
    const checks = () =>
      (loading ??= import('./request-checks.ts').then((m) =>
        m.precompiledForm(form.definition, validateFull),
      ));
    return { validator, checks };
  } catch (e) {
    console.warn('Form validators from the server unusable; compiling them in the browser:', e);
    const [{ validatorFor }, { compiledForm }] = await Promise.all([
      import('../ui/rjsf/validation.ts'),
      import('../ui/rjsf/server-checks.ts'),
    ]);
    const compiled = Promise.resolve(compiledForm(form.definition));
    return { validator: validatorFor(locale), checks: () => compiled };
  }
}
