// Deployed decisions. A DMN file is a decision requirements graph (DRG), versioned per its
// definitions id like a flow per process id: deploying changed XML makes version N+1, the same XML
// again answers with the current version. Each decision of a new DRG version becomes the next
// version of that decision id (a decision id belongs to one DRG), so decisions are listed, bound
// and evaluated by their own ids, as Camunda 8 does.
//
//   decision_requirements   `<drg id>@<version>`: the XML and its compiled model
//   decision_definitions    `<decision id>@<version>`: which DRG version holds it, its version tag
//   decision_bindings       `<process id>@<version>:<decision id>`: the decision version deployed
//                           together with a process version (bindingType="deployment")
//
// Compiled models are cached per DRG version (they never change). Deploying writes the DRG first,
// then one document per decision it lacks, so a deployment interrupted half-way is completed by
// deploying the same file again.
import { createHash } from 'node:crypto';
import { compileDmn } from '#engine/core/dmn/compile.ts';
import { DecisionEvaluationError, decisionErrors } from '#engine/core/dmn/errors.ts';
import { evaluateDecision, type EvaluatedDecision } from '#engine/core/dmn/evaluate.ts';
import { DRG_FORMAT, type DrgModel } from '#engine/core/dmn/model.ts';
import { dmnProblem, type DmnProblem } from '#engine/core/dmn/problems.ts';
import { clockFunctions } from '#engine/core/flows/feel-scope.ts';
import type { Clock } from '#engine/ports/clock.ts';
import { DuplicateKeyError, type Collection, type DocumentStore } from '#engine/ports/document-store.ts';

export const DECISION_REQUIREMENTS = 'decision_requirements';
export const DECISION_DEFINITIONS = 'decision_definitions';
export const DECISION_BINDINGS = 'decision_bindings';

export interface DrgDoc {
  drgId: string;
  version: number;
  name?: string;
  /** The file's Chinese name (forma:nameZh), when it has one. */
  nameZh?: string;
  xml: string;
  model: DrgModel;
  hash: string;
  decisionIds: string[];
  deployedAt: string;
  deployedBy?: string;
}

export interface DecisionDoc {
  decisionId: string;
  version: number;
  name?: string;
  /** Its Chinese name (forma:nameZh): the decision list and pickers show it to a Chinese reader. */
  nameZh?: string;
  versionTag?: string;
  /** `<drg id>@<version>` */
  drgKey: string;
  drgId: string;
  drgName?: string;
  drgNameZh?: string;
  kind: 'table' | 'literal';
  hitPolicy?: string;
  deployedAt: string;
  deployedBy?: string;
}

export interface DecisionSummary extends DecisionDoc {
  /** `<decision id>@<version>` */
  key: string;
}

export interface DeployedDrg {
  drgId: string;
  version: number;
  name?: string;
  nameZh?: string;
  duplicate: boolean;
  decisions: DecisionSummary[];
}

/** Which version of a decision a business rule task means (zeebe:calledDecision bindingType). */
export type DecisionBinding =
  | { type: 'latest' }
  | { type: 'version'; version: number }
  | { type: 'versionTag'; versionTag: string }
  | { type: 'deployment'; processKey: string };

export interface DecisionEvaluation {
  decisionId: string;
  version: number;
  key: string;
  drgId: string;
  result: unknown;
  evaluated: EvaluatedDecision[];
}

const keyOf = (id: string, version: number): string => `${id}@${version}`;
const summaryOf = (d: DecisionDoc): DecisionSummary => ({
  key: keyOf(d.decisionId, d.version),
  ...stripStored(d),
});

function stripStored<T extends object>(doc: T): T {
  const { id: _id, rev: _rev, ...rest } = doc as T & { id?: string; rev?: number };
  return rest as T;
}

export class DecisionService {
  readonly drgs: Collection<DrgDoc>;
  readonly decisions: Collection<DecisionDoc>;
  readonly bindings: Collection<{ decisionKey: string; processKey: string; decisionId: string }>;
  private readonly models = new Map<string, DrgModel>();

  constructor(private readonly options: { store: DocumentStore; clock: Clock }) {
    this.drgs = options.store.collection<DrgDoc>(DECISION_REQUIREMENTS);
    this.decisions = options.store.collection<DecisionDoc>(DECISION_DEFINITIONS);
    this.bindings = options.store.collection(DECISION_BINDINGS);
  }

  async init(): Promise<this> {
    await Promise.all([
      this.drgs.ensureIndex({
        fields: [
          ['drgId', 1],
          ['version', 1],
        ],
        unique: true,
      }),
      this.decisions.ensureIndex({
        fields: [
          ['decisionId', 1],
          ['version', 1],
        ],
        unique: true,
      }),
      this.decisions.ensureIndex({ fields: [['drgKey', 1]] }),
    ]);
    return this;
  }

