// BPMN 2.0 XML (Camunda Modeler 5 / zeebe dialect) → a validated, plain-JSON ProcessModel.
//
// Parsing uses bpmn-moddle with the zeebe descriptor. Validation accepts exactly the element set
// the engine runs (one compiler per element kind in compile/) and rejects everything else by
// element id and name — nothing is silently ignored except documentation (text annotations,
// associations, groups, lanes and the diagram). All problems are collected and returned together.
// Pure: no I/O; lookups for known forms and actions are injected.
import { getModdle } from './compile/moddle.ts';
import { Compilation, type CompileLookups, type FormReference, type Node } from './compile/context.ts';
import {
  checkBoundaries,
  checkEventGateways,
  checkGateways,
  checkScopes,
  linkFlows,
  messageStartsOf,
  startEventOf,
} from './compile/graph.ts';
import { compileElement } from './compile/index.ts';
import { isExpression } from '../feel/feel.ts';
import { formaFormId } from '../forms/form-js.ts';
import { kindParams, problem, type BpmnProblem } from './problems.ts';
import { computeInclusiveUpstream } from './reachability.ts';
import { MODEL_FORMAT, type ProcessModel } from './model.ts';
import { withNameZh } from './names/localized-name.ts';

export type { CompileLookups, FormReference };

/**
 * `model` is the file's first executable process; `models` are all of them (a collaboration may
 * hold several: each is deployed; non-executable participants are left out).
 */
export type CompileResult =
  | {
      ok: true;
      model: ProcessModel;
      models: ProcessModel[];
      formIds: string[];
      formRefs: FormReference[];
      /** Forms embedded in the processes (form-js JSON), to publish with the deployment. */
      embeddedForms: EmbeddedForm[];
    }
  | { ok: false; problems: BpmnProblem[]; formIds: string[]; formRefs: FormReference[] };

export interface EmbeddedForm {
  /** The Forma form id it is published as (`<processId>-<form id>`). */
  formId: string;
  /** The form-js JSON, as written in the BPMN. */
  body: string;
  elementIds: string[];
}

const DOCUMENTATION = new Set(['bpmn:TextAnnotation', 'bpmn:Association', 'bpmn:Group']);

export async function compileBpmn(xml: string, lookups: CompileLookups = {}): Promise<CompileResult> {
  const problems: BpmnProblem[] = [];
  const invalid = (detail: string): CompileResult => ({
    ok: false,
    problems: [problem('XML_INVALID', null, { detail })],
    formIds: [],
    formRefs: [],
  });
  if (typeof xml !== 'string' || xml.trim() === '') return invalid('empty input');
  let definitions: Node;
  try {
    const parsed = await getModdle().fromXML(xml, 'bpmn:Definitions');
    definitions = parsed.rootElement as unknown as Node;
    for (const w of parsed.warnings as Array<{ message: string; property?: string }>)
      // A diagram shape pointing at nothing is drawing, not behaviour (engines ignore the diagram).
      if (w.property !== 'bpmndi:bpmnElement')
        problems.push(
          problem('XML_UNPARSABLE_CONTENT', null, { detail: w.message.replace(/\s+/g, ' ').trim() }),
        );
  } catch (e) {
    return invalid((e as Error).message.replace(/\s+/g, ' ').trim());
  }
  // Message flows of a collaboration are documentation: a process receives messages by name.
  const roots = (definitions.rootElements as Node[] | undefined) ?? [];
  const processes = roots.filter((r) => r.$type === 'bpmn:Process');
  if (processes.length === 0) {
    problems.push(problem('NO_PROCESS', null));
    return { ok: false, problems, formIds: [], formRefs: [] };
  }
  const executable = processes.filter((p) => p.isExecutable === true);
  const models: ProcessModel[] = [];
  const formIds = new Set<string>();
  const formRefs: FormReference[] = [];
  const embeddedForms: EmbeddedForm[] = [];
  for (const process of executable.length ? executable : [processes[0]!]) {
    const cx = new Compilation(definitions, lookups, problems);
    const model = compileProcess(cx, process);
    for (const id of cx.formIds) formIds.add(id);
    formRefs.push(...cx.formRefs);
    for (const form of cx.embeddedForms.values()) if (form.elementIds.length) embeddedForms.push(form);
    if (model && lookups.checkModel) problems.push(...lookups.checkModel(model));
    if (model) models.push(model);
  }
  const first = models[0];
  if (!first || problems.length > 0) return { ok: false, problems, formIds: [...formIds], formRefs };
  return { ok: true, model: first, models, formIds: [...formIds], formRefs, embeddedForms };
}

