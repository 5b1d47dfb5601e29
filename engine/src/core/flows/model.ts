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
  | 'errorBoundaryEvent'
  /** An untyped task, a manual task or a none intermediate throw event: passes straight on. */
  | 'task'
  | 'messageCatchEvent'
  | 'messageBoundaryEvent'
  | 'receiveTask'
  | 'callActivity'
  /** An error end event: throws its error to the enclosing scopes' error boundary events. */
  | 'errorEndEvent'
  /** Waits for the first of the catch events after it (messages, timers). */
  | 'eventBasedGateway';

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

/** A message a catch event, receive task or boundary event waits for (bpmn:message + zeebe:subscription). */
export interface MessageSpec {
  /** The message name, literal or FEEL (leading `=`). */
  name: string;
  /** FEEL (or a literal) giving the correlation key; start events have none. */
  correlationKey?: string;
  /** A signal (bpmn:signal), not a message: broadcast to every subscription, no correlation key. */
  signal?: true;
}

export interface AssignmentSpec {
  assignee?: string;
  candidateUsers?: string;
  candidateGroups?: string;
}

interface ElementBase {
  id: string;
  name?: string;
  /** The Chinese name (forma:nameZh); `name` is the default (names/localized-name.ts). */
  nameZh?: string;
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
  /** A message start event: a published message with this (literal) name starts an instance here. */
  message?: MessageSpec;
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
  /** A platform action's name, an external worker's job type, or FEEL (leading `=`) giving either. */
  jobType: string;
  /**
   * Set when the job belongs to a throw event (a message intermediate throw or end event with a
   * task definition, as Camunda 8 runs them): 'end' ends its path once the job completes.
   */
  throwEvent?: 'intermediate' | 'end';
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

export interface TaskElement extends ElementBase {
  type: 'task';
}
export interface MessageCatchEventElement extends ElementBase {
  type: 'messageCatchEvent' | 'receiveTask';
  message: MessageSpec;
}
export interface MessageBoundaryEventElement extends ElementBase {
  type: 'messageBoundaryEvent';
  attachedTo: string;
  interrupting: boolean;
  message: MessageSpec;
}
export interface CallActivityElement extends ElementBase {
  type: 'callActivity';
  /** The called process id, literal or FEEL. */
  processId: string;
  /** Which version: the latest, the one deployed together with the caller, or one version tag. */
  binding: { type: 'latest' } | { type: 'deployment' } | { type: 'versionTag'; versionTag: string };
  /** Child variables flow back on completion (default true, as zeebe:calledElement). */
  propagateAllChildVariables: boolean;
  /** The child starts with every visible variable (default true); else only the input mappings. */
  propagateAllParentVariables: boolean;
}

export interface ErrorEndEventElement extends ElementBase {
  type: 'errorEndEvent';
  /** Literal or FEEL. */
  errorCode: string;
}
export interface EventBasedGatewayElement extends ElementBase {
  type: 'eventBasedGateway';
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
  | ErrorBoundaryEventElement
  | TaskElement
  | MessageCatchEventElement
  | MessageBoundaryEventElement
  | CallActivityElement
  | ErrorEndEventElement
  | EventBasedGatewayElement;

export interface FlowModel {
  id: string;
  name?: string;
  nameZh?: string;
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
  nameZh?: string;
  versionTag?: string;
  /** The process-level none start event ('' when the process starts by messages only). */
  startEvent: string;
  /** Message start events at process level: message name → start event id. */
  messageStarts?: Record<string, string>;
  elements: Record<string, ElementModel>;
  flows: Record<string, FlowModel>;
  /**
   * Inclusive joins: for each join gateway and each of its incoming flows, the elements (in the
   * gateway's scope) from which a token could still reach that flow without passing the join.
   */
  inclusiveUpstream: Record<string, Record<string, string[]>>;
  /** Form ids referenced by user tasks and the start event (for the designer and checks). */
  formIds: string[];
  /** Service-task types used (named worker actions, external job types; expressions left out). */
  jobTypes: string[];
  /** Processes called by call activities (literal ids only). */
  calledProcesses?: string[];
}

// 2: names in Chinese (nameZh) — cached models of format 1 lack them and are recompiled.
export const MODEL_FORMAT = 2;

const ACTIVITIES: ReadonlySet<ElementType> = new Set<ElementType>([
  'userTask',
  'serviceTask',
  'scriptTask',
  'subProcess',
  'task',
  'receiveTask',
  'callActivity',
]);

export function isActivity(type: ElementType): boolean {
  return ACTIVITIES.has(type);
}

export type BoundaryType = 'timerBoundaryEvent' | 'errorBoundaryEvent' | 'messageBoundaryEvent';
export const isBoundaryType = (type: ElementType): type is BoundaryType =>
  type === 'timerBoundaryEvent' || type === 'errorBoundaryEvent' || type === 'messageBoundaryEvent';
