// Compiling form versions (pure): the ajv validator compiled once per published version and
// cached, into a CompiledForm (compiled-form-core.ts: the field index and the preparation steps).
// Published versions are immutable, so a cached entry never goes stale.
import type { FormDefinition } from '#schemas/generated/index.ts';
import { createFormAjv, type Ajv2020, type ValidateFunction } from './ajv.ts';
import { CompiledForm } from './compiled-form-core.ts';
import type { JsonSchema } from './schema-walk.ts';

export { CompiledForm };

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
