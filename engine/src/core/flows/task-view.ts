// The view of a user task that leaves the engine (task effects, the tasks collection, an
// instance's open tasks): the task's own fields, the instance's business key and requester, the
// multi-instance position, local variables, and the attributes layers above keep on the task.
import type { TaskView } from './events.ts';
import { taskIdOf, type InstanceState, type Token } from './instance.ts';
import { elementKeyOf } from './keys.ts';
import type { Named } from './names/localized-name.ts';

export function taskViewOf(
  inst: Readonly<InstanceState>,
  token: Token,
  /** The task's step: its name, and its Chinese name (shown to readers in Chinese). */
  step: Named | undefined,
  state: TaskView['state'],
  extra: Partial<TaskView> = {},
): TaskView {
  const task = token.task!;
  const view: TaskView = {
    id: taskIdOf(inst.id, token.id),
    instanceId: inst.id,
    processId: inst.processId,
    processVersion: inst.version,
    elementId: token.elementId,
    tokenId: token.id,
    state,
    createdAt: new Date(task.createdAt).toISOString(),
    version: task.version,
  };
  if (inst.key) view.key = elementKeyOf(inst.key, token.id);
  const name = task.name ?? step?.name;
  if (name) view.name = name;
  if (!task.name && step?.nameZh) view.nameZh = step.nameZh;
  if (task.assignee) view.assignee = task.assignee;
  if (task.candidateUsers?.length) view.candidateUsers = task.candidateUsers;
  if (task.candidateGroups?.length) view.candidateGroups = task.candidateGroups;
  if (task.formId) view.formId = task.formId;
  if (task.formKey) view.formKey = task.formKey;
  if (task.externalFormReference) view.externalFormReference = task.externalFormReference;
  if (task.dueDate) view.dueDate = task.dueDate;
  if (task.followUpDate) view.followUpDate = task.followUpDate;
  if (task.priority !== undefined) view.priority = task.priority;
  if (task.headers) view.headers = task.headers;
  if (inst.businessKey) view.businessKey = inst.businessKey;
  if (inst.startedBy) view.requester = inst.startedBy;
  if (token.inner && token.scope) {
    view.multiInstance = { bodyTokenId: token.scope, loopCounter: Number(token.vars?.loopCounter ?? 0) };
  }
  if (token.vars && Object.keys(token.vars).length > 0) view.localVariables = token.vars;
  if (task.attributes) for (const [k, v] of Object.entries(task.attributes)) if (!(k in view)) view[k] = v;
  return Object.assign(view, extra);
}
