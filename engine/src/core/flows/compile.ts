// BPMN 2.0 XML (Camunda Modeler 5 / zeebe dialect) → a validated, plain-JSON ProcessModel.
//
// Parsing uses bpmn-moddle with the zeebe descriptor. Validation accepts exactly the element set
// of DESIGN.md "BPMN: what runs" and rejects everything else by element id and name — nothing is
// silently ignored except documentation (text annotations, associations, groups, lanes and the
// diagram). All problems are collected and returned together. Pure: no I/O; lookups for known
// forms and actions are injected.
import { BpmnModdle } from 'bpmn-moddle';
import zeebeDescriptor from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { feelSyntaxError, isExpression } from '../feel/feel.ts';
import { computeInclusiveUpstream } from './reachability.ts';
import {
  MODEL_FORMAT,
  isActivity,
  type AssignmentSpec,
  type ElementModel,
  type FlowModel,
  type IoMapping,
  type Mapping,
  type MultiInstanceSpec,
  type ProcessModel,
  type TimerSpec,
} from './model.ts';
import { kindParams, problem, type BpmnProblem } from './problems.ts';
import { timerValueError } from './timers.ts';

export interface CompileLookups {
  /** Named worker actions; when given, every service-task type must be one of them. */
  knownActions?: ReadonlySet<string>;
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

export type CompileResult =
  | { ok: true; model: ProcessModel; formIds: string[]; formRefs: FormReference[] }
  | { ok: false; problems: BpmnProblem[]; formIds: string[]; formRefs: FormReference[] };

/** A moddle element as this module reads it. */
interface Node {
  $type: string;
  id?: string;
  name?: string;
  $attrs?: Record<string, string>;
  [key: string]: unknown;
}

const CAMUNDA7_NS = 'http://camunda.org/schema/1.0/bpmn';
const MAPPING_TARGET = /^[A-Za-z_$][\w$-]*(\.[A-Za-z_$][\w$-]*)*$/;
const DOCUMENTATION = new Set(['bpmn:TextAnnotation', 'bpmn:Association', 'bpmn:Group']);

/** Extension elements accepted per compiled element type (zeebe:Properties is metadata everywhere). */
const ALLOWED_EXTENSIONS: Record<string, readonly string[]> = {
  process: ['zeebe:VersionTag', 'zeebe:Properties'],
  startEvent: ['zeebe:FormDefinition', 'zeebe:Properties'],
  endEvent: ['zeebe:Properties'],
  terminateEndEvent: ['zeebe:Properties'],
  userTask: [
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
  scriptTask: ['zeebe:Script', 'zeebe:IoMapping', 'zeebe:Properties'],
  exclusiveGateway: ['zeebe:Properties'],
  parallelGateway: ['zeebe:Properties'],
  inclusiveGateway: ['zeebe:Properties'],
  subProcess: ['zeebe:IoMapping', 'zeebe:Properties'],
  timerCatchEvent: ['zeebe:IoMapping', 'zeebe:Properties'],
  timerBoundaryEvent: ['zeebe:IoMapping', 'zeebe:Properties'],
  errorBoundaryEvent: ['zeebe:IoMapping', 'zeebe:Properties'],
};

let moddle: BpmnModdle | null = null;
function getModdle(): BpmnModdle {
  moddle ??= new BpmnModdle({ zeebe: zeebeDescriptor });
  return moddle;
}

export async function compileBpmn(xml: string, lookups: CompileLookups = {}): Promise<CompileResult> {
  const problems: BpmnProblem[] = [];
  if (typeof xml !== 'string' || xml.trim() === '') {
    return {
      ok: false,
      problems: [problem('XML_INVALID', null, { detail: 'empty input' })],
      formIds: [],
      formRefs: [],
    };
  }
  let definitions: Node;
  try {
    const parsed = await getModdle().fromXML(xml, 'bpmn:Definitions');
    definitions = parsed.rootElement as unknown as Node;
    for (const w of parsed.warnings as Array<{ message: string }>) {
      problems.push(
        problem('XML_UNPARSABLE_CONTENT', null, { detail: w.message.replace(/\s+/g, ' ').trim() }),
      );
    }
  } catch (e) {
    const detail = (e as Error).message.replace(/\s+/g, ' ').trim();
    return { ok: false, problems: [problem('XML_INVALID', null, { detail })], formIds: [], formRefs: [] };
  }
  const compiler = new Compiler(definitions, lookups, problems);
  const model = compiler.run();
  const formIds = [...compiler.formIds];
  const formRefs = compiler.formRefs;
  if (model && lookups.checkModel) problems.push(...lookups.checkModel(model));
  if (!model || problems.length > 0) return { ok: false, problems, formIds, formRefs };
  return { ok: true, model, formIds, formRefs };
}

class Compiler {
  readonly formIds = new Set<string>();
  readonly formRefs: FormReference[] = [];
  private readonly elements: Record<string, ElementModel> = {};
  private readonly flows: Record<string, FlowModel> = {};
  /** Flow ids with their moddle nodes, checked after all elements are known. */
  private readonly rawFlows: Array<{ node: Node; parent: string | null }> = [];
  /** Default flow id per gateway, as written. */
  private readonly defaults = new Map<string, string>();
  private readonly names = new Map<string, string | undefined>();
  private readonly seenIds = new Set<string>();
  /** Scopes with a rejected element: reachability there is not reported (it would only repeat). */
  private readonly rejectedIn = new Set<string | null>();
  private readonly camunda7Prefixes: string[];
  private elementCount = 0;

  constructor(
    private readonly definitions: Node,
    private readonly lookups: CompileLookups,
    private readonly problems: BpmnProblem[],
  ) {
    this.camunda7Prefixes = Object.entries(definitions.$attrs ?? {})
      .filter(([k, v]) => k.startsWith('xmlns:') && v === CAMUNDA7_NS)
      .map(([k]) => k.slice(6));
  }

  run(): ProcessModel | null {
    const roots = (this.definitions.rootElements as Node[] | undefined) ?? [];
    const processes = roots.filter((r) => r.$type === 'bpmn:Process');
    for (const root of roots) {
      if (root.$type === 'bpmn:Collaboration') this.checkCollaboration(root);
    }
    if (processes.length === 0) {
      this.problems.push(problem('NO_PROCESS', null));
      return null;
    }
    const executable = processes.filter((p) => p.isExecutable === true);
    if (executable.length > 1) {
      this.problems.push(problem('MULTIPLE_PROCESSES', null, { count: executable.length }));
      return null;
    }
    const process = executable[0] ?? processes[0]!;
    if (process.isExecutable !== true) this.problems.push(problem('NOT_EXECUTABLE', this.ref(process)));
    if (!process.id) {
      this.problems.push(problem('XML_INVALID', null, { detail: 'the process has no id' }));
      return null;
    }
    let versionTag: string | undefined;
    for (const ext of this.extensions(process, 'process')) {
      if (ext.$type === 'zeebe:VersionTag' && typeof ext.value === 'string') versionTag = ext.value;
    }
    this.checkAttributes(process);
    this.walkScope(process, null);
    if (this.elementCount > (this.lookups.maxElements ?? 5000)) {
      this.problems.push(
        problem('TOO_LARGE', null, { count: this.elementCount, max: this.lookups.maxElements ?? 5000 }),
      );
      return null;
    }
    this.linkFlows();
    this.checkScopes();
    this.checkGateways();
    this.checkBoundaries();
    const startEvent = this.startEventOf(null);
    const model: ProcessModel = {
      format: MODEL_FORMAT,
      processId: process.id,
      ...(process.name ? { name: String(process.name) } : {}),
      ...(versionTag ? { versionTag } : {}),
      startEvent: startEvent ?? '',
      elements: this.elements,
      flows: this.flows,
      inclusiveUpstream: {},
      formIds: [...this.formIds],
      jobTypes: [
        ...new Set(
          Object.values(this.elements).flatMap((e) => (e.type === 'serviceTask' ? [e.jobType] : [])),
        ),
      ],
    };
    if (this.problems.length === 0) model.inclusiveUpstream = computeInclusiveUpstream(model);
    return model;
  }

  // ---- structure --------------------------------------------------------------------------

  private checkCollaboration(collab: Node): void {
    for (const flow of (collab.messageFlows as Node[] | undefined) ?? []) {
      this.problems.push(problem('UNSUPPORTED_ELEMENT', this.ref(flow), kindParams('bpmn:MessageFlow')));
    }
  }

  private walkScope(container: Node, parent: string | null): void {
    for (const artifact of (container.artifacts as Node[] | undefined) ?? []) {
      if (!DOCUMENTATION.has(artifact.$type))
        this.problems.push(problem('UNSUPPORTED_ELEMENT', this.ref(artifact), kindParams(artifact.$type)));
    }
    for (const node of (container.flowElements as Node[] | undefined) ?? []) {
      this.elementCount++;
      if (node.id) {
        if (this.seenIds.has(node.id))
          this.problems.push(problem('DUPLICATE_ID', this.ref(node), { id: node.id }));
        this.seenIds.add(node.id);
        this.names.set(node.id, node.name ? String(node.name) : undefined);
      }
      this.checkAttributes(node);
      if (node.$type === 'bpmn:SequenceFlow') {
        this.rawFlows.push({ node, parent });
        continue;
      }
      const element = this.compileElement(node, parent);
      if (!element) {
        this.rejectedIn.add(parent);
        continue;
      }
      this.elements[element.id] = element;
      if (element.type === 'subProcess') this.walkScope(node, element.id);
    }
  }

  private compileElement(node: Node, parent: string | null): ElementModel | null {
    const base = {
      id: String(node.id),
      ...(node.name ? { name: String(node.name) } : {}),
      parent,
      incoming: [] as string[],
      outgoing: [] as string[],
    };
    const defs = (node.eventDefinitions as Node[] | undefined) ?? [];
    switch (node.$type) {
      case 'bpmn:StartEvent': {
        if (defs.length > 0) return this.unsupportedDefinition(node, defs, 'none');
        const ext = this.extensions(node, 'startEvent');
        const formId = this.formOf(node, ext);
        return { ...base, type: 'startEvent', ...(formId ? { formId } : {}) };
      }
      case 'bpmn:EndEvent': {
        if (defs.length === 0) {
          this.extensions(node, 'endEvent');
          return { ...base, type: 'endEvent' };
        }
        if (defs.length === 1 && defs[0]!.$type === 'bpmn:TerminateEventDefinition') {
          this.extensions(node, 'terminateEndEvent');
          return { ...base, type: 'terminateEndEvent' };
        }
        return this.unsupportedDefinition(node, defs, 'none, terminate');
      }
      case 'bpmn:IntermediateCatchEvent': {
        if (defs.length !== 1 || defs[0]!.$type !== 'bpmn:TimerEventDefinition')
          return this.unsupportedDefinition(node, defs, 'timer');
        const ext = this.extensions(node, 'timerCatchEvent');
        const timer = this.timerOf(node, defs[0]!, false);
        const io = this.ioOf(node, ext, { inputs: false });
        return timer ? { ...base, type: 'timerCatchEvent', timer, ...(io ? { io } : {}) } : null;
      }
      case 'bpmn:BoundaryEvent':
        return this.compileBoundary(node, base, defs);
      case 'bpmn:UserTask':
        return this.compileUserTask(node, base);
      case 'bpmn:ServiceTask':
        return this.compileServiceTask(node, base);
      case 'bpmn:ScriptTask':
        return this.compileScriptTask(node, base);
      case 'bpmn:ExclusiveGateway':
      case 'bpmn:ParallelGateway':
      case 'bpmn:InclusiveGateway': {
        const type =
          node.$type === 'bpmn:ExclusiveGateway'
            ? 'exclusiveGateway'
            : node.$type === 'bpmn:ParallelGateway'
              ? 'parallelGateway'
              : 'inclusiveGateway';
        this.extensions(node, type);
        const def = node.default as Node | undefined;
        if (def?.id) this.defaults.set(base.id, def.id);
        return { ...base, type };
      }
      case 'bpmn:SubProcess': {
        if (node.triggeredByEvent === true) {
          this.problems.push(problem('UNSUPPORTED_ELEMENT', this.ref(node), kindParams('bpmn:SubProcess')));
          return null;
        }
        const ext = this.extensions(node, 'subProcess');
        const io = this.ioOf(node, ext);
        const multiInstance = this.loopOf(node, true);
        return {
          ...base,
          type: 'subProcess',
          startEvent: '',
          ...(io ? { io } : {}),
          ...(multiInstance ? { multiInstance } : {}),
        };
      }
      default:
        this.problems.push(problem('UNSUPPORTED_ELEMENT', this.ref(node), kindParams(node.$type)));
        return null;
    }
  }

  private compileUserTask(node: Node, base: BaseFields): ElementModel {
    const ext = this.extensions(node, 'userTask');
    const io = this.ioOf(node, ext);
    const multiInstance = this.loopOf(node, true);
    const formId = this.formOf(node, ext);
    let formKey: string | undefined;
    let externalFormReference: string | undefined;
    let assignment: AssignmentSpec | undefined;
    let dueDate: string | undefined;
    let followUpDate: string | undefined;
    let priority: string | undefined;
    let headers: Record<string, string> | undefined;
    for (const e of ext) {
      if (e.$type === 'zeebe:FormDefinition') {
        if (typeof e.formKey === 'string' && e.formKey) formKey = e.formKey;
        if (typeof e.externalReference === 'string' && e.externalReference) {
          externalFormReference = e.externalReference;
          this.checkFeel(node, e.externalReference, 'the external form reference', 'expression');
        }
      } else if (e.$type === 'zeebe:AssignmentDefinition') {
        assignment = {};
        for (const key of ['assignee', 'candidateUsers', 'candidateGroups'] as const) {
          const value = e[key];
          if (typeof value === 'string' && value.trim() !== '') {
            assignment[key] = value.trim();
            this.checkFeel(node, value, key, 'expression');
          }
        }
      } else if (e.$type === 'zeebe:TaskSchedule') {
        if (typeof e.dueDate === 'string' && e.dueDate) {
          dueDate = e.dueDate;
          this.checkDateValue(node, e.dueDate, 'dueDate');
        }
        if (typeof e.followUpDate === 'string' && e.followUpDate) {
          followUpDate = e.followUpDate;
          this.checkDateValue(node, e.followUpDate, 'followUpDate');
        }
      } else if (e.$type === 'zeebe:PriorityDefinition') {
        if (e.priority !== undefined && e.priority !== '') {
          priority = String(e.priority);
          this.checkFeel(node, priority, 'priority', 'expression');
        }
      } else if (e.$type === 'zeebe:TaskHeaders') {
        headers = this.headersOf(e);
      }
    }
    return {
      ...base,
      type: 'userTask',
      ...(assignment ? { assignment } : {}),
      ...(formId ? { formId } : {}),
      ...(formKey ? { formKey } : {}),
      ...(externalFormReference ? { externalFormReference } : {}),
      ...(dueDate ? { dueDate } : {}),
      ...(followUpDate ? { followUpDate } : {}),
      ...(priority ? { priority } : {}),
      ...(headers ? { headers } : {}),
      ...(io ? { io } : {}),
      ...(multiInstance ? { multiInstance } : {}),
    };
  }

  private compileServiceTask(node: Node, base: BaseFields): ElementModel {
    const ext = this.extensions(node, 'serviceTask');
    const io = this.ioOf(node, ext);
    const multiInstance = this.loopOf(node, true);
    const def = ext.find((e) => e.$type === 'zeebe:TaskDefinition');
    const headersExt = ext.find((e) => e.$type === 'zeebe:TaskHeaders');
    const headers = headersExt ? this.headersOf(headersExt) : undefined;
    const jobType = typeof def?.type === 'string' ? def.type.trim() : '';
    if (!jobType) this.problems.push(problem('SERVICE_TYPE_MISSING', this.ref(node)));
    else if (isExpression(jobType)) this.problems.push(problem('SERVICE_TYPE_EXPRESSION', this.ref(node)));
    else if (this.lookups.knownActions && !this.lookups.knownActions.has(jobType)) {
      const known = [...this.lookups.knownActions].sort().join(', ') || '—';
      this.problems.push(problem('SERVICE_TYPE_UNKNOWN', this.ref(node), { type: jobType, known }));
    }
    let retries = 3;
    if (def?.retries !== undefined && def.retries !== '') {
      const raw = String(def.retries).trim();
      const n = Number(raw);
      if (!/^\d+$/.test(raw) || n < 1 || n > 100)
        this.problems.push(problem('RETRIES_INVALID', this.ref(node), { value: raw }));
      else retries = n;
    }
    return {
      ...base,
      type: 'serviceTask',
      jobType,
      retries,
      ...(headers ? { headers } : {}),
      ...(io ? { io } : {}),
      ...(multiInstance ? { multiInstance } : {}),
    };
  }

  private compileScriptTask(node: Node, base: BaseFields): ElementModel {
    const ext = this.extensions(node, 'scriptTask');
    const io = this.ioOf(node, ext);
    const multiInstance = this.loopOf(node, true);
    const script = ext.find((e) => e.$type === 'zeebe:Script');
    const expression = typeof script?.expression === 'string' ? script.expression.trim() : '';
    const resultVariable = typeof script?.resultVariable === 'string' ? script.resultVariable.trim() : '';
    if (!expression || !resultVariable) this.problems.push(problem('SCRIPT_MISSING', this.ref(node)));
    else this.checkFeel(node, expression, 'the script', 'always');
    return {
      ...base,
      type: 'scriptTask',
      expression,
      ...(resultVariable ? { resultVariable } : {}),
      ...(io ? { io } : {}),
      ...(multiInstance ? { multiInstance } : {}),
    };
  }

  private compileBoundary(node: Node, base: BaseFields, defs: Node[]): ElementModel | null {
    const attached = node.attachedToRef as Node | undefined;
    if (!attached?.id) {
      this.problems.push(problem('BOUNDARY_NOT_ATTACHED', this.ref(node)));
      return null;
    }
    if (defs.length === 1 && defs[0]!.$type === 'bpmn:TimerEventDefinition') {
      const ext = this.extensions(node, 'timerBoundaryEvent');
      const interrupting = node.cancelActivity !== false;
      const timer = this.timerOf(node, defs[0]!, !interrupting);
      const io = this.ioOf(node, ext, { inputs: false });
      if (!timer) return null;
      return {
        ...base,
        type: 'timerBoundaryEvent',
        attachedTo: attached.id,
        interrupting,
        timer,
        ...(io ? { io } : {}),
      };
    }
    if (defs.length === 1 && defs[0]!.$type === 'bpmn:ErrorEventDefinition') {
      const ext = this.extensions(node, 'errorBoundaryEvent');
      const io = this.ioOf(node, ext, { inputs: false });
      if (node.cancelActivity === false)
        this.problems.push(problem('ERROR_BOUNDARY_NON_INTERRUPTING', this.ref(node)));
      const error = defs[0]!.errorRef as Node | undefined;
      let errorCode: string | undefined;
      if (error) {
        errorCode =
          typeof error.errorCode === 'string' && error.errorCode.trim() ? error.errorCode.trim() : undefined;
        if (!errorCode)
          this.problems.push(
            problem('ERROR_CODE_MISSING', this.ref(node), { error: String(error.name ?? error.id ?? '') }),
          );
        else this.checkFeel(node, errorCode, 'the error code', 'expression');
      }
      return {
        ...base,
        type: 'errorBoundaryEvent',
        attachedTo: attached.id,
        ...(errorCode ? { errorCode } : {}),
        ...(io ? { io } : {}),
      };
    }
    return this.unsupportedDefinition(node, defs, 'timer, error');
  }

  // ---- extension readers --------------------------------------------------------------------

  /** The element's extension elements; unsupported ones are reported. */
  private extensions(node: Node, type: string): Node[] {
    const values = ((node.extensionElements as Node | undefined)?.values as Node[] | undefined) ?? [];
    const allowed = ALLOWED_EXTENSIONS[type] ?? [];
    const ok: Node[] = [];
    for (const v of values) {
      if (allowed.includes(v.$type)) ok.push(v);
      else this.problems.push(problem('UNSUPPORTED_EXTENSION', this.ref(node), { extension: v.$type }));
    }
    return ok;
  }

  private formOf(node: Node, ext: Node[]): string | undefined {
    const def = ext.find((e) => e.$type === 'zeebe:FormDefinition');
    const formId = typeof def?.formId === 'string' ? def.formId.trim() : '';
    if (!formId) return undefined;
    this.formIds.add(formId);
    this.formRefs.push({
      formId,
      elementId: String(node.id),
      ...(node.name ? { elementName: String(node.name) } : {}),
    });
    if (this.lookups.isKnownForm && !this.lookups.isKnownForm(formId))
      this.problems.push(problem('FORM_UNKNOWN', this.ref(node), { formId }));
    return formId;
  }

  private headersOf(ext: Node): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const h of (ext.values as Node[] | undefined) ?? []) {
      if (typeof h.key === 'string' && h.key) headers[h.key] = typeof h.value === 'string' ? h.value : '';
    }
    return headers;
  }

