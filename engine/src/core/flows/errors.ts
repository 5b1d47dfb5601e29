// The flows' error catalogue: every error of a flow definition, instance or command that a
// caller can cause (a definition with problems, completing a task that is already done, naming an
// element that does not exist …), defined once with its code, HTTP status and en/zh-CN message.
import { defineErrors, type ErrorDetail } from '../errors.ts';
import type { BpmnProblem } from './problems.ts';

export const flowErrors = defineErrors('flows', {
  // ---- definitions ----
  invalidDefinition: {
    code: 'FLOW_DEFINITION_INVALID',
    status: 422,
    text: (problems: BpmnProblem[]) => ({
      en: `The BPMN definition has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was deployed.`,
      zh: `BPMN 定义有 ${problems.length} 个问题；未部署。`,
      details: problems.map(problemDetail),
    }),
  },
  definitionNotFound: {
    code: 'FLOW_DEFINITION_NOT_FOUND',
    status: 404,
    text: (processId: string, version?: number) =>
      version === undefined
        ? { en: `No process ${processId} is deployed.`, zh: `未部署流程 ${processId}。` }
        : {
            en: `Process ${processId} has no version ${version}.`,
            zh: `流程 ${processId} 没有版本 ${version}。`,
          },
  },
  xmlMissing: {
    code: 'FLOW_XML_MISSING',
    status: 400,
    text: {
      en: 'Send the BPMN XML as the body (application/xml) or as {"xml": "…"}.',
      zh: '请以请求体（application/xml）或 {"xml": "…"} 的形式发送 BPMN XML。',
      details: [{ path: '/xml', message: 'is required', messageZh: '必填' }],
    },
  },
  formFileInvalid: {
    code: 'FLOW_FORM_FILE_INVALID',
    status: 400,
    text: (index: number, what: string) => ({
      en: `Form file ${index + 1} ${what}: send Camunda forms (.form files) as their JSON.`,
      zh: `第 ${index + 1} 个表单文件${what === 'is not JSON' ? '不是 JSON' : '缺少表单 ID'}：请以 JSON 形式发送 Camunda 表单（.form 文件）。`,
      details: [
        {
          path: `/forms/${index}`,
          message: what,
          messageZh: what === 'is not JSON' ? '不是 JSON' : '缺少表单 ID',
        },
      ],
    }),
  },
  // ---- instances ----
  instanceNotFound: {
    code: 'FLOW_INSTANCE_NOT_FOUND',
    status: 404,
    text: (id: string) => ({ en: `Process instance ${id} does not exist.`, zh: `流程实例 ${id} 不存在。` }),
  },
  badInstanceId: {
    code: 'FLOW_INSTANCE_ID_INVALID',
    status: 400,
    text: (id: string) => ({
      en: `"${id}" is not a valid instance id.`,
      zh: `“${id}”不是有效的实例 ID。`,
      details: [
        {
          path: '/instanceId',
          message: 'letters, digits, "_", "." and "-" only',
          messageZh: '只能包含字母、数字、"_"、"." 和 "-"',
        },
      ],
    }),
  },
  alreadyStarted: {
    code: 'FLOW_INSTANCE_EXISTS',
    status: 409,
    text: (id: string) => ({
      en: `Process instance ${id} has already started.`,
      zh: `流程实例 ${id} 已经启动。`,
    }),
  },
  busy: {
    code: 'FLOW_INSTANCE_BUSY',
    status: 409,
    text: (id: string) => ({
      en: `Process instance ${id} kept changing while this request ran; try again.`,
      zh: `流程实例 ${id} 在处理请求时持续变化，请重试。`,
    }),
  },
  instanceNotActive: {
    code: 'FLOW_INSTANCE_NOT_ACTIVE',
    status: 409,
    text: (id: string, status: string) => ({
      en: `Process instance ${id} is ${status}; it cannot be changed any more.`,
      zh: `流程实例 ${id} 已${status === 'completed' ? '完成' : '取消'}，不能再修改。`,
    }),
  },
  variablesInvalid: {
    code: 'FLOW_VARIABLES_INVALID',
    status: 400,
    text: (detail: string) => ({
      en: `Variables must be a JSON object: ${detail}.`,
      zh: `变量必须是 JSON 对象：${detail}。`,
      details: [{ path: '/variables', message: detail, messageZh: detail }],
    }),
  },
  // ---- commands on an instance ----
  eventInvalid: {
    code: 'FLOW_EVENT_INVALID',
    status: 400,
    text: (type: string) => ({
      en: `a batch cannot hold a ${type} event`,
      zh: `批量事件不能包含 ${type} 事件`,
    }),
  },
  inputInvalid: {
    code: 'FLOW_INPUT_INVALID',
    status: 400,
    text: (key: string) => ({
      en: `${key} must be text`,
      zh: `${key} 必须是文本`,
      details: [{ path: `/${key}`, message: 'must be a string', messageZh: '必须是字符串' }],
    }),
  },
  taskNotOpen: {
    code: 'FLOW_TASK_NOT_OPEN',
    status: 409,
    text: (taskId: string) => ({
      en: `Task ${taskId} is no longer open (it was completed or cancelled).`,
      zh: `任务 ${taskId} 已不再处于待办状态（已完成或已取消）。`,
    }),
  },
  taskNotFound: {
    code: 'FLOW_TASK_NOT_FOUND',
    status: 404,
    text: (taskId: string) => ({ en: `Task ${taskId} does not exist.`, zh: `任务 ${taskId} 不存在。` }),
  },
  tokenNotFound: {
    code: 'FLOW_TOKEN_NOT_FOUND',
    status: 404,
    text: (tokenId: string) => ({
      en: `No active element instance ${tokenId} in this process instance.`,
      zh: `该流程实例中没有活动的元素实例 ${tokenId}。`,
    }),
  },
  notMultiInstance: {
    code: 'FLOW_NOT_MULTI_INSTANCE',
    status: 400,
    text: (tokenId: string) => ({
      en: `Element instance ${tokenId} is not part of a multi-instance activity.`,
      zh: `元素实例 ${tokenId} 不属于多实例活动。`,
    }),
  },
  incidentNotFound: {
    code: 'FLOW_INCIDENT_NOT_FOUND',
    status: 404,
    text: (incidentId: string) => ({
      en: `Incident ${incidentId} does not exist or was resolved.`,
      zh: `事件 ${incidentId} 不存在或已解决。`,
    }),
  },
  elementUnknown: {
    code: 'FLOW_ELEMENT_UNKNOWN',
    status: 400,
    text: (elementId: string) => ({
      en: `The process has no element ${elementId}.`,
      zh: `流程中没有元素 ${elementId}。`,
      details: [
        { path: '/elementId', message: `unknown element ${elementId}`, messageZh: `未知元素 ${elementId}` },
      ],
    }),
  },
  elementNotActivatable: {
    code: 'FLOW_ELEMENT_NOT_ACTIVATABLE',
    status: 400,
    text: (elementId: string) => ({
      en: `Element ${elementId} cannot be activated directly (boundary events and start events cannot).`,
      zh: `元素 ${elementId} 不能直接激活（边界事件和启动事件不可以）。`,
    }),
  },
  noStartEvent: {
    code: 'FLOW_NO_NONE_START_EVENT',
    status: 409,
    text: (processId: string) => ({
      en: `Process ${processId} starts only by a message; publish the message instead.`,
      zh: `流程 ${processId} 只能由消息启动；请改为发布消息。`,
    }),
  },
  ambiguousScope: {
    code: 'FLOW_SCOPE_AMBIGUOUS',
    status: 400,
    text: (elementId: string) => ({
      en: `Element ${elementId} is inside a sub-process that runs more than once; terminate by token instead.`,
      zh: `元素 ${elementId} 所在的子流程有多个实例，无法确定激活位置。`,
    }),
  },
});

