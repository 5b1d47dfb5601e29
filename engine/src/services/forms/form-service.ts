// Form definitions: draft → publish (immutable version N) → deprecate, and the compiled form
// of any version for validation (compiled once per version and process, see FormCompiler).
//
// Access: callers pass the decision for resource `forms` — action `update` to save, publish or
// deprecate, `read` to look. The decision's row filter applies to the `forms` documents (e.g.
// `{ module: 'finance' }` limits an analyst to one module). Every change is audited.
import type { FormDefinition, FormSummary, FormVersionInfo } from '#schemas/generated/index.ts';
import { commonErrors } from '#engine/core/errors.ts';
import { FORM_NOUN, formErrors } from '#engine/core/forms/errors.ts';
import type { CompiledForm } from '#engine/core/forms/compiled-form.ts';
import { FormCompiler } from '#engine/core/forms/compiled-form.ts';
import { checkDefinition, definitionShapeProblems } from '#engine/core/forms/definition-check.ts';
import { localizeForm, type FormLocale } from '#engine/core/forms/localize.ts';
import type { JsonSchema } from '#engine/core/forms/schema-walk.ts';
import { rowMatches } from '#engine/core/permissions/row-match.ts';
import type { Clock } from '#engine/ports/clock.ts';
import {
  DuplicateKeyError,
  RevisionConflictError,
  type Collection,
  type DocumentStore,
  type Filter,
  type Stored,
} from '#engine/ports/document-store.ts';
import {
  contentHash,
  contentOf,
  decodeDefinition,
  definitionOf,
  encodeDefinition,
  FORM_VERSIONS,
  FORMS,
  summaryOf,
  versionId,
  versionInfo,
  type FormDoc,
  type VersionDoc,
} from './form-docs.ts';
import type { DecidedActor } from '#engine/core/actor.ts';
import { CollectionMemo } from '#engine/ports/collection-memo.ts';
import { recordAudit, type AuditSink } from '../audit/record-audit.ts';

export interface FormServiceOptions {
  store: DocumentStore;
  clock: Clock;
  audit?: AuditSink;
  compiler?: FormCompiler;
}

export interface PublishResult {
  version: FormVersionInfo;
  definition: FormDefinition;
  /** False when the draft equals the current version (nothing new was published). */
  created: boolean;
}

export type PublishListener = (form: CompiledForm) => Promise<void>;

const MAX_RETRIES = 5;

export class FormService {
  readonly compiler: FormCompiler;
  private readonly forms: Collection<FormDoc>;
  private readonly versions: Collection<VersionDoc>;
  private readonly publishListeners: PublishListener[] = [];
  /** The current / newest version per form, until the versions change (every record write asks). */
  private readonly newest: CollectionMemo<number | null>;

  constructor(private readonly options: FormServiceOptions) {
    this.compiler = options.compiler ?? new FormCompiler();
    this.forms = options.store.collection<FormDoc>(FORMS);
    this.versions = options.store.collection<VersionDoc>(FORM_VERSIONS);
    this.newest = new CollectionMemo(this.versions);
  }

  async init(): Promise<void> {
    await this.forms.ensureIndex({ fields: [['module', 1]] });
    await this.versions.ensureIndex({ fields: [['form', 1]] });
    await this.versions.ensureIndex({
      fields: [
        ['form', 1],
        ['version', -1],
      ],
    });
  }

  /** Called after each new version is stored (the records service creates its indexes here). */
  onPublished(listener: PublishListener): void {
    this.publishListeners.push(listener);
  }

  /** The publish-time problems of a definition, without saving anything (designer live checks). */
  check(definition: unknown): ReturnType<typeof checkDefinition> {
    return checkDefinition(definition, this.compiler.ajv);
  }

  /**
   * Creates a form's draft (no `expectedRev`) or replaces it (`expectedRev` = the draft's rev).
   * A draft may be incomplete; it must have the definition's shape.
   */
  async saveDraft(
    actor: DecidedActor,
    definition: FormDefinition,
    expectedRev?: number,
  ): Promise<FormSummary> {
    this.assertAllowed(actor);
    const shape = definitionShapeProblems(definition);
    if (shape.length) throw formErrors.definitionInvalid(shape);
    const now = this.now();
    const draft = contentOf(structuredClone(definition));
    const by = actor.principal.userId;
    if (expectedRev === undefined) {
      const doc: FormDoc = {
        id: draft.id,
        module: draft.module,
        name: draft.name,
        draft: encodeDefinition(draft),
        draftHash: contentHash(draft),
        status: 'draft',
        latestVersion: 0,
        currentVersion: 0,
        createdAt: now,
        createdBy: by,
        updatedAt: now,
        updatedBy: by,
      };
      this.assertInScope(actor, doc);
      try {
        const stored = await this.forms.insert(doc);
        await recordAudit(this.options.audit, actor, {
          action: 'form.create',
          resource: 'forms',
          resourceId: doc.id,
          after: draft,
        });
        return summaryOf(stored);
      } catch (e) {
        if (e instanceof DuplicateKeyError) throw formErrors.exists(doc.id);
        throw e;
      }
    }
    const current = await this.getDoc(actor, draft.id);
    if (current.module !== draft.module) throw formErrors.moduleChanged(current.module);
    try {
      const stored = await this.forms.update(draft.id, expectedRev, {
        set: {
          name: draft.name,
          draft: encodeDefinition(draft),
          draftHash: contentHash(draft),
          updatedAt: now,
          updatedBy: by,
        },
      });
      await recordAudit(this.options.audit, actor, {
        action: 'form.update',
        resource: 'forms',
        resourceId: draft.id,
        before: decodeDefinition(current.draft),
        after: draft,
      });
      return summaryOf(stored);
    } catch (e) {
      throw this.translateConflict(e, draft.id);
    }
  }

