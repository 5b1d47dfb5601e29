// User task: the token waits for a person. On entry the assignment (assignee, candidate users and
// groups — fixed or FEEL), form, schedule (due / follow-up dates), priority and headers are
// evaluated; an injected assignment hook may then assign differently, complete the task at once
// (auto-approve, skip) or raise an incident (nobody to assign). The task is announced through a
// `task.opened` effect and closed with `task.closed` (completed or cancelled).
import { isExpression } from '#engine/core/feel/feel.ts';
import type { TaskChanges, TaskView, Variables } from '../events.ts';
import type { Token } from '../instance.ts';
import type { UserTaskElement } from '../model.ts';
import type { Run } from '../run.ts';
import type { AssignmentDecision } from '../step-context.ts';
import { parseDate } from '../timers.ts';
import type { Executor } from './types.ts';

/** A list from FEEL (a list or a comma-separated string) or from a literal "a, b". */
function toList(value: unknown): string[] | undefined {
  if (value === null || value === undefined) return undefined;
  const items = Array.isArray(value) ? value : String(value).split(',');
  const list = items
    .filter((v) => v !== null && v !== undefined)
    .map((v) => String(v).trim())
    .filter(Boolean);
  return list.length ? [...new Set(list)] : undefined;
}

function toDate(value: unknown, what: string): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const at = typeof value === 'string' ? parseDate(value) : null;
  if (at === null) throw new Error(`${what} ${JSON.stringify(value)} is not an ISO 8601 date-time`);
  return new Date(at).toISOString();
}

export const userTask: Executor<UserTaskElement> = {
  enter(run, token, element) {
    let assignee: string | undefined;
    let candidateUsers: string[] | undefined;
    let candidateGroups: string[] | undefined;
    let dueDate: string | undefined;
    let followUpDate: string | undefined;
    let priority: number | undefined;
    let externalFormReference: string | undefined;
    try {
      const a = element.assignment ?? {};
      if (a.assignee) {
        const v = run.valueOf(a.assignee, token);
        assignee = v === null || v === undefined || v === '' ? undefined : String(v);
      }
      if (a.candidateUsers) candidateUsers = toList(run.valueOf(a.candidateUsers, token));
      if (a.candidateGroups) candidateGroups = toList(run.valueOf(a.candidateGroups, token));
      if (element.dueDate) dueDate = toDate(run.valueOf(element.dueDate, token), 'dueDate');
      if (element.followUpDate)
        followUpDate = toDate(run.valueOf(element.followUpDate, token), 'followUpDate');
      if (element.priority) {
        const p = Number(run.valueOf(element.priority, token));
        if (!Number.isFinite(p)) throw new Error(`priority ${element.priority} is not a number`);
        priority = p;
      }
      if (element.externalFormReference) {
        const ref = isExpression(element.externalFormReference)
          ? run.evaluate(element.externalFormReference, token)
          : element.externalFormReference;
        if (ref !== null && ref !== undefined) externalFormReference = String(ref);
      }
    } catch (e) {
      run.raiseIncident(
        token,
        'expression-failed',
        `task assignment or schedule: ${(e as Error).message}`,
        'enter',
      );
      return;
    }
    let decision: AssignmentDecision = { kind: 'assign' };
    if (run.ctx.assignTask) {
      try {
        decision = run.ctx.assignTask({
          instance: run.instance,
          elementId: element.id,
          tokenId: token.id,
          ...(element.name ? { name: element.name } : {}),
          ...(assignee ? { assignee } : {}),
          ...(candidateUsers ? { candidateUsers } : {}),
          ...(candidateGroups ? { candidateGroups } : {}),
          ...(element.headers ? { headers: element.headers } : {}),
          variables: run.visibleVariables(token),
          ...(token.inner && token.scope
            ? {
                multiInstance: {
                  bodyTokenId: token.scope,
                  loopCounter: Number(token.vars?.loopCounter ?? 0),
                },
              }
            : {}),
        });
      } catch (e) {
        decision = { kind: 'incident', message: (e as Error).message };
      }
    }
    if (decision.kind === 'incident') {
      run.raiseIncident(token, 'assignment-failed', decision.message, 'enter');
      return;
    }
    if (decision.kind === 'assign') {
      if (decision.assignee !== undefined) assignee = decision.assignee || undefined;
      if (decision.candidateUsers !== undefined) candidateUsers = toList(decision.candidateUsers);
      if (decision.candidateGroups !== undefined) candidateGroups = toList(decision.candidateGroups);
    }
    token.task = {
      createdAt: run.now,
      version: run.nextSeq(),
      ...(assignee ? { assignee } : {}),
      ...(candidateUsers ? { candidateUsers } : {}),
      ...(candidateGroups ? { candidateGroups } : {}),
      ...(element.formId ? { formId: element.formId } : {}),
      ...(element.formKey ? { formKey: element.formKey } : {}),
      ...(externalFormReference ? { externalFormReference } : {}),
      ...(dueDate ? { dueDate } : {}),
      ...(followUpDate ? { followUpDate } : {}),
      ...(priority !== undefined ? { priority } : {}),
      ...(element.headers ? { headers: element.headers } : {}),
      ...(decision.kind === 'assign' && decision.attributes ? { attributes: decision.attributes } : {}),
    };
    if (decision.kind === 'complete') {
      completeUserTask(run, token, { ...decision, announce: false });
      return;
    }
    run.emit({ kind: 'task.opened', task: run.taskView(token, 'open') });
  },

  terminate(run, token) {
    if (!token.task) return;
    token.task.version = run.nextSeq();
    run.emit({
      kind: 'task.closed',
      task: run.taskView(token, 'cancelled', {
        outcome: 'cancelled',
        completedAt: new Date(run.now).toISOString(),
      }),
    });
  },
};

