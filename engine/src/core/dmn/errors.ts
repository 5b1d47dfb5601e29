// The decisions domain's errors: a DMN file with problems, a decision that is not deployed, and a
// decision whose evaluation fails (a UNIQUE table with two matching rules …) — the last one is
// also what a business rule task's incident says, so it names the decision and the rules.
import { defineErrors, type ErrorDetail } from '../errors.ts';
import type { DmnProblem } from './problems.ts';

/** Why an evaluation failed, in both languages, with the decision and the rules concerned. */
export class DecisionEvaluationError extends Error {
  constructor(
    readonly code: string,
    readonly decisionId: string,
    message: string,
    readonly messageZh: string,
    readonly ruleIds: string[] = [],
  ) {
    super(message);
    this.name = 'DecisionEvaluationError';
  }
}

export const decisionErrors = defineErrors('decisions', {
  invalidDefinition: {
    code: 'DECISION_DEFINITION_INVALID',
    status: 422,
    text: (problems: DmnProblem[], file?: string) => ({
      en: `${file ? `${file}: ` : ''}the DMN file has ${problems.length} problem${problems.length === 1 ? '' : 's'}; nothing was deployed.`,
      zh: `${file ? `${file}：` : ''}DMN 文件有 ${problems.length} 个问题；未部署。`,
      details: problems.map((p) => dmnProblemDetail(p, file)),
    }),
  },
  notFound: {
    code: 'DECISION_NOT_FOUND',
    status: 404,
    text: (decisionId: string, which?: string) =>
      which === undefined
        ? { en: `No decision ${decisionId} is deployed.`, zh: `未部署决策 ${decisionId}。` }
        : {
            en: `Decision ${decisionId} has no ${which}.`,
            zh: `决策 ${decisionId} 没有${which}。`,
          },
  },
  xmlMissing: {
    code: 'DECISION_XML_MISSING',
    status: 400,
    text: {
      en: 'Send the DMN XML as the body (application/xml) or as {"xml": "…"}.',
      zh: '请以请求体（application/xml）或 {"xml": "…"} 的形式发送 DMN XML。',
      details: [{ path: '/xml', message: 'is required', messageZh: '必填' }],
    },
  },
  evaluationFailed: {
    code: 'DECISION_EVALUATION_FAILED',
    status: 422,
    text: (e: DecisionEvaluationError) => ({
      en: e.message,
      zh: e.messageZh,
      details: [
        {
          path: '/decisionId',
          message: `${e.code} in ${e.decisionId}${e.ruleIds.length ? ` (rules ${e.ruleIds.join(', ')})` : ''}`,
          messageZh: `${e.code}：${e.decisionId}${e.ruleIds.length ? `（规则 ${e.ruleIds.join('、')}）` : ''}`,
        },
      ],
    }),
  },
  deploymentEmpty: {
    code: 'DEPLOYMENT_EMPTY',
    status: 400,
    text: {
      en: 'Send at least one file: {"files": [{"name": "….bpmn" or "….dmn", "content": "<xml…>"}]}.',
      zh: '请至少发送一个文件：{"files": [{"name": "….bpmn" 或 "….dmn", "content": "<xml…>"}]}。',
      details: [{ path: '/files', message: 'is empty', messageZh: '为空' }],
    },
  },
  deploymentFileKind: {
    code: 'DEPLOYMENT_FILE_KIND',
    status: 400,
    text: (index: number, name: string) => ({
      en: `File ${index + 1} ("${name}") is neither BPMN (.bpmn) nor DMN (.dmn).`,
      zh: `第 ${index + 1} 个文件（“${name}”）既不是 BPMN（.bpmn）也不是 DMN（.dmn）。`,
      details: [
        {
          path: `/files/${index}/name`,
          message: 'ends in .bpmn or .dmn',
          messageZh: '须以 .bpmn 或 .dmn 结尾',
        },
      ],
    }),
  },
  deploymentInvalid: {
    code: 'DEPLOYMENT_INVALID',
    status: 422,
    text: (details: ErrorDetail[]) => ({
      en: `The deployment has ${details.length} problem${details.length === 1 ? '' : 's'}; nothing was deployed.`,
      zh: `部署有 ${details.length} 个问题；未部署任何内容。`,
      details,
    }),
  },
});

/** One problem as an error detail: where it is (decision, rule, cell) and what is wrong. */
export function dmnProblemDetail(
  p: DmnProblem,
  file?: string,
): ErrorDetail & Omit<DmnProblem, 'message' | 'messageZh'> {
  const where = [p.decisionId, p.rule ? `rule ${p.rule}` : ''].filter(Boolean).join(', ');
  const whereZh = [p.decisionId, p.rule ? `规则 ${p.rule}` : ''].filter(Boolean).join('，');
  const prefix = file ? `${file} ` : '';
  const { message: _m, messageZh: _z, ...place } = p;
  return {
    path: `${file ? `/files/${file}` : ''}${p.elementId ? `/elements/${p.elementId}` : ''}`,
    message: `${prefix}${where ? `${where}: ` : ''}${p.message}`,
    messageZh: `${prefix}${whereZh ? `${whereZh}：` : ''}${p.messageZh}`,
    ...place,
  };
}