function compileProcess(cx: Compilation, process: Node): ProcessModel | null {
  cx.process = process;
  if (process.isExecutable !== true) cx.report('NOT_EXECUTABLE', process);
  if (!process.id) {
    cx.report('XML_INVALID', null, { detail: 'the process has no id' });
    return null;
  }
  let versionTag: string | undefined;
  for (const ext of cx.extensions(process, 'process')) {
    if (ext.$type === 'zeebe:VersionTag' && typeof ext.value === 'string') versionTag = ext.value;
    if (ext.$type === 'zeebe:UserTaskForm' && typeof ext.id === 'string')
      cx.embeddedForms.set(ext.id, {
        formId: formaFormId(`${String(process.id)}-${ext.id}`),
        body: typeof ext.body === 'string' ? ext.body : '',
        elementIds: [],
      });
  }
  cx.checkAttributes(process);
  walkScope(cx, process, null);
  const max = cx.lookups.maxElements ?? 5000;
  if (cx.elementCount > max) {
    cx.report('TOO_LARGE', null, { count: cx.elementCount, max });
    return null;
  }
  linkFlows(cx);
  checkScopes(cx);
  checkGateways(cx);
  checkBoundaries(cx);
  checkEventGateways(cx);
  const messageStarts = messageStartsOf(cx);
  const elements = Object.values(cx.elements);
  const calledProcesses = [
    ...new Set(
      elements.flatMap((e) => (e.type === 'callActivity' && !isExpression(e.processId) ? [e.processId] : [])),
    ),
  ];
  const model: ProcessModel = {
    format: MODEL_FORMAT,
    processId: process.id,
    ...(process.name ? { name: String(process.name) } : {}),
    ...withNameZh(process),
    ...(versionTag ? { versionTag } : {}),
    startEvent: startEventOf(cx, null) ?? '',
    ...(messageStarts ? { messageStarts } : {}),
    elements: cx.elements,
    flows: cx.flows,
    inclusiveUpstream: {},
    formIds: [...cx.formIds],
    jobTypes: [
      ...new Set(
        elements.flatMap((e) =>
          e.type === 'serviceTask' && e.jobType && !isExpression(e.jobType) ? [e.jobType] : [],
        ),
      ),
    ],
    ...(calledProcesses.length ? { calledProcesses } : {}),
  };
  if (cx.problems.length === 0) model.inclusiveUpstream = computeInclusiveUpstream(model);
  return model;
}

/** Compiles the elements of a process or sub-process; sequence flows wait for linkFlows. */
function walkScope(cx: Compilation, container: Node, parent: string | null): void {
  for (const artifact of (container.artifacts as Node[] | undefined) ?? []) {
    if (!DOCUMENTATION.has(artifact.$type))
      cx.report('UNSUPPORTED_ELEMENT', artifact, kindParams(artifact.$type));
  }
  for (const node of (container.flowElements as Node[] | undefined) ?? []) {
    cx.elementCount++;
    if (node.id) {
      if (cx.seenIds.has(node.id)) cx.report('DUPLICATE_ID', node, { id: node.id });
      cx.seenIds.add(node.id);
      cx.names.set(node.id, node.name ? String(node.name) : undefined);
    }
    cx.checkAttributes(node);
    if (node.$type === 'bpmn:SequenceFlow') {
      cx.rawFlows.push({ node, parent });
      continue;
    }
    const element = compileElement(cx, node, parent);
    if (!element) {
      cx.rejectedIn.add(parent);
      continue;
    }
    cx.elements[element.id] = element;
    if (element.type === 'subProcess') walkScope(cx, node, element.id);
  }
}