export interface TaskCompletion {
  variables?: Variables;
  localVariables?: Variables;
  outcome?: string;
  by?: string;
  comment?: string;
  action?: string;
  data?: Record<string, unknown>;
  /** False when the task was never announced (completed by the assignment hook on entry). */
  announce?: boolean;
  /** End the instance after this task (as a process-level terminate end event would). */
  endInstance?: boolean;
}

/** Completes an open user task: history, the closing effect, then variables and the flow. */
export function completeUserTask(run: Run, token: Token, c: TaskCompletion): void {
  const outcome = c.outcome ?? 'completed';
  token.task!.version = run.nextSeq();
  const closed: Partial<TaskView> = { outcome, completedAt: new Date(run.now).toISOString() };
  if (c.by) closed.completedBy = c.by;
  if (c.comment) closed.comment = c.comment;
  run.record('task.completed', {
    elementId: token.elementId,
    tokenId: token.id,
    by: c.by,
    outcome,
    comment: c.comment,
    action: c.action,
    data: c.data,
  });
  const view = run.taskView(token, 'completed', closed);
  if (c.action) view.action = c.action;
  run.emit({ kind: 'task.closed', task: view });
  // The outcome is visible as the local variable `outcome` (output mappings, outputElement,
  // completionCondition) unless the caller sets it explicitly.
  const localVariables = { outcome, ...c.localVariables };
  if (c.endInstance) {
    // The result variables land where they live (output mappings do not run: the flow stops here).
    for (const [k, v] of Object.entries(c.variables ?? {})) run.propagate(token, k, v);
    run.remove(token, 'completed');
    for (const other of Object.values(run.instance.tokens)) if (other.scope === null) run.terminate(other);
    run.endInstance('completed', c.by ? { by: c.by } : {});
    return;
  }
  run.complete(token, { ...(c.variables ? { variables: c.variables } : {}), localVariables });
}

/** Applies assignee / candidates / dates changes to an open task (transfer, claim, delegate …). */
export function updateUserTask(
  run: Run,
  token: Token,
  changes: TaskChanges,
  meta: { by?: string; action?: string; comment?: string; data?: Record<string, unknown> },
): void {
  const task = token.task!;
  const applied: Record<string, unknown> = {};
  const setOrClear = <K extends 'assignee' | 'dueDate' | 'followUpDate'>(
    key: K,
    value: string | null | undefined,
  ): void => {
    if (value === undefined) return;
    if (key !== 'assignee') value = value === null ? null : toDate(value, key)!;
    if (value === null || value === '') delete task[key];
    else task[key] = value;
    applied[key] = value;
  };
  setOrClear('assignee', changes.assignee);
  setOrClear('dueDate', changes.dueDate);
  setOrClear('followUpDate', changes.followUpDate);
  for (const key of ['candidateUsers', 'candidateGroups'] as const) {
    const value = changes[key];
    if (value === undefined) continue;
    const list = value === null ? undefined : toList(value);
    if (list) task[key] = list;
    else delete task[key];
    applied[key] = list ?? null;
  }
  if (changes.priority !== undefined) {
    if (changes.priority === null) delete task.priority;
    else task.priority = changes.priority;
    applied.priority = changes.priority;
  }
  if (changes.attributes) {
    const attrs = { ...task.attributes };
    for (const [k, v] of Object.entries(changes.attributes)) {
      if (v === null) delete attrs[k];
      else attrs[k] = v;
    }
    if (Object.keys(attrs).length) task.attributes = attrs;
    else delete task.attributes;
    applied.attributes = changes.attributes;
  }
  task.version = run.nextSeq();
  run.record('task.updated', {
    elementId: token.elementId,
    tokenId: token.id,
    by: meta.by,
    action: meta.action,
    comment: meta.comment,
    data: { ...meta.data, changes: applied },
  });
  run.emit({ kind: 'task.updated', task: run.taskView(token, 'open') });
}
