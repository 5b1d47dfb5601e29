// The texts of approval notifications, in English and Chinese (the notification centre shows
// each person their language).
export interface LocalizedText {
  en: string;
  'zh-CN': string;
}

const t = (en: string, zh: string): LocalizedText => ({ en, 'zh-CN': zh });

export interface NoticeSubject {
  /** The step (task name) or the flow name: one text, or both languages. */
  step: string | LocalizedText;
  /**
   * The request: its flow's name, or — when known — its name in both languages with its title and
   * amount (`Expense claim “Customer visit” ¥5,500.50`, summary.ts requestLabel).
   */
  flow: string | LocalizedText;
  /** Who caused the notice (display name or id). */
  who?: string;
  comment?: string;
}

const en = (flow: string | LocalizedText): string => (typeof flow === 'string' ? flow : flow.en);
const zh = (flow: string | LocalizedText): string =>
  typeof flow === 'string' ? flow : flow['zh-CN'] || flow.en;
const suffix = (c?: string): string => (c ? `: ${c}` : '');
const suffixZh = (c?: string): string => (c ? `：${c}` : '');

export const notices = {
  assigned: (s: NoticeSubject): LocalizedText =>
    t(`New task "${en(s.step)}": ${en(s.flow)}`, `新待办「${zh(s.step)}」：${zh(s.flow)}`),
  assignedOnBehalf: (s: NoticeSubject & { absent: string }): LocalizedText =>
    t(
      `New task "${en(s.step)}" on behalf of ${s.absent}, who is out of office: ${en(s.flow)}`,
      `新待办「${zh(s.step)}」，代 ${s.absent}（外出）处理：${zh(s.flow)}`,
    ),
  wentToProxy: (s: NoticeSubject & { proxy: string }): LocalizedText =>
    t(
      `While you are away, "${en(s.step)}" went to ${s.proxy}: ${en(s.flow)}`,
      `您外出期间，「${zh(s.step)}」已交由 ${s.proxy} 处理：${zh(s.flow)}`,
    ),
  transferred: (s: NoticeSubject): LocalizedText =>
    t(
      `${s.who} transferred "${en(s.step)}" to you: ${en(s.flow)}`,
      `${s.who} 将「${zh(s.step)}」转交给您：${zh(s.flow)}`,
    ),
  delegated: (s: NoticeSubject): LocalizedText =>
    t(
      `${s.who} asks you to handle "${en(s.step)}" for them: ${en(s.flow)}`,
      `${s.who} 委托您处理「${zh(s.step)}」：${zh(s.flow)}`,
    ),
  delegationBack: (s: NoticeSubject & { outcome: string }): LocalizedText =>
    t(
      `${s.who} handled "${en(s.step)}" for you (${s.outcome}); please confirm: ${en(s.flow)}`,
      `${s.who} 已代您处理「${zh(s.step)}」（${s.outcome}），请确认：${zh(s.flow)}`,
    ),
  signerAdded: (s: NoticeSubject): LocalizedText =>
    t(
      `${s.who} added you as a signer of "${en(s.step)}": ${en(s.flow)}`,
      `${s.who} 邀请您加签「${zh(s.step)}」：${zh(s.flow)}`,
    ),
  backToYou: (s: NoticeSubject): LocalizedText =>
    t(
      `${s.who} signed "${en(s.step)}"; it is back with you: ${en(s.flow)}`,
      `${s.who} 已加签「${zh(s.step)}」，现回到您处：${zh(s.flow)}`,
    ),
  returned: (s: NoticeSubject): LocalizedText =>
    t(
      `${s.who} returned your request ${en(s.flow)} for changes${suffix(s.comment)}`,
      `${s.who} 退回了您的申请${zh(s.flow)}，请修改后重新提交${suffixZh(s.comment)}`,
    ),
  returnedToStep: (s: NoticeSubject): LocalizedText =>
    t(
      `${s.who} returned the request ${en(s.flow)} to "${en(s.step)}"`,
      `${s.who} 将申请${zh(s.flow)}退回至「${zh(s.step)}」`,
    ),
  withdrawn: (s: NoticeSubject): LocalizedText =>
    t(
      `${s.who} withdrew their request ${en(s.flow)}; its task is gone`,
      `${s.who} 撤回了申请${zh(s.flow)}，相关待办已取消`,
    ),
  cc: (s: NoticeSubject): LocalizedText =>
    t(`${s.who} sent you a copy of a request: ${en(s.flow)}`, `${s.who} 抄送给您一个申请：${zh(s.flow)}`),
  commented: (s: NoticeSubject): LocalizedText =>
    t(
      `${s.who} commented on the request ${en(s.flow)}${suffix(s.comment)}`,
      `${s.who} 评论了申请${zh(s.flow)}${suffixZh(s.comment)}`,
    ),
  reminder: (s: NoticeSubject & { due?: string }): LocalizedText =>
    t(
      `Reminder: "${en(s.step)}" is waiting for you${s.due ? `, due ${s.due}` : ''}: ${en(s.flow)}`,
      `提醒：「${zh(s.step)}」等待您处理${s.due ? `，截止 ${s.due}` : ''}：${zh(s.flow)}`,
    ),
  escalatedToYou: (s: NoticeSubject & { from: string }): LocalizedText =>
    t(
      `"${en(s.step)}" is overdue with ${s.from} and was escalated to you: ${en(s.flow)}`,
      `「${zh(s.step)}」在 ${s.from} 处超时，已升级给您：${zh(s.flow)}`,
    ),
  escalatedAway: (s: NoticeSubject & { to: string }): LocalizedText =>
    t(
      `"${en(s.step)}" was overdue and went to ${s.to}: ${en(s.flow)}`,
      `「${zh(s.step)}」已超时，已转由 ${s.to} 处理：${zh(s.flow)}`,
    ),
  overdueReport: (s: NoticeSubject & { holder: string }): LocalizedText =>
    t(
      `"${en(s.step)}" is overdue with ${s.holder}: ${en(s.flow)}`,
      `「${zh(s.step)}」在 ${s.holder} 处已超时：${zh(s.flow)}`,
    ),
  ended: (s: NoticeSubject & { outcome: string }): LocalizedText => {
    const outcomes: Record<string, string> = {
      approved: '已通过',
      rejected: '已被拒绝',
      withdrawn: '已撤回',
      cancelled: '已取消',
      completed: '已完成',
    };
    return t(
      `Your request ${en(s.flow)} was ${s.outcome}`,
      `您的申请${zh(s.flow)}${outcomes[s.outcome] ?? s.outcome}`,
    );
  },
  noApprover: (s: NoticeSubject & { reason: string }): LocalizedText =>
    t(
      `No approver for "${en(s.step)}": ${s.reason} (${en(s.flow)})`,
      `「${zh(s.step)}」找不到审批人：${s.reason}（${zh(s.flow)}）`,
    ),
  notSent: (s: NoticeSubject & { reason: LocalizedText }): LocalizedText =>
    t(
      `Your approval of "${en(s.step)}" could not be sent (${s.reason.en}): ${en(s.flow)}`,
      `您对「${zh(s.step)}」的同意未能提交（${s.reason['zh-CN']}）：${zh(s.flow)}`,
    ),
};