  private ioOf(
    node: Node,
    ext: Node[],
    allow: { inputs: boolean } = { inputs: true },
  ): IoMapping | undefined {
    const io = ext.find((e) => e.$type === 'zeebe:IoMapping');
    if (!io) return undefined;
    const read = (list: unknown, kind: 'input' | 'output'): Mapping[] =>
      ((list as Node[] | undefined) ?? []).flatMap((m) => {
        const source = typeof m.source === 'string' ? m.source.trim() : '';
        const target = typeof m.target === 'string' ? m.target.trim() : '';
        if (!source || !MAPPING_TARGET.test(target)) {
          this.problems.push(problem('MAPPING_INVALID', this.ref(node), { target }));
          return [];
        }
        this.checkFeel(node, source, `the ${kind} mapping of "${target}"`, 'expression');
        return [{ source, target }];
      });
    const inputs = read(io.inputParameters, 'input');
    if (!allow.inputs && inputs.length > 0)
      this.problems.push(problem('UNSUPPORTED_EXTENSION', this.ref(node), { extension: 'zeebe:input' }));
    const outputs = read(io.outputParameters, 'output');
    return { inputs: allow.inputs ? inputs : [], outputs };
  }

  private loopOf(node: Node, allowed: boolean): MultiInstanceSpec | undefined {
    const loop = node.loopCharacteristics as Node | undefined;
    if (!loop) return undefined;
    if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
      this.problems.push(problem('UNSUPPORTED_LOOP', this.ref(node)));
      return undefined;
    }
    if (!allowed) {
      this.problems.push(problem('MULTI_INSTANCE_NOT_ALLOWED', this.ref(node)));
      return undefined;
    }
    const values = ((loop.extensionElements as Node | undefined)?.values as Node[] | undefined) ?? [];
    let zeebe: Node | undefined;
    for (const v of values) {
      if (v.$type === 'zeebe:LoopCharacteristics') zeebe = v;
      else this.problems.push(problem('UNSUPPORTED_EXTENSION', this.ref(node), { extension: v.$type }));
    }
    if (loop.loopCardinality)
      this.problems.push(
        problem('UNSUPPORTED_EXTENSION', this.ref(node), { extension: 'bpmn:loopCardinality' }),
      );
    const str = (v: unknown): string | undefined =>
      typeof v === 'string' && v.trim() ? v.trim() : undefined;
    const inputCollection = str(zeebe?.inputCollection);
    if (!inputCollection) {
      this.problems.push(problem('MI_INPUT_COLLECTION_MISSING', this.ref(node)));
      return undefined;
    }
    this.checkFeel(node, inputCollection, 'the input collection', 'always');
    const outputCollection = str(zeebe?.outputCollection);
    const outputElement = str(zeebe?.outputElement);
    if (Boolean(outputCollection) !== Boolean(outputElement))
      this.problems.push(problem('MI_OUTPUT_INCOMPLETE', this.ref(node)));
    if (outputElement) this.checkFeel(node, outputElement, 'the output element', 'always');
    const condition = str((loop.completionCondition as Node | undefined)?.body);
    if (condition) this.checkFeel(node, condition, 'the completion condition', 'always');
    const inputElement = str(zeebe?.inputElement);
    return {
      sequential: loop.isSequential === true,
      inputCollection,
      ...(inputElement ? { inputElement } : {}),
      ...(outputCollection && outputElement ? { outputCollection, outputElement } : {}),
      ...(condition ? { completionCondition: condition } : {}),
    };
  }

  private timerOf(node: Node, def: Node, cycleAllowed: boolean): TimerSpec | null {
    const found: TimerSpec[] = [];
    for (const kind of ['duration', 'date', 'cycle'] as const) {
      const key = kind === 'duration' ? 'timeDuration' : kind === 'date' ? 'timeDate' : 'timeCycle';
      const body = (def[key] as Node | undefined)?.body;
      if (typeof body === 'string' && body.trim()) found.push({ kind, value: body.trim() });
    }
    if (found.length !== 1) {
      this.problems.push(problem('TIMER_MISSING', this.ref(node)));
      return null;
    }
    const timer = found[0]!;
    if (timer.kind === 'cycle' && !cycleAllowed)
      this.problems.push(problem('TIMER_CYCLE_INTERRUPTING', this.ref(node)));
    if (isExpression(timer.value)) this.checkFeel(node, timer.value, 'the timer', 'always');
    else {
      const error = timerValueError(timer.kind, timer.value);
      if (error)
        this.problems.push(
          problem('TIMER_INVALID', this.ref(node), { value: timer.value, detail: error, detailZh: error }),
        );
    }
    return timer;
  }

  private checkDateValue(node: Node, value: string, what: string): void {
    if (isExpression(value)) this.checkFeel(node, value, what, 'always');
    else {
      const error = timerValueError('date', value);
      if (error)
        this.problems.push(
          problem('TIMER_INVALID', this.ref(node), { value, detail: error, detailZh: error }),
        );
    }
  }

  /** `mode: 'expression'` checks only values marked with `=`; 'always' treats the value as FEEL. */
  private checkFeel(node: Node, value: string, what: string, mode: 'expression' | 'always'): void {
    if (mode === 'expression' && !isExpression(value)) return;
    const error = feelSyntaxError(value);
    if (error) this.problems.push(problem('FEEL_SYNTAX', this.ref(node), { what, detail: error }));
  }

  private checkAttributes(node: Node): void {
    for (const key of Object.keys(node.$attrs ?? {})) {
      const prefix = key.includes(':') ? key.slice(0, key.indexOf(':')) : '';
      if (prefix && this.camunda7Prefixes.includes(prefix))
        this.problems.push(problem('CAMUNDA7_ATTRIBUTE', this.ref(node), { attribute: key }));
    }
  }

  private unsupportedDefinition(node: Node, defs: Node[], supported: string): null {
    const definition =
      defs.map((d) => d.$type.replace(/^bpmn:|EventDefinition$/g, '').toLowerCase()).join(' + ') || 'no';
    this.problems.push(
      problem('UNSUPPORTED_EVENT_DEFINITION', this.ref(node), {
        ...kindParams(node.$type),
        definition,
        supported,
      }),
    );
    return null;
  }

  // ---- graph ------------------------------------------------------------------------------

  private linkFlows(): void {
    for (const { node, parent } of this.rawFlows) {
      const id = String(node.id);
      const source = (node.sourceRef as Node | undefined)?.id;
      const target = (node.targetRef as Node | undefined)?.id;
      const missing =
        !source || !this.seenIds.has(source)
          ? 'source'
          : !target || !this.seenIds.has(target)
            ? 'target'
            : null;
      if (missing) {
        this.problems.push(
          problem('FLOW_ENDPOINT_MISSING', this.ref(node), {
            end: missing,
            endZh: missing === 'source' ? '源' : '目标',
          }),
        );
        continue;
      }
      if (!this.elements[source!] || !this.elements[target!]) {
        // One end was rejected (and reported); keep the other end connected so that it is not
        // reported again as "no incoming/outgoing flow".
        this.flows[id] = { id, source: source!, target: target! };
        this.elements[source!]?.outgoing.push(id);
        this.elements[target!]?.incoming.push(id);
        continue;
      }
      const src = this.elements[source!]!;
      const tgt = this.elements[target!]!;
      if (src.parent !== parent || tgt.parent !== parent) {
        this.problems.push(problem('FLOW_CROSSES_SCOPE', this.ref(node)));
        continue;
      }
      const flow: FlowModel = {
        id,
        ...(node.name ? { name: String(node.name) } : {}),
        source: source!,
        target: target!,
      };
      const condition = (node.conditionExpression as Node | undefined)?.body;
      if (typeof condition === 'string' && condition.trim()) {
        flow.condition = condition.trim();
        if (src.type !== 'exclusiveGateway' && src.type !== 'inclusiveGateway') {
          if (src.type === 'parallelGateway')
            this.problems.push(problem('PARALLEL_CONDITION', this.ref(node)));
          else this.problems.push(problem('CONDITION_NOT_ALLOWED', this.ref(node)));
        } else this.checkFeel(node, flow.condition, 'the condition', 'always');
      }
      this.flows[id] = flow;
      src.outgoing.push(id);
      tgt.incoming.push(id);
    }
  }

  private startEventOf(scope: string | null): string | undefined {
    return Object.values(this.elements).find((e) => e.parent === scope && e.type === 'startEvent')?.id;
  }

  private checkScopes(): void {
    const scopes: Array<string | null> = [
      null,
      ...Object.values(this.elements).flatMap((e) => (e.type === 'subProcess' ? [e.id] : [])),
    ];
    for (const scope of scopes) {
      const members = Object.values(this.elements).filter((e) => e.parent === scope);
      const starts = members.filter((e) => e.type === 'startEvent');
      const scopeNode = scope ? { id: scope, name: this.names.get(scope) } : null;
      if (starts.length !== 1) {
        this.problems.push(
          problem('START_EVENT_COUNT', scopeNode, {
            scope: scope ? 'sub-process' : 'process',
            scopeZh: scope ? '子流程' : '流程',
            count: starts.length,
          }),
        );
      }
      if (scope) {
        const sub = this.elements[scope];
        if (sub?.type === 'subProcess' && starts[0]) sub.startEvent = starts[0].id;
      }
      for (const e of members) {
        const ref = { id: e.id, name: e.name };
        const isBoundary = e.type === 'timerBoundaryEvent' || e.type === 'errorBoundaryEvent';
        if (e.type === 'startEvent') {
          if (e.incoming.length > 0) this.problems.push(problem('START_EVENT_HAS_INCOMING', ref));
          if (e.outgoing.length === 0) this.problems.push(problem('NO_OUTGOING', ref));
        } else if (e.type === 'endEvent' || e.type === 'terminateEndEvent') {
          if (e.outgoing.length > 0) this.problems.push(problem('END_EVENT_HAS_OUTGOING', ref));
          if (e.incoming.length === 0) this.problems.push(problem('NO_INCOMING', ref));
        } else if (isBoundary) {
          if (e.incoming.length > 0) this.problems.push(problem('BOUNDARY_HAS_INCOMING', ref));
          if (e.outgoing.length === 0) this.problems.push(problem('NO_OUTGOING', ref));
        } else {
          if (e.incoming.length === 0) this.problems.push(problem('NO_INCOMING', ref));
          if (e.outgoing.length === 0) this.problems.push(problem('NO_OUTGOING', ref));
        }
      }
      // Reachability from the scope's start event (boundary events through their activity).
      const start = starts[0];
      if (!start || this.rejectedIn.has(scope)) continue;
      const seen = new Set<string>([start.id]);
      const queue = [start.id];
      while (queue.length) {
        const id = queue.pop()!;
        const el = this.elements[id]!;
        const next = [
          ...el.outgoing.map((f) => this.flows[f]!.target),
          ...members.flatMap((b) =>
            (b.type === 'timerBoundaryEvent' || b.type === 'errorBoundaryEvent') && b.attachedTo === id
              ? [b.id]
              : [],
          ),
        ];
        for (const n of next) {
          if (!seen.has(n) && this.elements[n]) {
            seen.add(n);
            queue.push(n);
          }
        }
      }
      for (const e of members) {
        if (seen.has(e.id)) continue;
        // Elements without incoming flows were reported as such already.
        if (e.incoming.length > 0) this.problems.push(problem('UNREACHABLE', { id: e.id, name: e.name }));
      }
    }
  }

  private checkGateways(): void {
    for (const [gatewayId, defaultFlow] of this.defaults) {
      const g = this.elements[gatewayId];
      if (
        !g ||
        (g.type !== 'exclusiveGateway' && g.type !== 'inclusiveGateway' && g.type !== 'parallelGateway')
      )
        continue;
      const ref = { id: g.id, name: g.name };
      if (g.type === 'parallelGateway') {
        this.problems.push(problem('DEFAULT_FLOW_NOT_ALLOWED', ref));
        continue;
      }
      if (!g.outgoing.includes(defaultFlow) || this.flows[defaultFlow]?.condition !== undefined)
        this.problems.push(problem('DEFAULT_FLOW_INVALID', ref));
      else g.defaultFlow = defaultFlow;
    }
    for (const g of Object.values(this.elements)) {
      if (g.type !== 'exclusiveGateway' && g.type !== 'inclusiveGateway') continue;
      if (g.outgoing.length < 2) continue;
      for (const f of g.outgoing) {
        const flow = this.flows[f]!;
        if (flow.condition === undefined && f !== g.defaultFlow)
          this.problems.push(
            problem('CONDITION_MISSING', { id: g.id, name: g.name }, { flow: flow.name ?? flow.id }),
          );
      }
    }
  }

  private checkBoundaries(): void {
    for (const b of Object.values(this.elements)) {
      if (b.type !== 'timerBoundaryEvent' && b.type !== 'errorBoundaryEvent') continue;
      const host = this.elements[b.attachedTo];
      const ref = { id: b.id, name: b.name };
      if (!host || !isActivity(host.type) || host.parent !== b.parent) {
        this.problems.push(problem('BOUNDARY_NOT_ATTACHED', ref));
        continue;
      }
      if (b.type === 'errorBoundaryEvent' && host.type !== 'serviceTask')
        this.problems.push(problem('ERROR_BOUNDARY_TARGET', ref));
      (host.boundaries ??= []).push(b.id);
    }
  }

  private ref(node: Node): { id?: string; name?: string } {
    return { ...(node.id ? { id: node.id } : {}), ...(node.name ? { name: String(node.name) } : {}) };
  }
}

type BaseFields = {
  id: string;
  name?: string;
  parent: string | null;
  incoming: string[];
  outgoing: string[];
};
