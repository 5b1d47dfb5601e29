// Errors of approval actions a caller can cause, as AppErrors with stable codes and en/zh-CN
// messages. A task the caller has nothing to do with is a 404 (its existence is not revealed);
// a task the caller can see but may not act on is a 403; a task already done is a 409.
import { AppError, badRequest, conflict, forbidden, notFound } from '../errors.ts';

export const approvalErrors = {
  taskNotFound: (taskId: string): AppError =>
    notFound('APPROVAL_TASK_NOT_FOUND', `Task ${taskId} does not exist.`, `任务 ${taskId} 不存在。`),
  notYourTask: (taskId: string): AppError =>
    forbidden(
      'APPROVAL_NOT_YOUR_TASK',
      `Task ${taskId} is not assigned to you; you cannot act on it.`,
      `任务 ${taskId} 未分配给您，您不能处理。`,
    ),
  taskDone: (taskId: string, outcome?: string): AppError =>
    conflict(
      'APPROVAL_TASK_DONE',
      `Task ${taskId} is already done${outcome ? ` (${outcome})` : ''}.`,
      `任务 ${taskId} 已处理${outcome ? `（${outcome}）` : ''}。`,
    ),
  requestNotFound: (id: string): AppError =>
    notFound('APPROVAL_REQUEST_NOT_FOUND', `Request ${id} does not exist.`, `申请 ${id} 不存在。`),
  notYourRequest: (id: string): AppError =>
    forbidden(
      'APPROVAL_NOT_YOUR_REQUEST',
      `Only the requester may do this with request ${id}.`,
      `只有申请人可以对申请 ${id} 执行此操作。`,
    ),
  requestEnded: (id: string, status: string): AppError =>
    conflict(
      'APPROVAL_REQUEST_ENDED',
      `Request ${id} has ended (${status}); it cannot be changed.`,
      `申请 ${id} 已结束（${status}），不能再修改。`,
    ),
  recallTooLate: (id: string): AppError =>
    conflict(
      'APPROVAL_RECALL_TOO_LATE',
      `Request ${id} cannot be recalled: an approver has already acted on it.`,
      `申请 ${id} 无法撤回：已有审批人处理过。`,
    ),
  notClaimable: (taskId: string): AppError =>
    conflict(
      'APPROVAL_NOT_CLAIMABLE',
      `Task ${taskId} is already assigned; only tasks offered to a group can be claimed.`,
      `任务 ${taskId} 已有处理人；只有发给群组的任务可以认领。`,
    ),
  notClaimedByYou: (taskId: string): AppError =>
    conflict(
      'APPROVAL_NOT_CLAIMED_BY_YOU',
      `Task ${taskId} is not claimed by you or cannot be given back to its group.`,
      `任务 ${taskId} 不是由您认领，或无法退回群组。`,
    ),
  userUnknown: (field: string, userId: string): AppError =>
    badRequest(
      'APPROVAL_USER_UNKNOWN',
      `${userId} is not an active user.`,
      `${userId} 不是有效的在职用户。`,
      [
        {
          path: `/${field}`,
          message: `unknown or inactive user ${userId}`,
          messageZh: `未知或停用的用户 ${userId}`,
        },
      ],
    ),
  selfTarget: (field: string): AppError =>
    badRequest('APPROVAL_SELF_TARGET', 'Choose someone other than yourself.', '请选择您以外的其他人。', [
      { path: `/${field}`, message: 'must be someone else', messageZh: '必须是其他人' },
    ]),
  returnTargetInvalid: (elementId: string): AppError =>
    badRequest(
      'APPROVAL_RETURN_TARGET_INVALID',
      `The request can only be returned to the requester or to an approval step it has already passed; ${elementId} is neither.`,
      `只能退回给申请人或已经过的审批步骤；${elementId} 两者都不是。`,
      [
        {
          path: '/to',
          message: `not an earlier step: ${elementId}`,
          messageZh: `不是已经过的步骤：${elementId}`,
        },
      ],
    ),
  notReturned: (taskId: string): AppError =>
    conflict(
      'APPROVAL_NOT_RETURNED',
      `Task ${taskId} is not a returned request waiting for resubmission.`,
      `任务 ${taskId} 不是等待重新提交的退回申请。`,
    ),
  actionNotAllowed: (taskId: string, action: string, why: string, whyZh: string): AppError =>
    conflict(
      'APPROVAL_ACTION_NOT_ALLOWED',
      `${action} is not possible on task ${taskId}: ${why}.`,
      `任务 ${taskId} 不能执行${action}：${whyZh}。`,
    ),
  delegated: (taskId: string, delegate: string): AppError =>
    conflict(
      'APPROVAL_TASK_DELEGATED',
      `Task ${taskId} is delegated to ${delegate}; wait until it comes back to you.`,
      `任务 ${taskId} 已委派给 ${delegate}，请等待其处理后返回。`,
    ),
  settingsInvalid: (path: string, message: string, messageZh: string): AppError =>
    badRequest('APPROVAL_SETTINGS_INVALID', `Approval settings: ${message}.`, `审批设置：${messageZh}。`, [
      { path, message, messageZh },
    ]),
  outOfOfficeInvalid: (path: string, message: string, messageZh: string): AppError =>
    badRequest('OUT_OF_OFFICE_INVALID', `Out of office: ${message}.`, `外出设置：${messageZh}。`, [
      { path, message, messageZh },
    ]),
  commentRequired: (): AppError =>
    badRequest('APPROVAL_COMMENT_REQUIRED', 'Please give a reason.', '请填写理由。', [
      { path: '/comment', message: 'is required', messageZh: '必填' },
    ]),
};

export type ApprovalErrorFactory = typeof approvalErrors;
export { AppError };
