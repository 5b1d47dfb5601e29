// Deployed process definitions: versioned per process id (a new deployment of the same process is
// version N+1; deploying identical XML again returns the current version), stored with their XML
// and compiled model. Compiled models are cached in memory per definition version, so running
// instances never re-parse BPMN; the latest version of each process is cached too and checked
// with one lookup by id (see latestKey).
import { flowErrors } from '#engine/core/flows/errors.ts';
import { createHash } from 'node:crypto';
import { compileBpmn } from '#engine/core/flows/compile.ts';
import { convertCamunda7, type ConversionReport } from '#engine/core/flows/convert/camunda7.ts';
import { convertFormJs, formaFormId, type FormJsWarning } from '#engine/core/forms/form-js.ts';
import type { FormDefinition } from '#schemas/generated/index.ts';
import { definitionKey } from '#engine/core/flows/instance.ts';
import { numericKeyOf } from '#engine/core/flows/keys.ts';
import { MODEL_FORMAT, type ProcessModel } from '#engine/core/flows/model.ts';
import { problem, type BpmnProblem } from '#engine/core/flows/problems.ts';
import { DuplicateKeyError, type Collection, type DocumentStore } from '#engine/ports/document-store.ts';

export interface DefinitionDoc {
  processId: string;
  version: number;
  /** Numeric key of this version (Camunda's processDefinitionKey). */
  key?: string;
  /** The deployment it came with (the processes of one file share it: bindingType="deployment"). */
  deploymentKey?: string;
  /** Names of the messages that start it (message start events). */
  messageStartNames?: string[];
  name?: string;
  versionTag?: string;
  xml: string;
  model: ProcessModel;
  hash: string;
  deployedAt: string;
  deployedBy?: string;
  formIds: string[];
  jobTypes: string[];
}

export interface DefinitionSummary {
  /** `${processId}@${version}` */
  key: string;
  /** Numeric key of this version (Camunda's processDefinitionKey). */
  definitionKey?: string;
  deploymentKey?: string;
  processId: string;
  version: number;
  name?: string;
  versionTag?: string;
  deployedAt: string;
  deployedBy?: string;
  formIds: string[];
  jobTypes: string[];
}

export interface DefinitionLookups {
  /** Names of the worker actions service tasks may use. */
  knownActions?: () => ReadonlySet<string> | Promise<ReadonlySet<string>>;
  /** Whether a form exists (zeebe:formDefinition formId). */
  formExists?: (formId: string) => boolean | Promise<boolean>;
  /** More problems of a compiled model, reported with the engine's (e.g. approval task headers). */
  checkModel?: (model: ProcessModel) => BpmnProblem[];
  /** Publishes the forms a deployment brings (Camunda forms converted to Forma forms). */
  publishForms?: (forms: FormDefinition[], by?: string) => Promise<void>;
}

/** The module a form brought by a BPMN deployment is filed under. */
export const DEPLOYED_FORMS_MODULE = 'custom';

/** A Camunda form a deployment brings (embedded in the BPMN, or a .form file beside it), converted. */
export interface DeployedForm {
  formId: string;
  /** Where it came from: the .form file's id, or the user tasks of an embedded form. */
  source: 'file' | 'embedded';
  elementIds: string[];
  definition: FormDefinition;
  warnings: FormJsWarning[];
}

export const summaryOf = (d: DefinitionDoc): DefinitionSummary => ({
  key: definitionKey(d.processId, d.version),
  definitionKey: d.key ?? numericKeyOf(definitionKey(d.processId, d.version)),
  ...(d.deploymentKey ? { deploymentKey: d.deploymentKey } : {}),
  processId: d.processId,
  version: d.version,
  ...(d.name ? { name: d.name } : {}),
  ...(d.versionTag ? { versionTag: d.versionTag } : {}),
  deployedAt: d.deployedAt,
  ...(d.deployedBy ? { deployedBy: d.deployedBy } : {}),
  formIds: d.formIds,
  jobTypes: d.jobTypes,
});

/**
 * How long a start trusts the latest version it knows without asking the store: a deployment made
 * by another process is used by this one's starts within this time (this process's own at once).
 * Saves a store round trip on every start of a busy process.
 */
const LATEST_RECHECK_MS = 1000;