  /** Every problem of a DMN file, at once (empty when it can be deployed). */
  async validate(xml: string): Promise<DmnProblem[]> {
    const compiled = await compileDmn(xml);
    if (!compiled.ok) return compiled.problems;
    return this.ownershipProblems(compiled.model);
  }

  /** A decision id belongs to one DRG: deploying it in another file would make two histories of one id. */
  private async ownershipProblems(model: DrgModel): Promise<DmnProblem[]> {
    const problems: DmnProblem[] = [];
    for (const id of Object.keys(model.decisions)) {
      const latest = await this.latestDoc(id);
      if (latest && latest.drgId !== model.id)
        problems.push(
          dmnProblem('DECISION_ID_TAKEN', { decisionId: id, elementId: id }, { id, drgId: latest.drgId }),
        );
    }
    return problems;
  }

  /** Deploys a DMN file as the next version of its DRG; throws DECISION_DEFINITION_INVALID (422). */
  async deploy(xml: string, options: { by?: string } = {}): Promise<DeployedDrg> {
    const compiled = await compileDmn(xml);
    if (!compiled.ok) throw decisionErrors.invalidDefinition(compiled.problems);
    const model = compiled.model;
    const owned = await this.ownershipProblems(model);
    if (owned.length) throw decisionErrors.invalidDefinition(owned);
    const hash = createHash('sha256').update(xml).digest('hex');
    const at = new Date(this.options.clock.now()).toISOString();
    for (let attempt = 0; ; attempt++) {
      const latest = await this.drgs.findOne({ drgId: model.id }, { sort: [['version', -1]] });
      if (latest && latest.hash === hash) {
        const decisions = await this.ensureDecisions(latest, options.by);
        return {
          drgId: latest.drgId,
          version: latest.version,
          ...nameOf(latest),
          duplicate: true,
          decisions,
        };
      }
      const version = (latest?.version ?? 0) + 1;
      const doc: DrgDoc = {
        drgId: model.id,
        version,
        ...nameOf(model),
        xml,
        model,
        hash,
        decisionIds: Object.keys(model.decisions),
        deployedAt: at,
        ...(options.by ? { deployedBy: options.by } : {}),
      };
      try {
        await this.drgs.insert({ ...doc, id: keyOf(model.id, version) });
      } catch (e) {
        if (e instanceof DuplicateKeyError && attempt < 10) continue; // a concurrent deployment
        throw e;
      }
      this.models.set(keyOf(model.id, version), model);
      const decisions = await this.ensureDecisions(doc, options.by);
      return { drgId: model.id, version, ...nameOf(doc), duplicate: false, decisions };
    }
  }

  /** One decision document per decision of the DRG version (the next version of each id). */
  private async ensureDecisions(drg: DrgDoc, by?: string): Promise<DecisionSummary[]> {
    const drgKey = keyOf(drg.drgId, drg.version);
    const out: DecisionSummary[] = [];
    for (const decisionId of drg.decisionIds) {
      for (let attempt = 0; ; attempt++) {
        const existing = await this.decisions.findOne({ decisionId, drgKey });
        if (existing) {
          out.push(summaryOf(existing));
          break;
        }
        const latest = await this.latestDoc(decisionId);
        const decision = drg.model.decisions[decisionId]!;
        const doc: DecisionDoc = {
          decisionId,
          version: (latest?.version ?? 0) + 1,
          ...nameOf(decision),
          ...(decision.versionTag ? { versionTag: decision.versionTag } : {}),
          drgKey,
          drgId: drg.drgId,
          ...(drg.name ? { drgName: drg.name } : {}),
          ...(drg.nameZh ? { drgNameZh: drg.nameZh } : {}),
          kind: decision.logic.kind,
          ...(decision.logic.kind === 'table'
            ? {
                hitPolicy: decision.logic.aggregation
                  ? `${decision.logic.hitPolicy} ${decision.logic.aggregation}`
                  : decision.logic.hitPolicy,
              }
            : {}),
          deployedAt: drg.deployedAt,
          ...((by ?? drg.deployedBy) ? { deployedBy: by ?? drg.deployedBy } : {}),
        };
        try {
          await this.decisions.insert({ ...doc, id: keyOf(decisionId, doc.version) });
          out.push(summaryOf(doc));
          break;
        } catch (e) {
          if (e instanceof DuplicateKeyError && attempt < 10) continue;
          throw e;
        }
      }
    }
    return out;
  }

  private latestDoc(decisionId: string): Promise<(DecisionDoc & { id: string; rev: number }) | null> {
    return this.decisions.findOne({ decisionId }, { sort: [['version', -1]] });
  }

