// The variables a simulated request starts with: the sample values the analyst typed (by field
// path) over the extra JSON they gave, then the request form's computed fields derived from them
// as the server derives them on submit (the form's compiled computed fields) — so a flow routed on
// a claim's total is simulated from its lines, not from a total typed by hand.
import type { CompiledForm } from '#engine/core/forms/compiled-form.ts';
import { withComputed } from '#designer/ui/rjsf/server-checks.ts';
import type { ValueType } from './conditions.ts';

type Json = Record<string, unknown>;

export interface SampleField {
  path: string;
  type: ValueType;
}

/** Numbers in flows are numbers: a decimal the form keeps as text ("120.75") is simulated as one. */
function asFlowValue(value: unknown, type: ValueType | undefined): unknown {
  if (type !== 'number' || typeof value !== 'string' || value.trim() === '') return value;
  const n = Number(value);
  return Number.isFinite(n) ? n : value;
}

/**
 * The request's variables: `extra` (any JSON), the typed `values` over it, and the computed fields
 * of `form` from both (a computed field's typed value is replaced by the derived one).
 */
export function simulationVariables(
  fields: readonly SampleField[],
  values: Readonly<Record<string, string | boolean>>,
  extra: Json,
  form: CompiledForm | null,
): { variables: Json; computed: Record<string, unknown> } {
  const vars: Json = structuredClone(extra);
  for (const field of fields) {
    const v = values[field.path];
    if (v === undefined || v === '') continue;
    const parts = field.path.split('.');
    let cur = vars;
    for (const p of parts.slice(0, -1)) cur = (cur[p] ??= {}) as Json;
    cur[parts[parts.length - 1]!] = field.type === 'number' && typeof v === 'string' ? Number(v) : v;
  }
  if (!form || form.computed.length === 0) return { variables: vars, computed: {} };
  let derived: Json;
  try {
    derived = withComputed(form, vars);
  } catch {
    return { variables: vars, computed: {} };
  }
  const typeOf = new Map(fields.map((f) => [f.path, f.type]));
  const computed: Record<string, unknown> = {};
  for (const { field } of form.computed) {
    if (field.includes('.')) continue;
    if (derived[field] === undefined) delete vars[field];
    else vars[field] = computed[field] = asFlowValue(derived[field], typeOf.get(field));
  }
  return { variables: vars, computed };
}
