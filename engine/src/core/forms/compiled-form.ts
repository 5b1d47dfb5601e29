// A form version ready to validate submissions (pure): the ajv validator compiled once per
// published version and cached, the field index, and the preparation steps. Published versions
// are immutable, so a cached entry never goes stale.
import type { FormDefinition } from '#schemas/generated/index.ts';
import type { ErrorDetail } from '../errors.ts';
import { createFormAjv, type Ajv2020, type ValidateFunction } from './ajv.ts';
import { runCrossFieldChecks, type CrossFieldCheck } from './cross-field-checks.ts';
import { FieldIndex } from './field-index.ts';
import { labelsOf, localizeErrors, type LabelLookup } from './messages.ts';
import { prepareData, type FormModel } from './prepare.ts';
import type { JsonSchema } from './schema-walk.ts';

export class CompiledForm implements FormModel {
  readonly schema: JsonSchema;
  readonly fields: FieldIndex;
  readonly labels: LabelLookup;
  readonly computed: ReadonlyArray<{ field: string; expression: string }>;
  readonly checks: ReadonlyArray<CrossFieldCheck>;

  constructor(
    readonly key: string,
    readonly definition: Readonly<FormDefinition>,
    /** The raw compiled ajv function (benchmarks compare against it). */
    readonly validateFn: ValidateFunction,
  ) {
    this.schema = definition.schema as JsonSchema;
    this.fields = new FieldIndex(this.schema, definition.sensitiveFields ?? []);
    this.labels = labelsOf(definition.labels);
    this.computed = definition.computed ?? [];
    this.checks = definition.checks ?? [];
  }

  get version(): number {
    return this.definition.version ?? 0;
  }

  /** The localized problems of `data`; empty when it is valid. */
  validate(data: unknown): ErrorDetail[] {
    const fieldProblems = this.validateFn(data) ? [] : localizeErrors(this.validateFn.errors, this.labels);
    // A field already wrong on its own (a malformed date) gets that message, not a rule's as well.
    const taken = new Set(fieldProblems.map((p) => p.path));
    const ruleProblems = runCrossFieldChecks(this, data).filter((p) => !taken.has(p.path));
    return [...fieldProblems, ...ruleProblems];
  }

  /** Prepares submitted data (defaults, canonical values, computed fields). */
  prepare(input: unknown): { data: Record<string, unknown>; problems: ErrorDetail[] } {
    return prepareData(this, input);
  }

  /** Prepare, then validate: the data to store, or every problem found. */
  check(input: unknown): { data: Record<string, unknown>; errors: ErrorDetail[] } {
    const { data, problems } = this.prepare(input);
    if (problems.length) return { data, errors: problems };
    return { data, errors: this.validate(data) };
  }
}

export interface FormCompilerOptions {
  /** Compiled versions kept; the least recently compiled are dropped past it (default 1000). */
  maxEntries?: number;
}

export class FormCompiler {
  private readonly cache = new Map<string, CompiledForm>();
  private readonly maxEntries: number;
  readonly ajv: Ajv2020;
  /** Compilations done (a cache hit does not count); tests use it to prove the cache works. */
  compilations = 0;

  constructor(options: FormCompilerOptions = {}) {
    this.ajv = createFormAjv();
    this.maxEntries = options.maxEntries ?? 1000;
  }

  /** The compiled form of a published version (`definition.version` set), cached. */
  compile(definition: FormDefinition): CompiledForm {
    if (!definition.version) throw new TypeError(`form ${definition.id}: only published versions are cached`);
    const key = `${definition.id}@${definition.version}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    // A private copy: the cached version can never change under the caller's feet.
    const own = structuredClone(definition);
    const compiled = new CompiledForm(key, own, this.compileSchema(own.schema as JsonSchema));
    this.cache.set(key, compiled);
    if (this.cache.size > this.maxEntries) {
      const [oldestKey, oldest] = this.cache.entries().next().value as [string, CompiledForm];
      this.cache.delete(oldestKey);
      this.ajv.removeSchema(oldest.schema);
    }
    return compiled;
  }

  /** Compiles a draft (preview, live checks) without caching it. */
  compileDraft(definition: FormDefinition): CompiledForm {
    const own = structuredClone(definition);
    const schema = own.schema as JsonSchema;
    try {
      return new CompiledForm(`${own.id}@draft`, own, this.compileSchema(schema));
    } finally {
      this.ajv.removeSchema(schema);
    }
  }

  cached(id: string, version: number): CompiledForm | undefined {
    return this.cache.get(`${id}@${version}`);
  }

  private compileSchema(schema: JsonSchema): ValidateFunction {
    this.compilations++;
    return this.ajv.compile(schema);
  }
}
