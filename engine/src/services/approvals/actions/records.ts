// What an action writes besides its event: the facts of its history entry (attachments, on whose
// behalf), who has acted on the task, the decision variables gateways read, and the reply.
import { decisionVariables } from '#engine/core/approvals/outcomes.ts';
import type { Variables } from '#engine/core/flows/events.ts';
import type { InstanceState } from '#engine/core/flows/instance.ts';
import { visibleVariables } from '#engine/core/flows/variables.ts';
import type { InstanceView } from '../../flows/flow-service.ts';
import type { ActionContext, ActionInput, ActionResult, Approver, Located } from './types.ts';

/** Variables people may not set through an action: they carry the approval record itself. */
const RESERVED = new Set(['approval', 'approvals', 'requester', 'record']);

export function nowIso(c: ActionContext): string {
  return new Date(c.clock.now()).toISOString();
}

/** Variables an approver may set with an action, without the reserved approval record. */
export function cleanVariables(variables: Variables | undefined): Variables {
  if (!variables) return {};
  return Object.fromEntries(Object.entries(variables).filter(([k]) => !RESERVED.has(k)));
}

/** The proxy's principal when the actor holds the task as an out-of-office proxy. */
export function onBehalfOf(l: Located, actor: Approver): string | undefined {
  const o = l.token.task!.attributes?.onBehalfOf;
  return typeof o === 'string' && l.token.task!.assignee === actor.userId ? o : undefined;
}

/** The `data` of the history entry: attachments, on whose behalf, and the action's own facts. */
export function historyData(
  l: Located,
  actor: Approver,
  input: ActionInput,
  extra: Record<string, unknown> = {},
): Record<string, unknown> | undefined {
  const data: Record<string, unknown> = { ...extra };
  if (input.attachments?.length) data.attachments = input.attachments;
  const principal = onBehalfOf(l, actor);
  if (principal) data.onBehalfOf = principal;
  return Object.keys(data).length ? data : undefined;
}

/** Everyone who has acted on the task, the actor included (a request nobody acted on can be recalled). */
export function actedBy(l: Located, actor: Approver): string[] {
  const list = l.token.task!.attributes?.actedBy;
  const prior = Array.isArray(list) ? (list as string[]) : [];
  return prior.includes(actor.userId) ? prior : [...prior, actor.userId];
}

/** The `approval`/`approvals` variables after this decision, as gateways read them. */
export function decision(
  c: ActionContext,
  l: Located,
  actor: Approver | null,
  outcome: string,
  comment?: string,
): Variables {
  const principal = actor ? onBehalfOf(l, actor) : undefined;
  return decisionVariables(visibleVariables(l.doc as InstanceState, l.token.id), {
    outcome,
    elementId: l.token.elementId,
    taskId: l.taskId,
    at: nowIso(c),
    ...(actor ? { by: actor.userId } : {}),
    ...(principal ? { onBehalfOf: principal } : {}),
    ...(comment ? { comment } : {}),
  });
}

/** The reply of a task action: the instance status and the tasks open after it. */
export function actionResult(taskId: string, view: InstanceView, result: string): ActionResult {
  return {
    taskId,
    instanceId: view.id,
    result,
    status: view.status,
    openTasks: view.openTasks.map((t) => ({
      id: t.id,
      elementId: t.elementId,
      ...(t.name ? { name: t.name } : {}),
      ...(t.assignee ? { assignee: t.assignee } : {}),
      ...(t.candidateGroups ? { candidateGroups: t.candidateGroups } : {}),
    })),
  };
}
