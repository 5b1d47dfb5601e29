// Documents made from a record with one action (`makes` in doctype.json, Frappe's "make" mappers
// as data): a won opportunity makes its customer's sales order, a CRM customer its sales customer.
// Pure: what FEEL sees, the refusals and the made record's data; the service
// (services/documents/make-service.ts) finds the look-ups and writes.
//
// FEEL sees `data` (the record's fields, decimals as numbers), `record` (id, number, owner),
// `settings` (the made form's module's), each look-up under its name ({ id, number, data } or
// null) and today()/now() by the clock. Every refusal whose `when` holds is one detail of a 422
// DOCUMENT_MAKE_REFUSED, with its own code, field and message.
import type { DocumentMake, FormDefinition } from '#schemas/generated/index.ts';
import { evaluateInput, inputSyntaxProblems } from '../automations/feel-values.ts';
import type { ErrorDetail } from '../errors.ts';
import { evaluateCondition, feelSyntaxError } from '../feel/feel.ts';

export type MakeScope = Record<string, unknown>;

/** The refusals that hold (empty: the record may be made). */
export function makeRefusals(make: DocumentMake, scope: MakeScope): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const refusal of make.refusals ?? []) {
    if (!evaluateCondition(refusal.when, scope)) continue;
    out.push({
      path: refusal.field ? `/data/${refusal.field.split('.').join('/')}` : '',
      message: refusal.message.en,
      messageZh: refusal.message['zh-CN'],
      code: refusal.code,
    });
  }
  return out;
}

/** The made record's data: `data` evaluated, the back link set to the source record. */
export function madeData(make: DocumentMake, scope: MakeScope, sourceId: string): Record<string, unknown> {
  const data = evaluateInput(make.data, scope) as Record<string, unknown>;
  return { ...dropNulls(data), [make.backLink]: sourceId };
}

/** A look-up's filter: its `where` evaluated (FEEL values), over live records. */
export function lookupFilter(where: Record<string, unknown>, scope: MakeScope): Record<string, unknown> {
  return evaluateInput(where, scope) as Record<string, unknown>;
}

/**
 * The id of the record a make makes from a record: one id per (record, make), so two presses —
 * even at once, on two replicas — make one record (the second insert is RECORD_EXISTS).
 */
export const madeId = (sourceId: string, make: DocumentMake): string =>
  `${sourceId}.${make.id}`.slice(0, 128);

/** Problems of a definition's makes: ids unique, FEEL that parses. */
export function makeProblems(def: Pick<FormDefinition, 'makes'>): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const seen = new Set<string>();
  (def.makes ?? []).forEach((make, i) => {
    const at = `/makes/${i}`;
    if (seen.has(make.id))
      out.push({ path: `${at}/id`, message: `"${make.id}" twice`, messageZh: `“${make.id}”重复` });
    seen.add(make.id);
    const syntax = [
      ...inputSyntaxProblems(make.data, `${at}/data`),
      ...Object.entries(make.lookups ?? {}).flatMap(([name, l]) =>
        inputSyntaxProblems(l.where, `${at}/lookups/${name}/where`),
      ),
    ];
    (make.refusals ?? []).forEach((r, k) => {
      const problem = feelSyntaxError(r.when);
      if (problem) syntax.push({ path: `${at}/refusals/${k}/when`, message: problem });
    });
    for (const p of syntax)
      out.push({ path: p.path, message: `FEEL: ${p.message}`, messageZh: `FEEL 表达式错误：${p.message}` });
  });
  return out;
}

/** FEEL null (an empty look-up's field) leaves the field out rather than storing null. */
function dropNulls(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}
