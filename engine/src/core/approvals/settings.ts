// Approval rules configurable per flow (process id), as the flow binding of a module declares them
// (schemas/flow-binding.schema.json: autoApprove, noAssigneeFallback) plus whether out-of-office
// proxies apply. A user task may override them with zeebe:taskHeaders:
//   autoApprove        "requesterIsApprover, sameApproverConsecutive, noApprover" or "none"
//   noAssignee         "skip" | "assign" | "incident"      noAssigneeUser  a user id
//   approvalMode       "all" (countersign, default) | "any" (or-sign) | "vote"   — multi-instance
//   approvalThreshold  "0.6" or "60%" (vote: share of approvals needed)
import { approvalErrors } from './errors.ts';
import { normalizeFieldPermissions, type FieldPermissions } from './field-access.ts';

export type AutoApproveRule = 'requesterIsApprover' | 'sameApproverConsecutive' | 'noApprover';
export const AUTO_APPROVE_RULES: readonly AutoApproveRule[] = [
  'requesterIsApprover',
  'sameApproverConsecutive',
  'noApprover',
];

export type NoAssigneeFallback = { type: 'skip' } | { type: 'incident' } | { type: 'assign'; user?: string };

export interface ApprovalSettings {
  autoApprove: Record<AutoApproveRule, boolean>;
  /** Nobody to assign: skip the step, give it to a user (default: an administrator), or raise an incident. */
  noAssigneeFallback: NoAssigneeFallback;
  /** New tasks of absent users go to their out-of-office proxy. */
  proxies: boolean;
  /**
   * Per step (and `requester`), which form fields are editable, read-only or hidden (field-access.ts).
   * Absent: the flow's catalogue entry's, else the defaults.
   */
  fieldPermissions?: FieldPermissions;
}

/** What a flow without settings does: no auto-approval, an incident when nobody can act, proxies on. */
export const DEFAULT_SETTINGS: ApprovalSettings = Object.freeze({
  autoApprove: Object.freeze({
    requesterIsApprover: false,
    sameApproverConsecutive: false,
    noApprover: false,
  }) as Record<AutoApproveRule, boolean>,
  noAssigneeFallback: Object.freeze({ type: 'incident' }) as NoAssigneeFallback,
  proxies: true,
}) as ApprovalSettings;

export type ApprovalSettingsInput = {
  autoApprove?: Partial<Record<AutoApproveRule, boolean>>;
  noAssigneeFallback?: { type: string; user?: string };
  proxies?: boolean;
  /** null: none of the flow's own (the catalogue entry's or the defaults apply). */
  fieldPermissions?: unknown;
};

/** Checks and completes settings given by a user or a module (unknown rules are an error). */
export function normalizeSettings(input: ApprovalSettingsInput | undefined | null): ApprovalSettings {
  const out: ApprovalSettings = {
    autoApprove: { ...DEFAULT_SETTINGS.autoApprove },
    noAssigneeFallback: { ...DEFAULT_SETTINGS.noAssigneeFallback },
    proxies: DEFAULT_SETTINGS.proxies,
  };
  if (!input) return out;
  for (const [rule, on] of Object.entries(input.autoApprove ?? {})) {
    if (!AUTO_APPROVE_RULES.includes(rule as AutoApproveRule))
      throw approvalErrors.settingsInvalid(
        `/autoApprove/${rule}`,
        `unknown auto-approve rule ${rule}`,
        `未知的自动审批规则 ${rule}`,
      );
    out.autoApprove[rule as AutoApproveRule] = on === true;
  }
  const fb = input.noAssigneeFallback;
  if (fb) {
    if (fb.type === 'skip' || fb.type === 'incident') out.noAssigneeFallback = { type: fb.type };
    else if (fb.type === 'assign')
      out.noAssigneeFallback = fb.user ? { type: 'assign', user: fb.user } : { type: 'assign' };
    else
      throw approvalErrors.settingsInvalid(
        '/noAssigneeFallback/type',
        `unknown fallback ${String(fb.type)} (skip, assign or incident)`,
        `未知的兜底方式 ${String(fb.type)}（skip、assign 或 incident）`,
      );
  }
  if (input.proxies !== undefined) out.proxies = input.proxies === true;
  if (input.fieldPermissions !== undefined && input.fieldPermissions !== null)
    out.fieldPermissions = normalizeFieldPermissions(input.fieldPermissions);
  return out;
}

export type ApprovalMode = { kind: 'all' } | { kind: 'any' } | { kind: 'vote'; threshold: number };

