// A form version ready to validate submissions (pure): its validator, the field index, and the
// preparation steps. Without AJV's compiler: the server compiles validators in compiled-form.ts
// (FormCompiler); the portal builds a CompiledForm from the validators the server compiled for it
// (validator-module.ts), so its request page does not download the compiler.
import type { FormDefinition } from '#schemas/generated/index.ts';
import type { ErrorDetail } from '../errors.ts';
import type { ValidateFunction } from './ajv.ts';
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

  /**
   * Prepares submitted data (defaults, canonical values, computed fields; `functions`: FEEL
   * functions the computed fields may call besides FEEL's own).
   */
  prepare(
    input: unknown,
    functions?: Record<string, unknown>,
  ): { data: Record<string, unknown>; problems: ErrorDetail[] } {
    return prepareData(this, input, functions);
  }

  /** Prepare, then validate: the data to store, or every problem found. */
  check(
    input: unknown,
    functions?: Record<string, unknown>,
  ): { data: Record<string, unknown>; errors: ErrorDetail[] } {
    const { data, problems } = this.prepare(input, functions);
    if (problems.length) return { data, errors: problems };
    return { data, errors: this.validate(data) };
  }
}
