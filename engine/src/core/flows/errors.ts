// Errors of flow commands that a caller can cause (completing a task that is already done, naming
// an element that does not exist …), as AppErrors with stable codes and en/zh-CN messages.
import type { AppError } from '../errors.ts';
import { badRequest, conflict, notFound } from '../errors.ts';

export const flowErrors = {
  instanceNotActive: (id: string, status: string): AppError =>
    conflict(
      'FLOW_INSTANCE_NOT_ACTIVE',
      `Process instance ${id} is ${status}; it cannot be changed any more.`,
      `流程实例 ${id} 已${status === 'completed' ? '完成' : '取消'}，不能再修改。`,
    ),
  taskNotOpen: (taskId: string): AppError =>
    conflict(
      'FLOW_TASK_NOT_OPEN',
      `Task ${taskId} is no longer open (it was completed or cancelled).`,
      `任务 ${taskId} 已不再处于待办状态（已完成或已取消）。`,
    ),
  taskNotFound: (taskId: string): AppError =>
    notFound('FLOW_TASK_NOT_FOUND', `Task ${taskId} does not exist.`, `任务 ${taskId} 不存在。`),
  tokenNotFound: (tokenId: string): AppError =>
    notFound(
      'FLOW_TOKEN_NOT_FOUND',
      `No active element instance ${tokenId} in this process instance.`,
      `该流程实例中没有活动的元素实例 ${tokenId}。`,
    ),
  notMultiInstance: (tokenId: string): AppError =>
    badRequest(
      'FLOW_NOT_MULTI_INSTANCE',
      `Element instance ${tokenId} is not part of a multi-instance activity.`,
      `元素实例 ${tokenId} 不属于多实例活动。`,
    ),
  incidentNotFound: (incidentId: string): AppError =>
    notFound(
      'FLOW_INCIDENT_NOT_FOUND',
      `Incident ${incidentId} does not exist or was resolved.`,
      `事件 ${incidentId} 不存在或已解决。`,
    ),
  elementUnknown: (elementId: string): AppError =>
    badRequest(
      'FLOW_ELEMENT_UNKNOWN',
      `The process has no element ${elementId}.`,
      `流程中没有元素 ${elementId}。`,
      [{ path: '/elementId', message: `unknown element ${elementId}`, messageZh: `未知元素 ${elementId}` }],
    ),
  elementNotActivatable: (elementId: string): AppError =>
    badRequest(
      'FLOW_ELEMENT_NOT_ACTIVATABLE',
      `Element ${elementId} cannot be activated directly (boundary events and start events cannot).`,
      `元素 ${elementId} 不能直接激活（边界事件和启动事件不可以）。`,
    ),
  ambiguousScope: (elementId: string): AppError =>
    badRequest(
      'FLOW_SCOPE_AMBIGUOUS',
      `Element ${elementId} is inside a sub-process that runs more than once; terminate by token instead.`,
      `元素 ${elementId} 所在的子流程有多个实例，无法确定激活位置。`,
    ),
  variablesInvalid: (detail: string): AppError =>
    badRequest(
      'FLOW_VARIABLES_INVALID',
      `Variables must be a JSON object: ${detail}.`,
      `变量必须是 JSON 对象：${detail}。`,
      [{ path: '/variables', message: detail, messageZh: detail }],
    ),
  alreadyStarted: (id: string): AppError =>
    conflict(
      'FLOW_INSTANCE_EXISTS',
      `Process instance ${id} has already started.`,
      `流程实例 ${id} 已经启动。`,
    ),
};

/** Rejects values that are not plain JSON objects (functions, cycles, non-finite numbers …). */
export function checkVariables(variables: unknown, what = 'variables'): Record<string, unknown> {
  if (variables === undefined || variables === null) return {};
  if (typeof variables !== 'object' || Array.isArray(variables))
    throw flowErrors.variablesInvalid(`${what} is not an object`);
  const problem = jsonProblem(variables, what, 0, new Set());
  if (problem) throw flowErrors.variablesInvalid(problem);
  return variables as Record<string, unknown>;
}

function jsonProblem(value: unknown, path: string, depth: number, seen: Set<object>): string | null {
  if (depth > 64) return `${path} is nested too deeply`;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${path} is not a finite number`;
  if (typeof value !== 'object') return `${path} is a ${typeof value}, not JSON`;
  if (seen.has(value)) return `${path} refers to itself`;
  seen.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = jsonProblem(value[i], `${path}[${i}]`, depth + 1, seen);
      if (p) return p;
    }
  } else {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return `${path} is not a plain object`;
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      const p = jsonProblem(v, `${path}.${k}`, depth + 1, seen);
      if (p) return p;
    }
  }
  seen.delete(value);
  return null;
}
