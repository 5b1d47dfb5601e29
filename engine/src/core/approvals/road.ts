// A request's approval chain as its requester reads it (pure), DingTalk-style: every step with the
// people it goes to, how several of them decide, and the condition that puts it on the road — in
// both languages. Before submitting it is a dry run (core/flows/preview.ts) over the draft; after,
// the steps already taken (from the timeline), the steps open now (their holders) and the dry run
// of the rest.
import type { PathAssignment, PathCondition, PathPreview } from '../flows/preview.ts';
import type { OrgView } from '../org/org-view.ts';
import type { LocalizedText } from './messages.ts';
import { parseThreshold } from './settings.ts';
import type { TimelineEntry } from './timeline.ts';

export interface RoadPerson {
  id: string;
  name: string;
}

export type RoadState = 'done' | 'current' | 'upcoming' | 'conditional' | 'skipped';

export interface RoadStep {
  elementId: string;
  name: string;
  state: RoadState;
  /** done steps: approved, rejected, returned, auto-approved, skipped. */
  outcome?: string;
  /** Who it goes to (resolved), who holds it, or who acted. */
  people: RoadPerson[];
  /** Roles it is offered to (anyone of them may take it). */
  roles?: string[];
  /** How several people decide: one after another, all, any one, a vote. */
  mode?: 'sequential' | 'all' | 'any' | 'vote';
  /** A vote's share of approvals needed (0.6). */
  threshold?: number;
  at?: string;
  comment?: string;
  /** Why it is (or is not) on the road. */
  conditions?: Array<{ text: LocalizedText; result: boolean | null }>;
  /** Something to know: nobody found, an assignment that cannot be evaluated … */
  note?: LocalizedText;
}

const KEYWORDS: Record<string, LocalizedText> = {
  and: { en: 'and', 'zh-CN': '且' },
  or: { en: 'or', 'zh-CN': '或' },
  not: { en: 'not', 'zh-CN': '非' },
  true: { en: 'yes', 'zh-CN': '是' },
  false: { en: 'no', 'zh-CN': '否' },
  null: { en: 'empty', 'zh-CN': '空' },
};

/** What a condition's words stand for: a form field's label, a known value (a module setting). */
export interface ConditionWords {
  label(field: string): LocalizedText | undefined;
  value(path: string): unknown;
}

/**
 * A gateway condition in people's words: `total > settings.deptHeadThreshold` → "Total > 5000"
 * ("合计 > 5000"), prefixed with the gateway's question and the flow's answer when named.
 */
export function conditionText(c: PathCondition, words: ConditionWords): LocalizedText {
  const render = (lang: 'en' | 'zh-CN'): string => {
    if (!c.expression) return lang === 'en' ? 'otherwise' : '其他情况';
    return c.expression
      .replace(/"[^"]*"|[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*|!=|<=|>=/g, (token) => {
        if (token.startsWith('"')) return token;
        if (token === '!=') return '≠';
        if (token === '<=') return '≤';
        if (token === '>=') return '≥';
        const kw = KEYWORDS[token];
        if (kw) return kw[lang];
        const label = words.label(token);
        if (label) return label[lang] || label.en;
        const value = words.value(token);
        if (value !== undefined && value !== null && typeof value !== 'object') return String(value);
        return token;
      })
      .replace(/\s+/g, ' ')
      .trim();
  };
  const head = (lang: 'en' | 'zh-CN'): string =>
    [c.gatewayName, c.flowName].filter(Boolean).join(lang === 'en' ? ' → ' : ' → ');
  const text = (lang: 'en' | 'zh-CN'): string => {
    const h = head(lang);
    return h ? `${h}: ${render(lang)}` : render(lang);
  };
  return { en: text('en'), 'zh-CN': text('zh-CN') };
}

const person = (org: OrgView, id: string): RoadPerson => ({ id, name: org.user(id)?.displayName ?? id });

const NOBODY: LocalizedText = {
  en: 'Nobody found to approve this step: the flow’s fallback applies.',
  'zh-CN': '此步骤找不到审批人：将按流程的兜底规则处理。',
};

