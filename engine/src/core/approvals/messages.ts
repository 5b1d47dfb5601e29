// The texts of approval notifications, in English and Chinese (the notification centre shows
// each person their language).
export interface LocalizedText {
  en: string;
  'zh-CN': string;
}

const t = (en: string, zh: string): LocalizedText => ({ en, 'zh-CN': zh });

export interface NoticeSubject {
  /** The step (task name) or the flow name. */
  step: string;
  /** The request's flow name. */
  flow: string;
  /** Who caused the notice (display name or id). */
  who?: string;
  comment?: string;
}

const suffix = (c?: string): string => (c ? `: ${c}` : '');
const suffixZh = (c?: string): string => (c ? `：${c}` : '');

export const notices = {
  assigned: (s: NoticeSubject): LocalizedText =>
    t(`New task "${s.step}" (${s.flow})`, `新待办「${s.step}」（${s.flow}）`),
  assignedOnBehalf: (s: NoticeSubject & { absent: string }): LocalizedText =>
    t(
      `New task "${s.step}" (${s.flow}) on behalf of ${s.absent}, who is out of office`,
      `新待办「${s.step}」（${s.flow}），代 ${s.absent}（外出）处理`,
    ),
  wentToProxy: (s: NoticeSubject & { proxy: string }): LocalizedText =>
    t(
      `While you are away, "${s.step}" (${s.flow}) went to ${s.proxy}`,
      `您外出期间，「${s.step}」（${s.flow}）已交由 ${s.proxy} 处理`,
    ),
  transferred: (s: NoticeSubject): LocalizedText =>
    t(`${s.who} transferred "${s.step}" (${s.flow}) to you`, `${s.who} 将「${s.step}」（${s.flow}）转交给您`),
  delegated: (s: NoticeSubject): LocalizedText =>
    t(
      `${s.who} asks you to handle "${s.step}" (${s.flow}) for them`,
      `${s.who} 委托您处理「${s.step}」（${s.flow}）`,
    ),
  delegationBack: (s: NoticeSubject & { outcome: string }): LocalizedText =>
    t(
      `${s.who} handled "${s.step}" (${s.flow}) for you (${s.outcome}); please confirm`,
      `${s.who} 已代您处理「${s.step}」（${s.flow}，${s.outcome}），请确认`,
    ),
  signerAdded: (s: NoticeSubject): LocalizedText =>
    t(
      `${s.who} added you as a signer of "${s.step}" (${s.flow})`,
      `${s.who} 邀请您加签「${s.step}」（${s.flow}）`,
    ),
  backToYou: (s: NoticeSubject): LocalizedText =>
    t(
      `${s.who} signed "${s.step}" (${s.flow}); it is back with you`,
      `${s.who} 已加签「${s.step}」（${s.flow}），现回到您处`,
    ),
  returned: (s: NoticeSubject): LocalizedText =>
    t(
      `${s.who} returned your request (${s.flow}) for changes${suffix(s.comment)}`,
      `${s.who} 退回了您的申请（${s.flow}），请修改后重新提交${suffixZh(s.comment)}`,
    ),
  returnedToStep: (s: NoticeSubject): LocalizedText =>
    t(
      `${s.who} returned the request (${s.flow}) to "${s.step}"`,
      `${s.who} 将申请（${s.flow}）退回至「${s.step}」`,
    ),
  withdrawn: (s: NoticeSubject): LocalizedText =>
    t(
      `${s.who} withdrew their request (${s.flow}); its task is gone`,
      `${s.who} 撤回了申请（${s.flow}），相关待办已取消`,
    ),
  cc: (s: NoticeSubject): LocalizedText =>
    t(`${s.who} sent you a copy of a request (${s.flow})`, `${s.who} 抄送给您一个申请（${s.flow}）`),
  commented: (s: NoticeSubject): LocalizedText =>
    t(
      `${s.who} commented on a request (${s.flow})${suffix(s.comment)}`,
      `${s.who} 评论了申请（${s.flow}）${suffixZh(s.comment)}`,
    ),
  reminder: (s: NoticeSubject & { due?: string }): LocalizedText =>
    t(
      `Reminder: "${s.step}" (${s.flow}) is waiting for you${s.due ? `, due ${s.due}` : ''}`,
      `提醒：「${s.step}」（${s.flow}）等待您处理${s.due ? `，截止 ${s.due}` : ''}`,
    ),
  escalatedToYou: (s: NoticeSubject & { from: string }): LocalizedText =>
    t(
      `"${s.step}" (${s.flow}) is overdue with ${s.from} and was escalated to you`,
      `「${s.step}」（${s.flow}）在 ${s.from} 处超时，已升级给您`,
    ),
  escalatedAway: (s: NoticeSubject & { to: string }): LocalizedText =>
    t(
      `"${s.step}" (${s.flow}) was overdue and went to ${s.to}`,
      `「${s.step}」（${s.flow}）已超时，已转由 ${s.to} 处理`,
    ),
  overdueReport: (s: NoticeSubject & { holder: string }): LocalizedText =>
    t(
      `"${s.step}" (${s.flow}) is overdue with ${s.holder}`,
      `「${s.step}」（${s.flow}）在 ${s.holder} 处已超时`,
    ),
  ended: (s: NoticeSubject & { outcome: string }): LocalizedText => {
    const zh: Record<string, string> = {
      approved: '已通过',
      rejected: '已被拒绝',
      withdrawn: '已撤回',
      cancelled: '已取消',
      completed: '已完成',
    };
    return t(
      `Your request (${s.flow}) was ${s.outcome}`,
      `您的申请（${s.flow}）${zh[s.outcome] ?? s.outcome}`,
    );
  },
  noApprover: (s: NoticeSubject & { reason: string }): LocalizedText =>
    t(
      `No approver for "${s.step}" (${s.flow}): ${s.reason}`,
      `「${s.step}」（${s.flow}）找不到审批人：${s.reason}`,
    ),
};