  async getDraft(
    actor: DecidedActor,
    formId: string,
  ): Promise<{ definition: FormDefinition; summary: FormSummary }> {
    const doc = await this.getDoc(actor, formId);
    return { definition: decodeDefinition(doc.draft), summary: summaryOf(doc) };
  }

  async list(actor: DecidedActor, filter: { module?: string } = {}): Promise<FormSummary[]> {
    this.assertAllowed(actor);
    const parts: Filter[] = [];
    if (filter.module) parts.push({ module: filter.module });
    if (Object.keys(actor.decision.rowFilter).length) parts.push(actor.decision.rowFilter);
    const query: Filter =
      parts.length === 0 ? {} : parts.length === 1 ? (parts[0] as Filter) : { $and: parts };
    const { items } = await this.forms.find(query, {
      sort: [
        ['module', 1],
        ['id', 1],
      ],
    });
    return items.map(summaryOf);
  }

  /** Publishes the draft as the next version (or returns the current one if nothing changed). */
  async publish(actor: DecidedActor, formId: string, expectedRev?: number): Promise<PublishResult> {
    const doc = await this.getDoc(actor, formId);
    if (expectedRev !== undefined && doc.rev !== expectedRev)
      throw this.translateConflict(new RevisionConflictError(FORMS, formId, expectedRev), formId);
    const problems = this.check(decodeDefinition(doc.draft));
    if (problems.length) throw formErrors.notPublishable(problems);
    const latest = await this.versions.findOne({ form: formId }, { sort: [['version', -1]] });
    if (latest && latest.hash === doc.draftHash && latest.status === 'published')
      return { version: versionInfo(latest), definition: definitionOf(latest), created: false };
    const number = (latest?.version ?? 0) + 1;
    const version: VersionDoc = {
      id: versionId(formId, number),
      form: formId,
      version: number,
      status: 'published',
      publishedAt: this.now(),
      publishedBy: actor.principal.userId,
      hash: doc.draftHash,
      definition: doc.draft,
    };
    try {
      await this.versions.insert(version);
    } catch (e) {
      if (e instanceof DuplicateKeyError) throw formErrors.publishConflict();
      throw e;
    }
    await this.refreshSummary(formId);
    const compiled = this.compiler.compile(definitionOf(version));
    for (const listener of this.publishListeners) await listener(compiled);
    await recordAudit(this.options.audit, actor, {
      action: 'form.publish',
      resource: 'forms',
      resourceId: formId,
      details: { version: number, hash: version.hash },
    });
    return { version: versionInfo(version), definition: definitionOf(version), created: true };
  }

  /**
   * Saves and publishes a complete definition in one step (module install and upgrade):
   * idempotent — publishing the same content again returns the existing version.
   */
  async publishDefinition(actor: DecidedActor, definition: FormDefinition): Promise<PublishResult> {
    const existing = await this.forms.get(definition.id);
    if (!existing) await this.saveDraft(actor, definition);
    else if (existing.draftHash !== contentHash(definition))
      await this.saveDraft(actor, definition, existing.rev);
    return this.publish(actor, definition.id);
  }

  /** Deprecates one version, or every version (the form takes no new records). */
  async deprecate(actor: DecidedActor, formId: string, version?: number): Promise<FormSummary> {
    await this.getDoc(actor, formId);
    const targets = version
      ? [await this.versionDoc(formId, version)]
      : (await this.versions.find({ form: formId, status: 'published' })).items;
    const now = this.now();
    for (const target of targets) {
      if (target.status === 'deprecated') continue;
      await this.versions.update(target.id, target.rev, {
        set: { status: 'deprecated', deprecatedAt: now, deprecatedBy: actor.principal.userId },
      });
    }
    const summary = await this.refreshSummary(formId);
    await recordAudit(this.options.audit, actor, {
      action: 'form.deprecate',
      resource: 'forms',
      resourceId: formId,
      details: { versions: targets.map((t) => t.version) },
    });
    return summary;
  }