/** One detail per deploy problem: the element is named in the message and pointed at by the path. */
export function problemDetail(
  p: BpmnProblem,
): ErrorDetail & { code: string; elementId?: string; elementName?: string } {
  const who = p.elementId ? `${p.elementId}${p.elementName ? ` "${p.elementName}"` : ''}: ` : '';
  return {
    path: p.elementId ? `/elements/${p.elementId}` : '',
    message: `${who}${p.message}`,
    messageZh: `${who}${p.messageZh}`,
    code: p.code,
    ...(p.elementId ? { elementId: p.elementId } : {}),
    ...(p.elementName ? { elementName: p.elementName } : {}),
  };
}

/** Rejects values that are not plain JSON objects (functions, cycles, non-finite numbers …). */
export function checkVariables(variables: unknown, what = 'variables'): Record<string, unknown> {
  if (variables === undefined || variables === null) return {};
  if (typeof variables !== 'object' || Array.isArray(variables))
    throw flowErrors.variablesInvalid(`${what} is not an object`);
  const problem = jsonProblem(variables, 0, new Set());
  if (problem)
    throw flowErrors.variablesInvalid(`${what}${problem.path.reverse().join('')} ${problem.reason}`);
  return variables as Record<string, unknown>;
}

/**
 * What makes a value not JSON, with the path to it (its segments innermost first: they are only
 * put together for a value that fails, since every start and completion checks its variables).
 */
function jsonProblem(
  value: unknown,
  depth: number,
  seen: Set<object>,
): { path: string[]; reason: string } | null {
  if (depth > 64) return { path: [], reason: 'is nested too deeply' };
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number')
    return Number.isFinite(value) ? null : { path: [], reason: 'is not a finite number' };
  if (typeof value !== 'object') return { path: [], reason: `is a ${typeof value}, not JSON` };
  if (seen.has(value)) return { path: [], reason: 'refers to itself' };
  seen.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = jsonProblem(value[i], depth + 1, seen);
      if (p) {
        p.path.push(`[${i}]`);
        return p;
      }
    }
  } else {
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return { path: [], reason: 'is not a plain object' };
    const record = value as Record<string, unknown>;
    for (const k of Object.keys(record)) {
      const v = record[k];
      if (v === undefined) continue;
      const p = jsonProblem(v, depth + 1, seen);
      if (p) {
        p.path.push(`.${k}`);
        return p;
      }
    }
  }
  seen.delete(value);
  return null;
}
