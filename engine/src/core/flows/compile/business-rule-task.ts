// Business rule tasks, in both of Camunda 8's forms:
// - `zeebe:calledDecision decisionId resultVariable [bindingType versionTag]`: the platform
//   evaluates the DMN decision and stores its result in the result variable. It compiles to a job
//   of the platform action `decision.evaluate` (workers/src/actions/decision-evaluate.ts) with the
//   call as its headers, so it runs, retries, fails into an incident and is caught by error
//   boundary events exactly like a service task.
// - `zeebe:taskDefinition type`: a job like a service task's (a platform action, or a job for an
//   external worker), compiled by the service-task compiler.
import { isExpression } from '../../feel/feel.ts';
import type { ElementModel } from '../model.ts';
import type { BaseFields, Compilation, Node } from './context.ts';
import { ioOf, loopOf } from './readers.ts';
import { serviceTask } from './service-task.ts';

/** The platform action that evaluates a called decision. */
export const DECISION_ACTION = 'decision.evaluate';

const BINDING_TYPES = new Set(['latest', 'deployment', 'versionTag']);
const VARIABLE = /^[A-Za-z_$][\w$]*$/;

export function businessRuleTask(cx: Compilation, node: Node, base: BaseFields): ElementModel | null {
  const values = ((node.extensionElements as Node | undefined)?.values as Node[] | undefined) ?? [];
  const called = values.find((v) => v.$type === 'zeebe:CalledDecision');
  if (!called) return serviceTask(cx, node, base);
  if (values.some((v) => v.$type === 'zeebe:TaskDefinition')) cx.report('DECISION_AND_JOB', node);
  const ext = cx.extensions(node, 'businessRuleTask');
  const io = ioOf(cx, node, ext);
  const multiInstance = loopOf(cx, node, true);
  const decisionId = typeof called.decisionId === 'string' ? called.decisionId.trim() : '';
  const resultVariable = typeof called.resultVariable === 'string' ? called.resultVariable.trim() : '';
  const bindingType =
    typeof called.bindingType === 'string' && called.bindingType ? called.bindingType : 'latest';
  const versionTag = typeof called.versionTag === 'string' ? called.versionTag.trim() : '';
  if (!decisionId) cx.report('DECISION_ID_MISSING', node);
  else if (isExpression(decisionId)) cx.checkFeel(node, decisionId, 'the decision id', 'always');
  if (!VARIABLE.test(resultVariable)) cx.report('RESULT_VARIABLE_MISSING', node, { value: resultVariable });
  if (!BINDING_TYPES.has(bindingType)) cx.report('BINDING_TYPE_INVALID', node, { value: bindingType });
  else if (bindingType === 'versionTag' && !versionTag) cx.report('VERSION_TAG_MISSING', node);
  return {
    ...base,
    type: 'serviceTask',
    jobType: DECISION_ACTION,
    retries: 3,
    headers: {
      decisionId,
      resultVariable,
      bindingType,
      ...(bindingType === 'versionTag' ? { versionTag } : {}),
    },
    ...(io ? { io } : {}),
    ...(multiInstance ? { multiInstance } : {}),
  };
}

/** The decisions a compiled process calls: every business rule task's call, by element. */
export function decisionCalls(model: { elements: Record<string, ElementModel> }): Array<{
  elementId: string;
  elementName?: string;
  decisionId: string;
  bindingType: string;
  versionTag?: string;
}> {
  const calls = [];
  for (const el of Object.values(model.elements)) {
    if (el.type !== 'serviceTask' || el.jobType !== DECISION_ACTION || !el.headers) continue;
    const { decisionId = '', bindingType = 'latest', versionTag } = el.headers;
    calls.push({
      elementId: el.id,
      ...(el.name ? { elementName: el.name } : {}),
      decisionId,
      bindingType,
      ...(versionTag ? { versionTag } : {}),
    });
  }
  return calls;
}
