// The approvals' error catalogue: every error of an approval action a caller can cause, defined
// once with its code, HTTP status and en/zh-CN message. A task the caller has nothing to do with
// is a 404 (its existence is not revealed); a task the caller can see but may not act on is a 403;
// a task already done is a 409.
import { defineErrors } from '../errors.ts';

export const approvalErrors = defineErrors('approvals', {
  taskNotFound: {
    code: 'APPROVAL_TASK_NOT_FOUND',
    status: 404,
    text: (taskId: string) => ({ en: `Task ${taskId} does not exist.`, zh: `任务 ${taskId} 不存在。` }),
  },
  notYourTask: {
    code: 'APPROVAL_NOT_YOUR_TASK',
    status: 403,
    text: (taskId: string) => ({
      en: `Task ${taskId} is not assigned to you; you cannot act on it.`,
      zh: `任务 ${taskId} 未分配给您，您不能处理。`,
    }),
  },
  taskDone: {
    code: 'APPROVAL_TASK_DONE',
    status: 409,
    text: (taskId: string, outcome?: string) => ({
      en: `Task ${taskId} is already done${outcome ? ` (${outcome})` : ''}.`,
      zh: `任务 ${taskId} 已处理${outcome ? `（${outcome}）` : ''}。`,
    }),
  },
  requestNotFound: {
    code: 'APPROVAL_REQUEST_NOT_FOUND',
    status: 404,
    text: (id: string) => ({ en: `Request ${id} does not exist.`, zh: `申请 ${id} 不存在。` }),
  },
  notYourRequest: {
    code: 'APPROVAL_NOT_YOUR_REQUEST',
    status: 403,
    text: (id: string) => ({
      en: `Only the requester may do this with request ${id}.`,
      zh: `只有申请人可以对申请 ${id} 执行此操作。`,
    }),
  },
  requestEnded: {
    code: 'APPROVAL_REQUEST_ENDED',
    status: 409,
    text: (id: string, status: string) => ({
      en: `Request ${id} has ended (${status}); it cannot be changed.`,
      zh: `申请 ${id} 已结束（${status}），不能再修改。`,
    }),
  },
  recallTooLate: {
    code: 'APPROVAL_RECALL_TOO_LATE',
    status: 409,
    text: (id: string) => ({
      en: `Request ${id} cannot be recalled: an approver has already acted on it.`,
      zh: `申请 ${id} 无法撤回：已有审批人处理过。`,
    }),
  },
  notClaimable: {
    code: 'APPROVAL_NOT_CLAIMABLE',
    status: 409,
    text: (taskId: string) => ({
      en: `Task ${taskId} is already assigned; only tasks offered to a group can be claimed.`,
      zh: `任务 ${taskId} 已有处理人；只有发给群组的任务可以认领。`,
    }),
  },
  notClaimedByYou: {
    code: 'APPROVAL_NOT_CLAIMED_BY_YOU',
    status: 409,
    text: (taskId: string) => ({
      en: `Task ${taskId} is not claimed by you or cannot be given back to its group.`,
      zh: `任务 ${taskId} 不是由您认领，或无法退回群组。`,
    }),
  },
  userUnknown: {
    code: 'APPROVAL_USER_UNKNOWN',
    status: 400,
    text: (field: string, userId: string) => ({
      en: `${userId} is not an active user.`,
      zh: `${userId} 不是有效的在职用户。`,
      details: [
        {
          path: `/${field}`,
          message: `unknown or inactive user ${userId}`,
          messageZh: `未知或停用的用户 ${userId}`,
        },
      ],
    }),
  },
  selfTarget: {
    code: 'APPROVAL_SELF_TARGET',
    status: 400,
    text: (field: string) => ({
      en: 'Choose someone other than yourself.',
      zh: '请选择您以外的其他人。',
      details: [{ path: `/${field}`, message: 'must be someone else', messageZh: '必须是其他人' }],
    }),
  },
  returnTargetInvalid: {
    code: 'APPROVAL_RETURN_TARGET_INVALID',
    status: 400,
    text: (elementId: string) => ({
      en: `The request can only be returned to the requester or to an approval step it has already passed; ${elementId} is neither.`,
      zh: `只能退回给申请人或已经过的审批步骤；${elementId} 两者都不是。`,
      details: [
        {
          path: '/to',
          message: `not an earlier step: ${elementId}`,
          messageZh: `不是已经过的步骤：${elementId}`,
        },
      ],
    }),
  },
  notReturned: {
    code: 'APPROVAL_NOT_RETURNED',
    status: 409,
    text: (taskId: string) => ({
      en: `Task ${taskId} is not a returned request waiting for resubmission.`,
      zh: `任务 ${taskId} 不是等待重新提交的退回申请。`,
    }),
  },
  notAFormRequest: {
    code: 'APPROVAL_NOT_A_FORM_REQUEST',
    status: 409,
    text: {
      en: 'This request has no form to change; resubmit it without data',
      zh: '此申请没有可修改的表单，请直接重新提交',
    },
  },
  actionNotAllowed: {
    code: 'APPROVAL_ACTION_NOT_ALLOWED',
    status: 409,
    text: (taskId: string, action: string, why: string, whyZh: string) => ({
      en: `${action} is not possible on task ${taskId}: ${why}.`,
      zh: `任务 ${taskId} 不能执行${action}：${whyZh}。`,
    }),
  },
  delegated: {
    code: 'APPROVAL_TASK_DELEGATED',
    status: 409,
    text: (taskId: string, delegate: string) => ({
      en: `Task ${taskId} is delegated to ${delegate}; wait until it comes back to you.`,
      zh: `任务 ${taskId} 已委派给 ${delegate}，请等待其处理后返回。`,
    }),
  },
  settingsInvalid: {
    code: 'APPROVAL_SETTINGS_INVALID',
    status: 400,
    text: (path: string, message: string, messageZh: string) => ({
      en: `Approval settings: ${message}.`,
      zh: `审批设置：${messageZh}。`,
      details: [{ path, message, messageZh }],
    }),
  },
  outOfOfficeInvalid: {
    code: 'OUT_OF_OFFICE_INVALID',
    status: 400,
    text: (path: string, message: string, messageZh: string) => ({
      en: `Out of office: ${message}.`,
      zh: `外出设置：${messageZh}。`,
      details: [{ path, message, messageZh }],
    }),
  },
  fieldsNotEditable: {
    code: 'APPROVAL_FIELD_NOT_EDITABLE',
    status: 403,
    text: (paths: string[], step: string) => ({
      en: `At "${step}" you may not change ${paths.map((p) => p.split('/').pop()).join(', ')}.`,
      zh: `在“${step}”步骤您不能修改 ${paths.map((p) => p.split('/').pop()).join('、')}。`,
      details: paths.map((path) => ({
        path,
        message: 'is not editable at this step',
        messageZh: '此步骤不可修改',
      })),
    }),
  },
  approvalPending: {
    code: 'APPROVAL_PENDING',
    status: 409,
    text: (taskId: string) => ({
      en: `Your approval of task ${taskId} is being sent; undo it first to do something else.`,
      zh: `您对任务 ${taskId} 的同意正在提交；如需其他操作，请先撤销。`,
    }),
  },
  nothingToUndo: {
    code: 'APPROVAL_NOTHING_TO_UNDO',
    status: 404,
    text: (taskId: string) => ({
      en: `There is no approval of task ${taskId} waiting to be sent.`,
      zh: `任务 ${taskId} 没有待提交的同意操作。`,
    }),
  },
  undoTooLate: {
    code: 'APPROVAL_UNDO_TOO_LATE',
    status: 409,
    text: (taskId: string) => ({
      en: `Too late to undo: the approval of task ${taskId} has been sent.`,
      zh: `无法撤销：任务 ${taskId} 的同意已提交。`,
    }),
  },
  commentRequired: {
    code: 'APPROVAL_COMMENT_REQUIRED',
    status: 400,
    text: {
      en: 'Please give a reason.',
      zh: '请填写理由。',
      details: [{ path: '/comment', message: 'is required', messageZh: '必填' }],
    },
  },
});

export type ApprovalErrorFactory = typeof approvalErrors;
export { AppError } from '../errors.ts';