  async listVersions(actor: DecidedActor, formId: string): Promise<FormVersionInfo[]> {
    await this.getDoc(actor, formId);
    const { items } = await this.versions.find({ form: formId }, { sort: [['version', -1]] });
    return items.map(versionInfo);
  }

  /** A published version's definition (`current`: the one new records use). */
  async getVersion(
    actor: DecidedActor,
    formId: string,
    version: number | 'current',
  ): Promise<FormDefinition> {
    await this.getDoc(actor, formId);
    return version === 'current'
      ? (await this.current(formId)).definition
      : definitionOf(await this.versionDoc(formId, version));
  }

  /** A version as rjsf renders it in one language. */
  async localized(actor: DecidedActor, formId: string, version: number | 'current', locale: FormLocale) {
    const definition = await this.getVersion(actor, formId, version);
    return { version: definition.version as number, ...localizeForm(definition, locale) } as {
      version: number;
      schema: JsonSchema;
      uiSchema: JsonSchema;
    };
  }

  // ---- for the records service (no access check: it checks record access itself) ----------

  /** The compiled form of a version, from the cache when this process compiled it before. */
  async compiled(formId: string, version: number): Promise<CompiledForm> {
    return (
      this.compiler.cached(formId, version) ??
      this.compiler.compile(definitionOf(await this.versionDoc(formId, version)))
    );
  }

  /** The version new records of the form use: the latest one not deprecated. */
  async current(formId: string): Promise<CompiledForm> {
    const version = await this.newest.get(`${formId}\u0000published`, () =>
      this.newestVersion({ form: formId, status: 'published' }),
    );
    if (version !== null) return this.compiled(formId, version);
    const form = await this.forms.get(formId);
    if (!form) throw formErrors.notFound(formId);
    if (form.latestVersion > 0) throw formErrors.deprecated(formId);
    throw formErrors.notPublished(formId);
  }

  /** The newest published version, deprecated or not (its permission lists rule the form). */
  async latest(formId: string): Promise<CompiledForm> {
    const version = await this.newest.get(formId, () => this.newestVersion({ form: formId }));
    if (version === null) throw formErrors.notFound(formId, 'published');
    return this.compiled(formId, version);
  }

  /** The newest version number a filter selects: the whole version is read only when not compiled yet. */
  private async newestVersion(filter: Filter): Promise<number | null> {
    const { items } = await this.versions.find(filter, {
      sort: [['version', -1]],
      limit: 1,
      projection: ['version'],
    });
    return items[0]?.version ?? null;
  }

  /** Every form id with at least one published version (key rotation, maintenance). */
  async publishedFormIds(): Promise<string[]> {
    const { items } = await this.forms.find({ latestVersion: { $gt: 0 } }, { projection: ['id'] });
    return items.map((f) => f.id);
  }

  // ---- internals -----------------------------------------------------------------------------

  private async versionDoc(formId: string, version: number): Promise<Stored<VersionDoc>> {
    const doc = Number.isInteger(version) ? await this.versions.get(versionId(formId, version)) : null;
    if (!doc) throw formErrors.versionNotFound(formId, version);
    return doc;
  }

  /** Recomputes the summary fields of the form document from its versions. */
  private async refreshSummary(formId: string): Promise<FormSummary> {
    for (let attempt = 0; ; attempt++) {
      const doc = await this.forms.get(formId);
      if (!doc) throw formErrors.notFound(formId);
      const { items } = await this.versions.find({ form: formId }, { sort: [['version', -1]] });
      const latest = items[0];
      const current = items.find((v) => v.status === 'published');
      try {
        const stored = await this.forms.update(formId, doc.rev, {
          set: {
            latestVersion: latest?.version ?? 0,
            currentVersion: current?.version ?? 0,
            status: current ? 'published' : latest ? 'deprecated' : 'draft',
            ...(latest ? { publishedHash: latest.hash } : {}),
          },
        });
        return summaryOf(stored);
      } catch (e) {
        if (!(e instanceof RevisionConflictError) || attempt >= MAX_RETRIES) throw e;
      }
    }
  }

  private async getDoc(actor: DecidedActor, formId: string): Promise<Stored<FormDoc>> {
    this.assertAllowed(actor);
    const doc = await this.forms.get(formId);
    if (!doc || !rowMatches(doc, actor.decision.rowFilter)) throw formErrors.notFound(formId);
    return doc;
  }

  private assertAllowed(actor: DecidedActor): void {
    if (!actor.decision.allowed) throw commonErrors.forbidden();
  }

  private assertInScope(actor: DecidedActor, doc: FormDoc): void {
    if (!rowMatches(doc, actor.decision.rowFilter)) throw commonErrors.rowOutOfScope(FORM_NOUN);
  }

  private translateConflict(e: unknown, formId: string): unknown {
    if (e instanceof RevisionConflictError) return formErrors.revisionConflict(formId);
    return e;
  }

  private now(): string {
    return new Date(this.options.clock.now()).toISOString();
  }
}