  /** The latest version of every decision, with its number of versions. */
  async list(): Promise<Array<DecisionSummary & { versions: number }>> {
    const { items } = await this.decisions.find(
      {},
      {
        sort: [
          ['decisionId', 1],
          ['version', 1],
        ],
      },
    );
    const latest = new Map<string, DecisionDoc>();
    const counts = new Map<string, number>();
    for (const d of items) {
      counts.set(d.decisionId, (counts.get(d.decisionId) ?? 0) + 1);
      latest.set(d.decisionId, d);
    }
    return [...latest.values()].map((d) => ({ ...summaryOf(d), versions: counts.get(d.decisionId) ?? 1 }));
  }

  async versions(decisionId: string): Promise<DecisionSummary[]> {
    const { items } = await this.decisions.find({ decisionId }, { sort: [['version', 1]] });
    if (items.length === 0) throw decisionErrors.notFound(decisionId);
    return items.map(summaryOf);
  }

  /** One version (default: the latest) with its DRG's XML. */
  async get(decisionId: string, version?: number): Promise<DecisionSummary & { xml: string }> {
    const doc = await this.resolve(
      decisionId,
      version === undefined ? { type: 'latest' } : { type: 'version', version },
    );
    const drg = await this.drgs.get(doc.drgKey);
    if (!drg) throw decisionErrors.notFound(decisionId, `DRG ${doc.drgKey}`);
    return { ...doc, xml: drg.xml };
  }

  /** The decision version a binding means; DECISION_NOT_FOUND (404) when there is none. */
  async resolve(decisionId: string, binding: DecisionBinding): Promise<DecisionSummary> {
    let doc: DecisionDoc | null;
    switch (binding.type) {
      case 'latest':
        doc = await this.latestDoc(decisionId);
        if (!doc) throw decisionErrors.notFound(decisionId);
        break;
      case 'version':
        doc = await this.decisions.get(keyOf(decisionId, binding.version));
        if (!doc) throw decisionErrors.notFound(decisionId, `version ${binding.version}`);
        break;
      case 'versionTag':
        doc = await this.decisions.findOne(
          { decisionId, versionTag: binding.versionTag },
          { sort: [['version', -1]] },
        );
        if (!doc) throw decisionErrors.notFound(decisionId, `version tagged "${binding.versionTag}"`);
        break;
      case 'deployment': {
        const bound = await this.bindings.get(`${binding.processKey}:${decisionId}`);
        doc = bound ? await this.decisions.get(bound.decisionKey) : null;
        if (!doc)
          throw decisionErrors.notFound(decisionId, `version deployed together with ${binding.processKey}`);
        break;
      }
    }
    return summaryOf(doc);
  }

  /**
   * Records which decision version was deployed with a process version (bindingType
   * "deployment"). The first deployment of a process version decides: deploying the same BPMN
   * again with a changed DMN keeps the process version, and the decisions it was deployed with.
   */
  async bind(processKey: string, decision: DecisionSummary): Promise<void> {
    try {
      await this.bindings.insert({
        id: `${processKey}:${decision.decisionId}`,
        decisionKey: decision.key,
        processKey,
        decisionId: decision.decisionId,
      });
    } catch (e) {
      if (!(e instanceof DuplicateKeyError)) throw e;
    }
  }

  /** The compiled DRG of a version (cached: a version never changes). */
  async model(drgKey: string): Promise<DrgModel> {
    const cached = this.models.get(drgKey);
    if (cached) return cached;
    const doc = await this.drgs.get(drgKey);
    if (!doc) throw new Error(`decision requirements ${drgKey} are missing`);
    let model = doc.model;
    if (model?.format !== DRG_FORMAT) {
      const compiled = await compileDmn(doc.xml);
      if (!compiled.ok) throw new Error(`decision requirements ${drgKey} no longer compile`);
      model = compiled.model;
    }
    this.models.set(drgKey, model);
    return model;
  }

  /**
   * Evaluates a decision version against variables (FEEL now() and today() by the platform's
   * clock). A failing evaluation throws DecisionEvaluationError, naming the rules.
   */
  async evaluate(
    decisionId: string,
    variables: Record<string, unknown>,
    binding: DecisionBinding = { type: 'latest' },
  ): Promise<DecisionEvaluation> {
    const decision = await this.resolve(decisionId, binding);
    const model = await this.model(decision.drgKey);
    const outcome = evaluateDecision(model, decisionId, variables, {
      functions: clockFunctions(this.options.clock.now()),
    });
    return {
      decisionId,
      version: decision.version,
      key: decision.key,
      drgId: decision.drgId,
      result: outcome.result,
      evaluated: outcome.evaluated,
    };
  }
}

/** The name and the Chinese name, each when there is one. */
const nameOf = (d: { name?: string; nameZh?: string }): { name?: string; nameZh?: string } => ({
  ...(d.name ? { name: d.name } : {}),
  ...(d.nameZh ? { nameZh: d.nameZh } : {}),
});

export { DecisionEvaluationError };