export class DefinitionRepository {
  readonly collection: Collection<DefinitionDoc>;
  private readonly models = new Map<string, ProcessModel>();
  private readonly loading = new Map<string, Promise<ProcessModel>>();
  /** The latest version seen per process id (a lower bound: another process may deploy more). */
  private readonly latestSeen = new Map<string, number>();
  /** When (real time: a test clock may stand still) latestKey last asked the store about a process. */
  private readonly latestCheckedAt = new Map<string, number>();
  private readonly latestLookups = new Map<
    string,
    Promise<{ key: string; processId: string; version: number } | null>
  >();

  constructor(
    store: DocumentStore,
    private readonly lookups: DefinitionLookups,
    private readonly now: () => number,
  ) {
    this.collection = store.collection<DefinitionDoc>('flow_definitions');
  }

  async init(): Promise<void> {
    await this.collection.ensureIndex({
      fields: [
        ['processId', 1],
        ['version', 1],
      ],
      unique: true,
    });
    await this.collection.ensureIndex({ fields: [['messageStartNames', 1]] });
    await this.collection.ensureIndex({ fields: [['deploymentKey', 1]] });
  }

  /** Every problem of a definition, at once (empty when it can be deployed). */
  /** A Camunda 7 model converted to Camunda 8 (unchanged otherwise), with what was done. */
  async convert(xml: string): Promise<{ xml: string; report: ConversionReport }> {
    try {
      return await convertCamunda7(xml);
    } catch {
      // Not parseable: the compiler says why, with the rest.
      return { xml, report: { camunda7: false, changes: [], unconverted: [] } };
    }
  }

  /**
   * Every problem of a definition, at once (empty when it can be deployed). A Camunda 7 model is
   * converted first: `xml` is what would be deployed and `conversion` says what changed.
   */
  async validate(
    original: string,
    files: { forms?: unknown[] } = {},
  ): Promise<{
    problems: BpmnProblem[];
    model?: ProcessModel;
    models?: ProcessModel[];
    xml: string;
    conversion?: ConversionReport;
    forms: DeployedForm[];
  }> {
    const forms = this.formFiles(files.forms ?? []);
    const converted = await this.convert(original);
    const xml = converted.xml;
    const conversion = converted.report.camunda7 ? { conversion: converted.report } : {};
    const knownActions = this.lookups.knownActions ? await this.lookups.knownActions() : undefined;
    const result = await compileBpmn(xml, {
      ...(knownActions ? { knownActions } : {}),
      externalJobs: true,
      ...(this.lookups.checkModel ? { checkModel: this.lookups.checkModel } : {}),
    });
    const problems = result.ok ? [] : [...result.problems];
    if (result.ok)
      for (const embedded of result.embeddedForms) {
        let body: unknown;
        try {
          body = JSON.parse(embedded.body);
        } catch {
          body = null;
        }
        if (!body || typeof body !== 'object') {
          problems.push(problem('FORM_UNKNOWN', { id: embedded.elementIds[0] }, { formId: embedded.formId }));
          continue;
        }
        const { definition, warnings } = convertFormJs(body, {
          id: embedded.formId,
          module: DEPLOYED_FORMS_MODULE,
        });
        forms.push({
          formId: embedded.formId,
          source: 'embedded',
          elementIds: embedded.elementIds,
          definition,
          warnings,
        });
      }
    const brought = new Set(forms.map((f) => f.formId));
    if (this.lookups.formExists) {
      const missing = new Set<string>();
      for (const formId of result.formIds)
        if (!brought.has(formId) && !(await this.lookups.formExists(formId))) missing.add(formId);
      for (const ref of result.formRefs) {
        if (missing.has(ref.formId))
          problems.push(
            problem(
              'FORM_UNKNOWN',
              { id: ref.elementId, ...(ref.elementName ? { name: ref.elementName } : {}) },
              { formId: ref.formId },
            ),
          );
      }
    }
    return result.ok && problems.length === 0
      ? { problems, model: result.model, models: result.models, xml, ...conversion, forms }
      : { problems, xml, ...conversion, forms };
  }

