// The URL of a form version's validators compiled by the server (engine/src/http/routes/forms/
// validators.ts): one published version, language and set of fields hidden from the requester. Its
// own module, small: the portal's prefetch (portal/prefetch.ts, in the first load) builds it too,
// and the browser's module map makes both imports one download only if the URLs are identical.
import type { Locale } from '#designer/i18n/define.ts';

/** The `rt` this app supplies to the module (core/forms/validator-module.ts VALIDATOR_RUNTIME). */
export const VALIDATOR_RUNTIME = 1;

export function validatorsUrl(
  formId: string,
  version: number,
  locale: Locale,
  hidden: Iterable<string>,
): string {
  const query = new URLSearchParams({ version: String(version), locale, runtime: String(VALIDATOR_RUNTIME) });
  const fields = [...new Set(hidden)].sort();
  if (fields.length) query.set('hidden', fields.join(','));
  return `/api/forms/${encodeURIComponent(formId)}/validators.js?${query}`;
}
