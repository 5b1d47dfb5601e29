// The approval chain of a request, before and after it is submitted:
//   preview(processId, variables, requester)   the dry run over a draft: who approves each step as
//                                              far as the data and the org chart decide it, the
//                                              conditions as text, the steps that depend on a later
//                                              decision, the steps skipped
//   chain(actor, instanceId)                   each step's state — done (who, when, outcome), open
//                                              now (who holds it), still to come (dry run from the
//                                              open steps) — for a request's participants
//   diagram(actor, instanceId)                 its BPMN with the elements done and open (the
//                                              request page's diagram on demand)
// Nothing is written: the dry run is core/flows/preview.ts over the compiled model.
import { isParticipant, requesterOf } from '#engine/core/approvals/access.ts';
import { approvalErrors } from '#engine/core/approvals/errors.ts';
import type { LocalizedText } from '#engine/core/approvals/messages.ts';
import { approvalFeelContext, requesterIdOf } from '#engine/core/approvals/org-functions.ts';
import {
  assignmentPeople,
  roadAhead,
  roadTaken,
  type ConditionWords,
  type RoadStep,
} from '#engine/core/approvals/road.ts';
import { timeline } from '#engine/core/approvals/timeline.ts';
import type { Actor } from '#engine/core/actor.ts';
import { clockFunctions } from '#engine/core/flows/feel-scope.ts';
import type { ProcessModel } from '#engine/core/flows/model.ts';
import { previewPath } from '#engine/core/flows/preview.ts';
import { modelIn } from '#engine/core/flows/names/model-in.ts';
import type { NameLocale } from '#engine/core/flows/names/localized-name.ts';
import type { OrgView } from '#engine/core/org/org-view.ts';
import type { Clock } from '#engine/ports/clock.ts';
import type { FlowService } from '../flows/flow-service.ts';
import type { StoredInstance } from '../flows/runtime.ts';
import type { OrgChart } from '../org/org-chart.ts';
import { approverOf } from './actions/types.ts';
import { recordRefOf, type RequestViews } from './request-views.ts';

export interface Road {
  processId: string;
  flowName: string;
  steps: RoadStep[];
  skipped: RoadStep[];
}

/** A variable path's value (`settings.deptHeadThreshold`). */
function valueAt(variables: Record<string, unknown>, path: string): unknown {
  let v: unknown = variables;
  for (const part of path.split('.')) {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

export class ApprovalRoad {
  constructor(private readonly d: { clock: Clock; flows: FlowService; org: OrgChart; views: RequestViews }) {}

  private words(
    variables: Record<string, unknown>,
    labels: Record<string, LocalizedText> | undefined,
  ): ConditionWords {
    return {
      label: (field) => labels?.[field],
      value: (path) => (path.includes('.') ? valueAt(variables, path) : undefined),
    };
  }

  private extras(org: OrgView, requesterId: string | null, variables: Record<string, unknown>) {
    return { ...approvalFeelContext(org, requesterId, variables), ...clockFunctions(this.d.clock.now()) };
  }

  /** The road a draft would take through the latest version of `processId`. */
  async preview(
    processId: string,
    variables: Record<string, unknown>,
    requesterId: string,
    labels?: Record<string, LocalizedText>,
    /** The reader's language: step, flow and connection names are shown in it. */
    locale?: NameLocale,
  ): Promise<Road> {
    const latest = await this.d.flows.definitions.latestKey(processId);
    const stored = latest ? await this.d.flows.definitions.model(latest.key) : null;
    const model = stored && modelIn(stored, locale);
    if (!model) return { processId, flowName: processId, steps: [], skipped: [] };
    const org = await this.d.org.snapshot();
    const path = previewPath(model, { variables, extras: this.extras(org, requesterId, variables) });
    const road = roadAhead(path, { org, requesterId, words: this.words(variables, labels) });
    return { processId, flowName: model.name ?? processId, ...road };
  }

  private async participant(
    actor: Actor,
    instanceId: string,
  ): Promise<{ doc: StoredInstance; model: ProcessModel }> {
    const doc = await this.d.flows.runtime.instances.get(instanceId);
    if (!doc || !isParticipant(doc, approverOf(actor))) throw approvalErrors.requestNotFound(instanceId);
    // In the reader's language: every step, flow and connection name the chain shows.
    const model = await this.d.flows.definitions.model(doc.definitionKey);
    return { doc, model: modelIn(model, actor.principal?.locale) };
  }

  /** Each step of a request: done, open now, to come (or skipped), in order. */
  async chain(actor: Actor, instanceId: string): Promise<Road> {
    const { doc, model } = await this.participant(actor, instanceId);
    const org = await this.d.org.snapshot();
    const requesterId = requesterIdOf(doc);
    const ref = recordRefOf(doc.variables);
    const record = ref ? await this.d.views.read(ref).catch(() => null) : null;
    const words = this.words(doc.variables, record?.form.definition.labels);
    const taken = roadTaken(timeline(doc.history, model, doc.id), org);
    const open = Object.values(doc.tokens).filter((t) => t.task && t.state === 'waiting');
    const current: RoadStep[] = [];
    for (const t of open) {
      if (current.some((s) => s.elementId === t.elementId)) continue;
      const same = open.filter((o) => o.elementId === t.elementId);
      const holders = same.flatMap((o) =>
        o.task!.assignee ? [o.task!.assignee] : (o.task!.candidateUsers ?? []),
      );
      const groups = [
        ...new Set(same.flatMap((o) => (o.task!.assignee ? [] : (o.task!.candidateGroups ?? [])))),
      ];
      const people = assignmentPeople(
        {
          ...(holders.length ? { candidateUsers: holders } : {}),
          ...(groups.length ? { candidateGroups: groups } : {}),
        },
        org,
        requesterOf(doc),
      );
      const returned = t.task!.attributes?.kind === 'resubmit';
      current.push({
        elementId: t.elementId,
        name: model.elements[t.elementId]?.name ?? t.elementId,
        state: 'current',
        ...people,
        ...(returned ? { outcome: 'returned' } : {}),
      });
    }
    let ahead: { steps: RoadStep[]; skipped: RoadStep[] } = { steps: [], skipped: [] };
    if (doc.status === 'active' && open.length) {
      const path = previewPath(model, {
        variables: doc.variables,
        extras: this.extras(org, requesterId, doc.variables),
        after: [...new Set(open.map((t) => t.elementId))],
      });
      ahead = roadAhead(path, {
        org,
        requesterId,
        words,
        exclude: new Set(current.map((s) => s.elementId)),
      });
    }
    return {
      processId: doc.processId,
      flowName: model.name ?? doc.processId,
      steps: [...taken, ...current, ...ahead.steps],
      skipped: ahead.skipped,
    };
  }

  /** The request's BPMN and where it stands: elements passed, elements open now. */
  async diagram(
    actor: Actor,
    instanceId: string,
  ): Promise<{ xml: string; done: string[]; current: string[] }> {
    const { doc } = await this.participant(actor, instanceId);
    const def = await this.d.flows.definitions.get(doc.processId, doc.version);
    const current = [...new Set(Object.values(doc.tokens).map((t) => t.elementId))];
    const done = [
      ...new Set(
        doc.history
          .map((h) => h.elementId)
          .filter((id): id is string => typeof id === 'string' && !current.includes(id)),
      ),
    ];
    return { xml: def.xml, done, current };
  }
}
