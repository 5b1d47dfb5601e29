// The error catalogue of Camunda's REST API as Forma serves it (/v2) and of the API tokens its
// clients sign in with. Replies carry them as Camunda's problem details (title, status, detail)
// with Forma's code, the Chinese message and the field paths beside them.
import { defineErrors } from '../errors.ts';

export const camundaErrors = defineErrors('camunda', {
  /** Basic or bearer credentials that name no live API token (or a token of another account). */
  tokenInvalid: {
    code: 'API_TOKEN_INVALID',
    status: 401,
    text: {
      en: 'The API token is unknown, revoked, or belongs to another account.',
      zh: 'API 令牌无效、已被吊销，或不属于该账户。',
    },
  },
  tokenNotFound: {
    code: 'API_TOKEN_NOT_FOUND',
    status: 404,
    text: (id: string) => ({
      en: `There is no API token ${id} for this account.`,
      zh: `该账户没有 API 令牌 ${id}。`,
    }),
  },
  accountNotFound: {
    code: 'SERVICE_ACCOUNT_NOT_FOUND',
    status: 404,
    text: (id: string) => ({
      en: `There is no active user ${id} to hold API tokens.`,
      zh: `没有可持有 API 令牌的有效用户 ${id}。`,
    }),
  },
  deploymentInvalid: {
    code: 'DEPLOYMENT_REQUEST_INVALID',
    status: 400,
    text: (en: string, zh: string) => ({
      en: `The deployment cannot be read: ${en}.`,
      zh: `无法读取部署请求：${zh}。`,
      details: [{ path: '/resources', message: en, messageZh: zh }],
    }),
  },
  processInstanceNotFound: {
    code: 'PROCESS_INSTANCE_NOT_FOUND',
    status: 404,
    text: (key: string) => ({
      en: `There is no process instance with key ${key}.`,
      zh: `没有键为 ${key} 的流程实例。`,
    }),
  },
  processDefinitionNotFound: {
    code: 'PROCESS_DEFINITION_NOT_FOUND',
    status: 404,
    text: (what: string) => ({ en: `There is no process definition ${what}.`, zh: `没有流程定义 ${what}。` }),
  },
  userTaskNotFound: {
    code: 'USER_TASK_NOT_FOUND',
    status: 404,
    text: (key: string) => ({
      en: `There is no open user task with key ${key}.`,
      zh: `没有键为 ${key} 的待办用户任务。`,
    }),
  },
  messageNotCorrelated: {
    code: 'MESSAGE_NOT_CORRELATED',
    status: 404,
    text: (name: string) => ({
      en: `No process instance waits for message "${name}" with this correlation key, and no process starts with it.`,
      zh: `没有流程实例在等待该关联键的消息“${name}”，也没有流程由它启动。`,
    }),
  },
  requestInvalid: {
    code: 'CAMUNDA_REQUEST_INVALID',
    status: 400,
    text: (path: string, en: string, zh: string) => ({
      en: `The request is invalid: ${path} ${en}.`,
      zh: `请求无效：${path} ${zh}。`,
      details: [{ path, message: en, messageZh: zh }],
    }),
  },
});
