// The platform's own JSON Schemas compiled once for checking module files (pure). The files are
// the same ones the TypeScript types are generated from (schemas/*.schema.json).
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import automation from '#schemas/automation.schema.json' with { type: 'json' };
import calendar from '#schemas/calendar.schema.json' with { type: 'json' };
import common from '#schemas/common.schema.json' with { type: 'json' };
import dashboard from '#schemas/dashboard.schema.json' with { type: 'json' };
import formDefinition from '#schemas/form-definition.schema.json' with { type: 'json' };
import manifest from '#schemas/module-manifest.schema.json' with { type: 'json' };
import permission from '#schemas/permission.schema.json' with { type: 'json' };
import printFormat from '#schemas/print-format.schema.json' with { type: 'json' };
import report from '#schemas/report.schema.json' with { type: 'json' };

export type PlatformSchema =
  | 'manifest'
  | 'doctype'
  | 'labels'
  | 'views'
  | 'doctypePermissions'
  | 'rule'
  | 'seed'
  | 'automation'
  | 'report'
  | 'dashboard'
  | 'printFormat'
  | 'calendar';

const REFS: Record<PlatformSchema, string> = {
  manifest: 'module-manifest.schema.json',
  doctype: 'module-manifest.schema.json#/$defs/moduleDoctype',
  labels: 'module-manifest.schema.json#/$defs/doctypeLabels',
  views: 'module-manifest.schema.json#/$defs/doctypeViews',
  doctypePermissions: 'module-manifest.schema.json#/$defs/doctypePermissions',
  rule: 'module-manifest.schema.json#/$defs/moduleRule',
  seed: 'module-manifest.schema.json#/$defs/moduleSeed',
  automation: 'automation.schema.json',
  report: 'report.schema.json',
  dashboard: 'dashboard.schema.json',
  calendar: 'calendar.schema.json',
  printFormat: 'print-format.schema.json',
};

let ajv: Ajv2020 | null = null;
const compiled = new Map<PlatformSchema, ValidateFunction>();

function instance(): Ajv2020 {
  if (ajv) return ajv;
  ajv = new Ajv2020({ allErrors: true, strict: false, allowUnionTypes: true });
  addFormats(ajv);
  // form-definition: a module form's list indexes are the form definition's.
  for (const s of [
    common,
    permission,
    formDefinition,
    manifest,
    automation,
    report,
    dashboard,
    printFormat,
    calendar,
  ])
    ajv.addSchema(s);
  return ajv;
}

export interface SchemaProblem {
  path: string;
  message: string;
}

/** Every violation of a platform schema, with JSON pointers. */
export function schemaProblems(which: PlatformSchema, value: unknown): SchemaProblem[] {
  let validate = compiled.get(which);
  if (!validate) {
    validate = instance().getSchema(REFS[which]);
    if (!validate) throw new Error(`platform schema ${REFS[which]} is missing`);
    compiled.set(which, validate);
  }
  if (validate(value)) return [];
  return describe(validate.errors ?? []);
}

// Modules' own schemas, compiled: a module's settings schema is checked at every scan and every
// configure, so each distinct schema text is compiled once per process (its errors likewise).
const moduleSchemas = new Map<string, ValidateFunction | string>();
let moduleAjv: Ajv2020 | null = null;

function newModuleAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false, allowUnionTypes: true });
  addFormats(ajv);
  return ajv;
}

function compileModuleSchema(schema: object): ValidateFunction | string {
  const key = JSON.stringify(schema);
  let found = moduleSchemas.get(key);
  if (found === undefined) {
    // A schema naming itself or its parts ($id, anchors) gets an instance of its own, so that no
    // name outlives it; any other is compiled by a shared one (its meta-schema compiled once)
    // and removed from it afterwards.
    const isolated = /"\$(id|anchor|dynamicAnchor)"/.test(key);
    const ajv = isolated ? newModuleAjv() : (moduleAjv ??= newModuleAjv());
    const own = structuredClone(schema);
    try {
      found = ajv.compile(own);
    } catch (e) {
      found = (e as Error).message;
    } finally {
      ajv.removeSchema(own);
    }
    moduleSchemas.set(key, found);
  }
  return found;
}

/** Compiles a module's own JSON Schema (its settings) and validates a value against it. */
export function validateWith(schema: object, value: unknown): SchemaProblem[] | string {
  const validate = compileModuleSchema(schema);
  if (typeof validate === 'string') return validate;
  return validate(value) ? [] : describe(validate.errors ?? []);
}

function describe(errors: ErrorObject[]): SchemaProblem[] {
  // oneOf/anyOf report every branch; the deepest errors are the useful ones.
  const useful = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf' && e.keyword !== 'if');
  const seen = new Set<string>();
  const out: SchemaProblem[] = [];
  for (const e of useful.length ? useful : errors) {
    const p = e.params as Record<string, unknown>;
    let path = e.instancePath;
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'required') {
      path += `/${String(p.missingProperty)}`;
      message = 'is required';
    } else if (e.keyword === 'additionalProperties') {
      path += `/${String(p.additionalProperty)}`;
      message = 'is not an allowed field';
    }
    const key = `${path}|${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ path, message });
    }
  }
  return out;
}