/** The people an assignment reaches (the requester never approves their own request through a role). */
export function assignmentPeople(
  a: PathAssignment,
  org: OrgView,
  requesterId: string | null,
): Pick<RoadStep, 'people' | 'roles' | 'mode' | 'threshold' | 'note'> {
  const out: Pick<RoadStep, 'people' | 'roles' | 'mode' | 'threshold' | 'note'> = { people: [] };
  if (a.error) {
    out.note = {
      en: `Who approves cannot be worked out yet (${a.error}).`,
      'zh-CN': `暂时无法确定审批人（${a.error}）。`,
    };
    return out;
  }
  const active = (id: string): boolean => org.userCount === 0 || org.user(id)?.active === true;
  const ids: string[] = [];
  if (a.each) {
    ids.push(...a.each.users.filter(active));
    const mode = a.headers?.approvalMode?.trim();
    out.mode = a.each.sequential ? 'sequential' : mode === 'any' ? 'any' : mode === 'vote' ? 'vote' : 'all';
    if (out.mode === 'vote') out.threshold = parseThreshold(a.headers?.approvalThreshold ?? '') ?? 0.5;
  } else {
    if (a.assignee && active(a.assignee)) ids.push(a.assignee);
    for (const u of a.candidateUsers ?? []) if (active(u)) ids.push(u);
    if (a.candidateGroups?.length) {
      out.roles = a.candidateGroups;
      for (const g of a.candidateGroups)
        for (const m of org.membersOfRole(g)) if (m !== requesterId) ids.push(m);
    }
    if (!a.assignee && ids.length > 1) out.mode = 'any';
  }
  out.people = [...new Set(ids)].map((id) => person(org, id));
  // People a decision on the way will name are not missing: nothing to warn about yet.
  if (!out.people.length && !a.later) out.note = NOBODY;
  return out;
}

/** The road ahead from a dry run: the steps it passes and those it skips, in people's words. */
export function roadAhead(
  preview: PathPreview,
  env: { org: OrgView; requesterId: string | null; words: ConditionWords; exclude?: ReadonlySet<string> },
): { steps: RoadStep[]; skipped: RoadStep[] } {
  const conds = (list: PathCondition[]) =>
    list.map((c) => ({ text: conditionText(c, env.words), result: c.result }));
  const steps = preview.steps
    .filter((s) => !env.exclude?.has(s.elementId))
    .map<RoadStep>((s) => ({
      elementId: s.elementId,
      name: s.name ?? s.elementId,
      state: s.certainty === 'certain' ? 'upcoming' : 'conditional',
      ...assignmentPeople(s.assignment, env.org, env.requesterId),
      ...(s.conditions.length ? { conditions: conds(s.conditions) } : {}),
    }));
  const skipped = preview.skipped
    .filter((s) => !env.exclude?.has(s.elementId))
    .map<RoadStep>((s) => ({
      elementId: s.elementId,
      name: s.name ?? s.elementId,
      state: 'skipped',
      people: [],
      conditions: conds(s.conditions),
    }));
  return { steps, skipped };
}

const DONE_ACTIONS: Record<string, string> = {
  approve: 'approved',
  complete: 'approved',
  'delegate-resolve': 'approved',
  reject: 'rejected',
  return: 'returned',
  'auto-approve': 'auto-approved',
  skip: 'skipped',
};

/** The steps already taken, oldest first, from the request's timeline. */
export function roadTaken(entries: readonly TimelineEntry[], org: OrgView): RoadStep[] {
  const out: RoadStep[] = [];
  for (const e of entries) {
    const done = DONE_ACTIONS[e.action];
    if (!done || !e.elementId) continue;
    const outcome = e.action === 'complete' || e.action === 'delegate-resolve' ? (e.outcome ?? done) : done;
    out.push({
      elementId: e.elementId,
      name: e.stepName ?? e.elementId,
      state: 'done',
      outcome: outcome === 'auto-approved' || outcome === 'approved' ? outcome : done,
      people: e.by ? [person(org, e.by)] : [],
      at: e.at,
      ...(e.comment ? { comment: e.comment } : {}),
    });
  }
  return out;
}