  /** The .form files of a deployment (form-js JSON, as objects or text), converted. */
  private formFiles(files: unknown[]): DeployedForm[] {
    return files.map((file, i) => {
      let json: unknown = file;
      if (typeof file === 'string') {
        try {
          json = JSON.parse(file);
        } catch {
          throw flowErrors.formFileInvalid(i, 'is not JSON');
        }
      }
      const id = (json as { id?: unknown } | null)?.id;
      if (!json || typeof json !== 'object' || typeof id !== 'string' || !id.trim())
        throw flowErrors.formFileInvalid(i, 'has no form id');
      const formId = formaFormId(id);
      const { definition, warnings } = convertFormJs(json, { id: formId, module: DEPLOYED_FORMS_MODULE });
      return { formId, source: 'file' as const, elementIds: [], definition, warnings };
    });
  }

  /**
   * Deploys every executable process of the file (a collaboration may hold several), each as the
   * next version of its process; the reply is the first, with all of them in `deployed`.
   */
  async deploy(
    original: string,
    by?: string,
    files: { forms?: unknown[] } = {},
  ): Promise<
    DefinitionSummary & {
      duplicate: boolean;
      deployed: Array<DefinitionSummary & { duplicate: boolean }>;
      conversion?: ConversionReport;
      forms: DeployedForm[];
    }
  > {
    const { problems, models, xml, conversion, forms } = await this.validate(original, files);
    if (!models?.length || problems.length) throw flowErrors.invalidDefinition(problems);
    // The forms first: a task that is created the moment the process is deployed finds its form.
    if (forms.length && this.lookups.publishForms)
      await this.lookups.publishForms(
        forms.map((f) => f.definition),
        by,
      );
    const deploymentKey = numericKeyOf(`${createHash('sha256').update(xml).digest('hex')}@${this.now()}`);
    const deployed: Array<DefinitionSummary & { duplicate: boolean }> = [];
    for (const model of models) {
      // One process per file keeps the hash of the XML alone (as before several were allowed).
      const hash = createHash('sha256')
        .update(models.length === 1 ? xml : `${model.processId}\n${xml}`)
        .digest('hex');
      deployed.push(await this.deployModel(xml, model, hash, deploymentKey, by));
    }
    return { ...deployed[0]!, deployed, ...(conversion ? { conversion } : {}), forms };
  }

  private async deployModel(
    xml: string,
    model: ProcessModel,
    hash: string,
    deploymentKey: string,
    by?: string,
  ): Promise<DefinitionSummary & { duplicate: boolean }> {
    for (let attempt = 0; ; attempt++) {
      const latest = await this.latest(model.processId);
      if (latest && latest.hash === hash) return { ...summaryOf(latest), duplicate: true };
      const version = (latest?.version ?? 0) + 1;
      const doc: DefinitionDoc = {
        processId: model.processId,
        version,
        key: numericKeyOf(definitionKey(model.processId, version)),
        deploymentKey,
        ...(model.messageStarts ? { messageStartNames: Object.keys(model.messageStarts) } : {}),
        ...(model.name ? { name: model.name } : {}),
        ...(model.versionTag ? { versionTag: model.versionTag } : {}),
        xml,
        model,
        hash,
        deployedAt: new Date(this.now()).toISOString(),
        ...(by ? { deployedBy: by } : {}),
        formIds: model.formIds,
        jobTypes: model.jobTypes,
      };
      try {
        await this.collection.insert({ ...doc, id: definitionKey(model.processId, version) });
      } catch (e) {
        // A concurrent deployment took this version number: look again.
        if (e instanceof DuplicateKeyError && attempt < 10) continue;
        throw e;
      }
      this.models.set(definitionKey(model.processId, version), model);
      this.noteLatest(model.processId, version);
      return { ...summaryOf(doc), duplicate: false };
    }
  }

  async latest(processId: string): Promise<(DefinitionDoc & { id: string; rev: number }) | null> {
    return this.collection.findOne({ processId }, { sort: [['version', -1]] });
  }

