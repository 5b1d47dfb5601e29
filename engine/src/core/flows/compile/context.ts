// The state of one compilation and the checks every element compiler shares: problems are
// collected (never thrown) so that an analyst sees all of them at once, each at its element.
import { feelSyntaxError, isExpression } from '../../feel/feel.ts';
import type { ElementModel, FlowModel, ProcessModel } from '../model.ts';
import { kindParams, problem, type BpmnProblem } from '../problems.ts';

export interface CompileLookups {
  /**
   * Named worker actions. When given, a service-task type that is none of them is refused — unless
   * `externalJobs` is set, where it becomes a job for an external worker (and is listed in
   * `externalJobTypes`).
   */
  knownActions?: ReadonlySet<string>;
  /** Service-task types that are no platform action become jobs for external workers. */
  externalJobs?: boolean;
  /** When given, every zeebe:formDefinition formId must satisfy it. */
  isKnownForm?: (formId: string) => boolean;
  /** Upper bound on flow elements (default 5,000). */
  maxElements?: number;
  /** More problems of a compiled model (e.g. the approvals layer's task headers), reported with the rest. */
  checkModel?: (model: ProcessModel) => BpmnProblem[];
}

/** Where a form is referenced (so a missing form can be reported at its elements). */
export interface FormReference {
  formId: string;
  elementId: string;
  elementName?: string;
}

/** A moddle element as the compiler reads it. */
export interface Node {
  $type: string;
  id?: string;
  name?: string;
  $attrs?: Record<string, string>;
  [key: string]: unknown;
}

/** The fields every compiled element starts from. */
export type BaseFields = {
  id: string;
  name?: string;
  nameZh?: string;
  parent: string | null;
  incoming: string[];
  outgoing: string[];
};

const CAMUNDA7_NS = 'http://camunda.org/schema/1.0/bpmn';

/** Extension elements accepted per compiled element type (zeebe:Properties is metadata everywhere). */
const ALLOWED_EXTENSIONS: Record<string, readonly string[]> = {
  process: ['zeebe:VersionTag', 'zeebe:Properties', 'zeebe:UserTaskForm'],
  startEvent: ['zeebe:FormDefinition', 'zeebe:IoMapping', 'zeebe:Properties'],
  endEvent: ['zeebe:IoMapping', 'zeebe:Properties'],
  terminateEndEvent: ['zeebe:IoMapping', 'zeebe:Properties'],
  task: ['zeebe:IoMapping', 'zeebe:Properties'],
  messageCatchEvent: ['zeebe:IoMapping', 'zeebe:Properties'],
  receiveTask: ['zeebe:IoMapping', 'zeebe:Properties'],
  messageBoundaryEvent: ['zeebe:IoMapping', 'zeebe:Properties'],
  callActivity: ['zeebe:CalledElement', 'zeebe:IoMapping', 'zeebe:Properties'],
  userTask: [
    // Job-worker user tasks of Camunda 8.0–8.4 carried a task definition; the task is the same.
    'zeebe:TaskDefinition',
    'zeebe:AssignmentDefinition',
    'zeebe:FormDefinition',
    'zeebe:TaskSchedule',
    'zeebe:IoMapping',
    'zeebe:TaskHeaders',
    'zeebe:UserTask',
    'zeebe:PriorityDefinition',
    'zeebe:Properties',
  ],
  serviceTask: ['zeebe:TaskDefinition', 'zeebe:IoMapping', 'zeebe:TaskHeaders', 'zeebe:Properties'],
  businessRuleTask: ['zeebe:CalledDecision', 'zeebe:IoMapping', 'zeebe:Properties'],
  scriptTask: ['zeebe:Script', 'zeebe:IoMapping', 'zeebe:Properties'],
  exclusiveGateway: ['zeebe:Properties'],
  parallelGateway: ['zeebe:Properties'],
  inclusiveGateway: ['zeebe:Properties'],
  subProcess: ['zeebe:IoMapping', 'zeebe:Properties'],
  timerCatchEvent: ['zeebe:IoMapping', 'zeebe:Properties'],
  timerBoundaryEvent: ['zeebe:IoMapping', 'zeebe:Properties'],
  errorBoundaryEvent: ['zeebe:IoMapping', 'zeebe:Properties'],
};

