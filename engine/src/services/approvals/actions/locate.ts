// Finding the task (or request) an action is about and checking that the actor may act on it.
// Each task action is one atomic step of the instance: the event is built from the instance as
// loaded for the write (FlowService.send with a builder), so the checks — is the task still open,
// does this person hold it, has anyone acted yet — hold when the write lands (a concurrent change
// makes the write fail and the checks run again).
import { approvalErrors } from '#engine/core/approvals/errors.ts';
import { holderOf, isParticipant, requesterOf } from '#engine/core/approvals/access.ts';
import type { FlowEvent } from '#engine/core/flows/events.ts';
import { parseTaskId, type InstanceState } from '#engine/core/flows/instance.ts';
import type { ProcessModel, UserTaskElement } from '#engine/core/flows/model.ts';
import type { InstanceView } from '../../flows/flow-service.ts';
import type { StoredInstance } from '../../flows/runtime.ts';
import type { ActionContext, Approver, HolderRule, Located } from './types.ts';

/**
 * The open task `taskId` as the actor may act on it, from this instance state. Throws the
 * error a caller should see: 404 (unknown, or nothing to do with it), 409 (done), 403 (not theirs).
 */
export function checkTask(
  doc: Readonly<InstanceState>,
  model: ProcessModel,
  taskId: string,
  tokenId: string,
  actor: Approver,
  rule: HolderRule = {},
): Located {
  const token = doc.tokens[tokenId];
  const known =
    token?.task ||
    rule.heldIt ||
    doc.history.some((h) => h.tokenId === tokenId && h.type.startsWith('task.'));
  if (!known || !(rule.heldIt || isParticipant(doc as InstanceState, actor)))
    throw approvalErrors.taskNotFound(taskId);
  if (doc.status !== 'active' || !token?.task || token.state !== 'waiting') {
    const last = [...doc.history].reverse().find((h) => h.tokenId === tokenId && h.type === 'task.completed');
    throw approvalErrors.taskDone(
      taskId,
      last?.outcome ?? (doc.status !== 'active' ? doc.status : undefined),
    );
  }
  const element = model.elements[token.elementId] as UserTaskElement;
  const located = { doc: doc as StoredInstance, model, token, element, taskId };
  if (rule.holder === 'none') return located;
  const holder = holderOf(token.task, actor, requesterOf(doc as InstanceState));
  if (rule.admin && actor.admin) return located;
  if (!holder || (rule.holder === 'assignee' && holder !== 'assignee')) {
    const delegatedBy = token.task.attributes?.delegatedBy;
    if (delegatedBy === actor.userId) throw approvalErrors.delegated(taskId, token.task.assignee ?? '');
    throw approvalErrors.notYourTask(taskId);
  }
  return located;
}

export function taskRef(taskId: string): { instanceId: string; tokenId: string } {
  const ref = parseTaskId(taskId);
  if (!ref) throw approvalErrors.taskNotFound(taskId);
  return ref;
}

/**
 * Loads and checks before the write, so that errors are classified even if the builder never
 * runs. Someone who held the task (its last view in the tasks collection says so) learns that
 * it is done (409) rather than that it does not exist.
 */
export async function preflight(c: ActionContext, taskId: string, actor: Approver, rule: HolderRule = {}) {
  const ref = taskRef(taskId);
  const [doc, last, held] = await Promise.all([
    c.flows.runtime.instances.get(ref.instanceId),
    c.flows.runtime.tasks.get(taskId),
    c.pending.get(taskId),
  ]);
  if (!doc) throw approvalErrors.taskNotFound(taskId);
  // The actor's own approval of it waits for its undo window: undo it before doing anything else.
  if (held?.state === 'pending' && held.userId === actor.userId) throw approvalErrors.approvalPending(taskId);
  const heldIt =
    !!last &&
    last.instanceId === doc.id &&
    (last.assignee === actor.userId ||
      !!last.candidateUsers?.includes(actor.userId) ||
      !!last.candidateGroups?.some((g) => actor.roles.includes(g)) ||
      last.onBehalfOf === actor.userId ||
      last.delegatedBy === actor.userId);
  const model = await c.flows.definitions.model(doc.definitionKey);
  const checked = { ...rule, heldIt };
  return { ref, checked, located: checkTask(doc, model, taskId, ref.tokenId, actor, checked) };
}

/** One atomic task action: checks and event built from the instance as written. */
export async function actOnTask(
  c: ActionContext,
  taskId: string,
  actor: Approver,
  rule: HolderRule,
  build: (l: Located) => FlowEvent,
): Promise<{ view: InstanceView; located: Located }> {
  const { ref, checked } = await preflight(c, taskId, actor, rule);
  let last: Located | undefined;
  const view = await c.flows.send(ref.instanceId, (doc, model) => {
    last = checkTask(doc, model, taskId, ref.tokenId, actor, checked);
    return build(last);
  });
  return { view, located: last! };
}

/** A request (instance) the actor takes part in, with its model; anyone else gets a 404. */
export async function requestOf(
  c: ActionContext,
  instanceId: string,
  actor: Approver,
): Promise<{ doc: StoredInstance; model: ProcessModel }> {
  const doc = await c.flows.runtime.instances.get(instanceId);
  if (!doc || !isParticipant(doc, actor)) throw approvalErrors.requestNotFound(instanceId);
  return { doc, model: await c.flows.definitions.model(doc.definitionKey) };
}
