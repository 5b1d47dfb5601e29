// Errors of the flow service (definitions and instances) a caller can cause.
import { AppError, notFound, unprocessable, conflict, type ErrorDetail } from '#engine/core/errors.ts';
import type { BpmnProblem } from '#engine/core/flows/problems.ts';

export const flowServiceErrors = {
  invalidDefinition: (problems: BpmnProblem[]): AppError =>
    unprocessable(
      'FLOW_DEFINITION_INVALID',
      `The BPMN definition has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was deployed.`,
      `BPMN 定义有 ${problems.length} 个问题；未部署。`,
      problems.map(problemDetail),
    ),
  definitionNotFound: (processId: string, version?: number): AppError =>
    notFound(
      'FLOW_DEFINITION_NOT_FOUND',
      version === undefined
        ? `No process ${processId} is deployed.`
        : `Process ${processId} has no version ${version}.`,
      version === undefined ? `未部署流程 ${processId}。` : `流程 ${processId} 没有版本 ${version}。`,
    ),
  instanceNotFound: (id: string): AppError =>
    notFound('FLOW_INSTANCE_NOT_FOUND', `Process instance ${id} does not exist.`, `流程实例 ${id} 不存在。`),
  busy: (id: string): AppError =>
    conflict(
      'FLOW_INSTANCE_BUSY',
      `Process instance ${id} kept changing while this request ran; try again.`,
      `流程实例 ${id} 在处理请求时持续变化，请重试。`,
    ),
  badInstanceId: (id: string): AppError =>
    new AppError(
      400,
      'FLOW_INSTANCE_ID_INVALID',
      `"${id}" is not a valid instance id.`,
      `“${id}”不是有效的实例 ID。`,
      [
        {
          path: '/instanceId',
          message: 'letters, digits, "_", "." and "-" only',
          messageZh: '只能包含字母、数字、"_"、"." 和 "-"',
        },
      ],
    ),
};

/** One detail per problem: the element is named in the message and pointed at by the path. */
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