/** The rules for one task: the flow's settings with the task's header overrides. */
export interface TaskRules {
  autoApprove: Record<AutoApproveRule, boolean>;
  noAssigneeFallback: NoAssigneeFallback;
  proxies: boolean;
  mode: ApprovalMode;
}

const list = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** Parses a threshold "0.6", "60%" or "60"; null when it is not a share between 0 and 1. */
export function parseThreshold(text: string): number | null {
  const t = text.trim();
  const pct = t.endsWith('%');
  const n = Number(pct ? t.slice(0, -1) : t);
  if (!Number.isFinite(n)) return null;
  const share = pct || n > 1 ? n / 100 : n;
  return share > 0 && share <= 1 ? share : null;
}

export function taskRules(
  settings: ApprovalSettings,
  headers: Record<string, string> | undefined,
): TaskRules {
  const rules: TaskRules = {
    autoApprove: { ...settings.autoApprove },
    noAssigneeFallback: settings.noAssigneeFallback,
    proxies: settings.proxies,
    mode: { kind: 'all' },
  };
  if (!headers) return rules;
  if (headers.autoApprove !== undefined) {
    const named = list(headers.autoApprove);
    for (const rule of AUTO_APPROVE_RULES) rules.autoApprove[rule] = named.includes(rule);
  }
  const fb = headers.noAssignee?.trim();
  if (fb === 'skip' || fb === 'incident') rules.noAssigneeFallback = { type: fb };
  else if (fb === 'assign')
    rules.noAssigneeFallback = headers.noAssigneeUser
      ? { type: 'assign', user: headers.noAssigneeUser.trim() }
      : { type: 'assign' };
  const mode = headers.approvalMode?.trim();
  if (mode === 'any') rules.mode = { kind: 'any' };
  else if (mode === 'vote')
    rules.mode = { kind: 'vote', threshold: parseThreshold(headers.approvalThreshold ?? '') ?? 0.5 };
  return rules;
}

/** Header problems worth reporting when a flow is deployed (they would be ignored otherwise). */
export function headerProblems(
  headers: Record<string, string> | undefined,
): Array<{ en: string; zh: string }> {
  if (!headers) return [];
  const out: Array<{ en: string; zh: string }> = [];
  if (headers.autoApprove !== undefined) {
    for (const r of list(headers.autoApprove))
      if (r !== 'none' && !AUTO_APPROVE_RULES.includes(r as AutoApproveRule))
        out.push({
          en: `task header autoApprove: unknown rule "${r}" (${AUTO_APPROVE_RULES.join(', ')} or none)`,
          zh: `任务头 autoApprove：未知规则“${r}”（${AUTO_APPROVE_RULES.join('、')} 或 none）`,
        });
  }
  if (headers.noAssignee !== undefined && !['skip', 'assign', 'incident'].includes(headers.noAssignee.trim()))
    out.push({
      en: `task header noAssignee: "${headers.noAssignee}" is not skip, assign or incident`,
      zh: `任务头 noAssignee：“${headers.noAssignee}”不是 skip、assign 或 incident`,
    });
  if (headers.approvalMode !== undefined && !['all', 'any', 'vote'].includes(headers.approvalMode.trim()))
    out.push({
      en: `task header approvalMode: "${headers.approvalMode}" is not all, any or vote`,
      zh: `任务头 approvalMode：“${headers.approvalMode}”不是 all、any 或 vote`,
    });
  if (headers.approvalThreshold !== undefined && parseThreshold(headers.approvalThreshold) === null)
    out.push({
      en: `task header approvalThreshold: "${headers.approvalThreshold}" is not a share such as 0.6 or 60%`,
      zh: `任务头 approvalThreshold：“${headers.approvalThreshold}”不是 0.6 或 60% 这样的比例`,
    });
  return out;
}

/** Deploy-time problems of a model's approval task headers, one per problem, at its element. */
export function approvalModelProblems(model: {
  elements: Record<string, { id: string; name?: string; type: string; headers?: Record<string, string> }>;
}): Array<{ code: string; elementId: string; elementName?: string; message: string; messageZh: string }> {
  const out = [];
  for (const el of Object.values(model.elements)) {
    if (el.type !== 'userTask') continue;
    for (const p of headerProblems(el.headers))
      out.push({
        code: 'APPROVAL_HEADER_INVALID',
        elementId: el.id,
        ...(el.name ? { elementName: el.name } : {}),
        message: p.en,
        messageZh: p.zh,
      });
  }
  return out;
}
