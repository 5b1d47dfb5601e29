// The compiled process model: plain JSON made once per deployed definition version (compile.ts)
// and cached, so that the interpreter never walks moddle objects at run time. Everything here is
// serialisable; lookups the interpreter needs often (outgoing flows, boundary events, the start
// event of each scope, inclusive-join reachability) are precomputed.

export type ElementType =
  | 'startEvent'
  | 'endEvent'
  | 'terminateEndEvent'
  | 'userTask'
  | 'serviceTask'
  | 'scriptTask'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'inclusiveGateway'
  | 'subProcess'
  | 'timerCatchEvent'
  | 'timerBoundaryEvent'
  | 'errorBoundaryEvent';

/** A `zeebe:input` / `zeebe:output`: `source` is FEEL (leading `=`) or a literal string. */
export interface Mapping {
  source: string;
  /** Variable name, or a dotted path into a variable (`order.total`). */
  target: string;
}

export interface IoMapping {
  inputs: Mapping[];
  outputs: Mapping[];
}

/** ISO 8601 (or FEEL, leading `=`) timer definition. */
/**
 * A timer counted in working time (the zeebe:property `workingTime`: "true" for the calendar of the
 * requester, else the company's; or a calendar id): its duration, or its cycle's interval, is working
 * time on that calendar.
 */
export interface WorkingTimeSpec {
  calendar?: string;
}

export type TimerSpec = (
  { kind: 'duration'; value: string } | { kind: 'date'; value: string } | { kind: 'cycle'; value: string }
) & { workingTime?: WorkingTimeSpec };

export interface MultiInstanceSpec {
  sequential: boolean;
  inputCollection: string;
  inputElement?: string;
  outputCollection?: string;
  outputElement?: string;
  completionCondition?: string;
}

export interface AssignmentSpec {
  assignee?: string;
  candidateUsers?: string;
  candidateGroups?: string;
}

interface ElementBase {
  id: string;
  name?: string;
  type: ElementType;
  /** Id of the enclosing sub-process, or null at process level. */
  parent: string | null;
  incoming: string[];
  outgoing: string[];
  /** Boundary events attached to this activity. */
  boundaries?: string[];
  io?: IoMapping;
  multiInstance?: MultiInstanceSpec;
}

export interface StartEventElement extends ElementBase {
  type: 'startEvent';
  formId?: string;
}
export interface EndEventElement extends ElementBase {
  type: 'endEvent';
}
export interface TerminateEndEventElement extends ElementBase {
  type: 'terminateEndEvent';
}
export interface UserTaskElement extends ElementBase {
  type: 'userTask';
  assignment?: AssignmentSpec;
  formId?: string;
  formKey?: string;
  externalFormReference?: string;
  dueDate?: string;
  followUpDate?: string;
  priority?: string;
  headers?: Record<string, string>;
}
export interface ServiceTaskElement extends ElementBase {
  type: 'serviceTask';
  jobType: string;
  /** Attempts in total, as zeebe:taskDefinition `retries` (default 3). */
  retries: number;
  headers?: Record<string, string>;
}
export interface ScriptTaskElement extends ElementBase {
  type: 'scriptTask';
  expression: string;
  resultVariable?: string;
}
export interface GatewayElement extends ElementBase {
  type: 'exclusiveGateway' | 'parallelGateway' | 'inclusiveGateway';
  defaultFlow?: string;
}
export interface SubProcessElement extends ElementBase {
  type: 'subProcess';
  startEvent: string;
}
export interface TimerCatchEventElement extends ElementBase {
  type: 'timerCatchEvent';
  timer: TimerSpec;
}
export interface TimerBoundaryEventElement extends ElementBase {
  type: 'timerBoundaryEvent';
  attachedTo: string;
  interrupting: boolean;
  timer: TimerSpec;
}
export interface ErrorBoundaryEventElement extends ElementBase {
  type: 'errorBoundaryEvent';
  attachedTo: string;
  /** Error code caught; absent: catches every BPMN error. */
  errorCode?: string;
}

export type ElementModel =
  | StartEventElement
  | EndEventElement
  | TerminateEndEventElement
  | UserTaskElement
  | ServiceTaskElement
  | ScriptTaskElement
  | GatewayElement
  | SubProcessElement
  | TimerCatchEventElement
  | TimerBoundaryEventElement
  | ErrorBoundaryEventElement;

export interface FlowModel {
  id: string;
  name?: string;
  source: string;
  target: string;
  /** FEEL condition (gateway outgoing flows only). */
  condition?: string;
}

export interface ProcessModel {
  /** Bumped when the compiled shape changes, so cached models of an old shape are recompiled. */
  format: number;
  processId: string;
  name?: string;
  versionTag?: string;
  /** The process-level none start event. */
  startEvent: string;
  elements: Record<string, ElementModel>;
  flows: Record<string, FlowModel>;
  /**
   * Inclusive joins: for each join gateway and each of its incoming flows, the elements (in the
   * gateway's scope) from which a token could still reach that flow without passing the join.
   */
  inclusiveUpstream: Record<string, Record<string, string[]>>;
  /** Form ids referenced by user tasks and the start event (for the designer and checks). */
  formIds: string[];
  /** Service-task types used (named worker actions). */
  jobTypes: string[];
}

export const MODEL_FORMAT = 1;

export function isActivity(type: ElementType): boolean {
  return type === 'userTask' || type === 'serviceTask' || type === 'scriptTask' || type === 'subProcess';
}
