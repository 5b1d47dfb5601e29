// The error catalogue of external jobs and messages: what a job worker or a message publisher can
// get wrong, with Camunda 8's answers (a job that is gone is 404, one in the wrong state 409, a
// message id already buffered 409).
import { defineErrors } from '../errors.ts';

export const jobErrors = defineErrors('jobs', {
  notFound: {
    code: 'JOB_NOT_FOUND',
    status: 404,
    text: (key: string) => ({
      en: `Job ${key} does not exist: it was completed (by this or another worker), its instance moved on or was cancelled.`,
      zh: `作业 ${key} 不存在：它已被（本工作者或其他工作者）完成，或其流程实例已继续或被取消。`,
    }),
  },
  notActive: {
    code: 'JOB_NOT_ACTIVATABLE',
    status: 409,
    text: (key: string) => ({
      en: `Job ${key} failed with no retries left and waits on an incident; resolve the incident first.`,
      zh: `作业 ${key} 已无重试次数并处于事件（incident）中；请先处理该事件。`,
    }),
  },
  invalid: {
    code: 'JOB_REQUEST_INVALID',
    status: 400,
    text: (path: string, en: string, zh: string) => ({
      en: `The job request is invalid: ${path} ${en}.`,
      zh: `作业请求无效：${path} ${zh}。`,
      details: [{ path, message: en, messageZh: zh }],
    }),
  },
  messageExists: {
    code: 'MESSAGE_ALREADY_PUBLISHED',
    status: 409,
    text: (name: string, messageId: string) => ({
      en: `A message "${name}" with id ${messageId} was already published and is still buffered.`,
      zh: `ID 为 ${messageId} 的消息“${name}”已发布且仍在缓冲中。`,
    }),
  },
});