  /**
   * The key of the latest version. Versions of a process are numbered 1, 2, 3 … without gaps (a
   * deployment takes the next number through the unique index) and are never removed while the
   * platform runs (a restore is applied at restart, restore.ts), so once version N is known, the
   * latest is N unless `<processId>@N+1` exists: one lookup by id, which every store answers
   * fastest (FerretDB pushes down nothing else, docs/decisions/0002), and which finds a
   * deployment made by another process. Only the first call per process id queries by process,
   * and the lookup runs at most once per LATEST_RECHECK_MS.
   */
  async latestKey(processId: string): Promise<{ key: string; processId: string; version: number } | null> {
    // Starts that arrive together share one lookup.
    let pending = this.latestLookups.get(processId);
    if (!pending) {
      pending = this.lookUpLatest(processId).finally(() => this.latestLookups.delete(processId));
      this.latestLookups.set(processId, pending);
    }
    return pending;
  }

  private async lookUpLatest(
    processId: string,
  ): Promise<{ key: string; processId: string; version: number } | null> {
    let version = this.latestSeen.get(processId);
    const checked = this.latestCheckedAt.get(processId);
    if (version !== undefined && checked !== undefined && performance.now() - checked < LATEST_RECHECK_MS)
      return { key: definitionKey(processId, version), processId, version };
    if (version === undefined) {
      const { items } = await this.collection.find(
        { processId },
        { sort: [['version', -1]], limit: 1, projection: ['processId', 'version'] },
      );
      if (!items[0]) return null;
      version = items[0].version;
    } else {
      while (await this.exists(definitionKey(processId, version + 1))) version++;
    }
    this.noteLatest(processId, version);
    this.latestCheckedAt.set(processId, performance.now());
    return { key: definitionKey(processId, version), processId, version };
  }

  /** Whether a definition version exists (a miss, the usual answer, reads nothing). */
  private async exists(key: string): Promise<boolean> {
    if (this.models.has(key)) return true;
    const doc = await this.collection.get(key);
    // Found: another process deployed it; its model is about to be needed.
    if (doc?.model?.format === MODEL_FORMAT) this.models.set(key, doc.model);
    return doc !== null;
  }

  private noteLatest(processId: string, version: number): void {
    if (version > (this.latestSeen.get(processId) ?? 0)) this.latestSeen.set(processId, version);
  }

  async get(processId: string, version?: number): Promise<DefinitionDoc & { id: string; rev: number }> {
    const doc =
      version === undefined
        ? await this.latest(processId)
        : await this.collection.get(definitionKey(processId, version));
    if (!doc) throw flowErrors.definitionNotFound(processId, version);
    return doc;
  }

  async versions(processId: string): Promise<DefinitionSummary[]> {
    const { items } = await this.collection.find(
      { processId },
      {
        sort: [['version', 1]],
        projection: [
          'processId',
          'version',
          'name',
          'versionTag',
          'deployedAt',
          'deployedBy',
          'formIds',
          'jobTypes',
        ],
      },
    );
    return items.map((d) => summaryOf(d as DefinitionDoc));
  }

  /** The latest version of every process. */
  async list(): Promise<Array<DefinitionSummary & { versions: number }>> {
    const { items } = await this.collection.find(
      {},
      {
        projection: [
          'processId',
          'version',
          'name',
          'versionTag',
          'deployedAt',
          'deployedBy',
          'formIds',
          'jobTypes',
        ],
      },
    );
    const latest = new Map<string, DefinitionDoc>();
    const counts = new Map<string, number>();
    for (const d of items as DefinitionDoc[]) {
      counts.set(d.processId, (counts.get(d.processId) ?? 0) + 1);
      const prev = latest.get(d.processId);
      if (!prev || prev.version < d.version) latest.set(d.processId, d);
    }
    return [...latest.values()]
      .sort((a, b) => a.processId.localeCompare(b.processId))
      .map((d) => ({ ...summaryOf(d), versions: counts.get(d.processId) ?? 1 }));
  }

  /** The compiled model of a definition version (cached; recompiled if stored in an old shape). */
  async model(key: string): Promise<ProcessModel> {
    const cached = this.models.get(key);
    if (cached) return cached;
    let pending = this.loading.get(key);
    if (!pending) {
      pending = (async () => {
        const doc = await this.collection.get(key);
        if (!doc) throw new Error(`definition ${key} is missing`);
        let model = doc.model;
        if (model?.format !== MODEL_FORMAT) {
          const result = await compileBpmn(doc.xml);
          if (!result.ok) throw new Error(`definition ${key} no longer compiles`);
          model = result.model;
        }
        this.models.set(key, model);
        return model;
      })().finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }
}