export class Compilation {
  readonly formIds = new Set<string>();
  readonly formRefs: FormReference[] = [];
  readonly elements: Record<string, ElementModel> = {};
  readonly flows: Record<string, FlowModel> = {};
  /** Flow ids with their moddle nodes, checked after all elements are known. */
  readonly rawFlows: Array<{ node: Node; parent: string | null }> = [];
  /** Default flow id per gateway, as written. */
  readonly defaults = new Map<string, string>();
  readonly names = new Map<string, string | undefined>();
  readonly seenIds = new Set<string>();
  /** The process being compiled (several per file: one Compilation each). */
  process: Node | null = null;
  /** Forms embedded in the process (zeebe:userTaskForm), by their id in the BPMN. */
  readonly embeddedForms = new Map<string, { formId: string; body: string; elementIds: string[] }>();
  /** Scopes with a rejected element: reachability there is not reported (it would only repeat). */
  readonly rejectedIn = new Set<string | null>();
  elementCount = 0;
  private readonly camunda7Prefixes: string[];

  constructor(
    readonly definitions: Node,
    readonly lookups: CompileLookups,
    readonly problems: BpmnProblem[],
  ) {
    this.camunda7Prefixes = Object.entries(definitions.$attrs ?? {})
      .filter(([k, v]) => k.startsWith('xmlns:') && v === CAMUNDA7_NS)
      .map(([k]) => k.slice(6));
  }

  /** Reports a problem at a moddle node (or, given an id/name pair, at that element). */
  report(
    code: string,
    at: Node | { id?: string; name?: string } | null,
    params?: Record<string, string | number>,
  ): void {
    this.problems.push(problem(code, at && '$type' in at ? ref(at as Node) : at, params));
  }

  /** The element's extension elements; unsupported ones are reported. */
  extensions(node: Node, type: string): Node[] {
    const values = ((node.extensionElements as Node | undefined)?.values as Node[] | undefined) ?? [];
    const allowed = ALLOWED_EXTENSIONS[type] ?? [];
    const ok: Node[] = [];
    for (const v of values) {
      if (allowed.includes(v.$type)) ok.push(v);
      else this.report('UNSUPPORTED_EXTENSION', node, { extension: v.$type });
    }
    return ok;
  }

  /** `mode: 'expression'` checks only values marked with `=`; 'always' treats the value as FEEL. */
  checkFeel(node: Node, value: string, what: string, mode: 'expression' | 'always'): void {
    if (mode === 'expression' && !isExpression(value)) return;
    const error = feelSyntaxError(value);
    if (error) this.report('FEEL_SYNTAX', node, { what, detail: error });
  }

  /** Camunda 7 attributes would be silently ignored by a Camunda 8 engine: refused instead. */
  checkAttributes(node: Node): void {
    for (const key of Object.keys(node.$attrs ?? {})) {
      const prefix = key.includes(':') ? key.slice(0, key.indexOf(':')) : '';
      if (prefix && this.camunda7Prefixes.includes(prefix))
        this.report('CAMUNDA7_ATTRIBUTE', node, { attribute: key });
    }
  }

  unsupportedDefinition(node: Node, defs: Node[], supported: string): null {
    const definition =
      defs.map((d) => d.$type.replace(/^bpmn:|EventDefinition$/g, '').toLowerCase()).join(' + ') || 'no';
    this.report('UNSUPPORTED_EVENT_DEFINITION', node, { ...kindParams(node.$type), definition, supported });
    return null;
  }
}

export function ref(node: Node): { id?: string; name?: string } {
  return { ...(node.id ? { id: node.id } : {}), ...(node.name ? { name: String(node.name) } : {}) };
}
