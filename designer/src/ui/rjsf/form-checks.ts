// What pages do with a form's server checks (pure: no DOM, no React, no compiler): the computed
// values shown live while someone types, and problems placed at their fields as rjsf shows them.
// server-checks.ts compiles the checks in the browser; the portal's request page builds them from
// the validators the server compiled (portal/request-checks.ts).
import type { ErrorSchema } from '@rjsf/utils';
import type { CompiledForm } from '#engine/core/forms/compiled-form-core.ts';
import type { ErrorDetail } from '../../api/errors.ts';
import type { Locale } from '../../i18n/define.ts';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * The data with the computed fields the server would fill in (shown live, e.g. a claim's total).
 * `functions`: the working-time functions on the person's business calendar (calendar-functions.ts),
 * without which `working days` counts Monday to Friday.
 */
export function withComputed(form: CompiledForm, data: Json, functions?: Record<string, unknown>): Json {
  if (form.computed.length === 0) return data;
  const { data: prepared } = form.prepare(data, functions);
  const out = { ...data };
  for (const { field } of form.computed)
    if (!field.includes('.')) {
      if (prepared[field] === undefined) delete out[field];
      else out[field] = prepared[field];
    }
  return out;
}

/** Problems as rjsf shows them at their fields (JSON pointers like /lines/0/amount). */
export function errorSchemaOf(details: readonly ErrorDetail[], locale: Locale): ErrorSchema {
  const root: Json = {};
  for (const d of details) {
    const message = locale === 'zh-CN' ? (d.messageZh ?? d.message) : d.message;
    let node = root;
    for (const raw of d.path.split('/').slice(1)) {
      const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      node = (isObject(node[segment]) ? node[segment] : (node[segment] = {})) as Json;
    }
    const errors = (node.__errors as string[] | undefined) ?? (node.__errors = []);
    (errors as string[]).push(message);
  }
  return root as ErrorSchema;
}
