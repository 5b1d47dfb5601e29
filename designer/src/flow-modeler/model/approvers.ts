// "Who approves, and how they decide" in an analyst's terms ⇄ the zeebe attributes of a user task
// (pure). The result is standard Camunda 8 BPMN that the engine's approvals layer reads
// (engine/src/core/approvals): assignees are FEEL over the org functions manager(requester),
// managers(requester, n), deptHead(requester), role("…"); several approvers become a
// multi-instance task over them (inputElement `approver`), and how they decide is the task header
// approvalMode — all (countersign), any (or-sign), vote with approvalThreshold — or a sequential
// multi-instance (one after another, stopping at the first rejection).

export const APPROVER_TYPES = ['manager', 'managers', 'deptHead', 'role', 'users', 'feel'] as const;
export type ApproverType = (typeof APPROVER_TYPES)[number];

export const SIGN_MODES = ['all', 'any', 'vote', 'sequential'] as const;
export type SignMode = (typeof SIGN_MODES)[number];

export interface ApproverConfig {
  type: ApproverType;
  /** managers: how many levels up (1–10). */
  levels?: number;
  /** role: the role id. */
  role?: string;
  /** users: user ids. */
  users?: string[];
  /** With several approvers: how they decide. */
  mode: SignMode;
  /** vote: share of approvals needed, in percent. */
  votePercent?: number;
  /** feel: the attributes as written. */
  feel?: { assignee?: string; candidateUsers?: string; candidateGroups?: string; inputCollection?: string };
}

/** The zeebe side of a user task's assignment. */
export interface TaskAssignment {
  assignee?: string;
  candidateUsers?: string;
  candidateGroups?: string;
  /** Multi-instance over the approvers; null: a single task. */
  loop: { sequential: boolean; inputCollection: string; inputElement: string } | null;
  /** approvalMode / approvalThreshold (other headers are the caller's to keep). */
  headers: { approvalMode?: string; approvalThreshold?: string };
}

export const APPROVER_ELEMENT = 'approver';

const quote = (s: string): string => JSON.stringify(s);

/** Whether a configuration has several approvers (so the sign mode matters). */
export function hasSeveral(config: ApproverConfig): boolean {
  switch (config.type) {
    case 'managers':
      return true;
    case 'role':
      return true;
    case 'users':
      return (config.users?.length ?? 0) > 1;
    case 'feel':
      return !!config.feel?.inputCollection;
    default:
      return false;
  }
}

function modeHeaders(config: ApproverConfig): TaskAssignment['headers'] {
  if (config.mode === 'any') return { approvalMode: 'any' };
  if (config.mode === 'vote')
    return { approvalMode: 'vote', approvalThreshold: `${clampPercent(config.votePercent)}%` };
  return { approvalMode: 'all' };
}

const clampPercent = (p: number | undefined): number => Math.min(100, Math.max(1, Math.round(p ?? 50)));

function over(collection: string, config: ApproverConfig): TaskAssignment {
  return {
    assignee: `=${APPROVER_ELEMENT}`,
    loop: {
      sequential: config.mode === 'sequential',
      inputCollection: collection,
      inputElement: APPROVER_ELEMENT,
    },
    headers: modeHeaders(config),
  };
}

export function toAssignment(config: ApproverConfig): TaskAssignment {
  switch (config.type) {
    case 'manager':
      return { assignee: '=manager(requester)', loop: null, headers: {} };
    case 'deptHead':
      return { assignee: '=deptHead(requester)', loop: null, headers: {} };
    case 'managers':
      return over(
        `=managers(requester, ${Math.min(10, Math.max(1, Math.round(config.levels ?? 2)))})`,
        config,
      );
    case 'role':
      if (config.mode === 'any') return { candidateGroups: config.role ?? '', loop: null, headers: {} };
      return over(`=role(${quote(config.role ?? '')})`, config);
    case 'users': {
      const users = config.users ?? [];
      if (users.length <= 1) return { assignee: users[0] ?? '', loop: null, headers: {} };
      if (config.mode === 'any') return { candidateUsers: users.join(','), loop: null, headers: {} };
      return over(`=[${users.map(quote).join(', ')}]`, config);
    }
    case 'feel': {
      const f = config.feel ?? {};
      const out: TaskAssignment = { loop: null, headers: {} };
      if (f.assignee) out.assignee = f.assignee;
      if (f.candidateUsers) out.candidateUsers = f.candidateUsers;
      if (f.candidateGroups) out.candidateGroups = f.candidateGroups;
      if (f.inputCollection) {
        out.loop = {
          sequential: config.mode === 'sequential',
          inputCollection: f.inputCollection,
          inputElement: APPROVER_ELEMENT,
        };
        out.headers = modeHeaders(config);
      }
      return out;
    }
  }
}

const MANAGERS = /^=\s*managers\(\s*requester\s*,\s*(\d+)\s*\)\s*$/;
const ROLE = /^=\s*role\(\s*"([^"\\]+)"\s*\)\s*$/;
const USER_LIST = /^=\s*\[(\s*"[^"\\]*"\s*(,\s*"[^"\\]*"\s*)*)\]\s*$/;
const GROUP = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const USER_ID = /^[A-Za-z0-9][A-Za-z0-9._@-]*$/;

function modeOf(a: TaskAssignment): { mode: SignMode; votePercent?: number } {
  if (a.loop?.sequential) return { mode: 'sequential' };
  const mode = a.headers.approvalMode?.trim();
  if (mode === 'any') return { mode: 'any' };
  if (mode === 'vote') {
    const t = (a.headers.approvalThreshold ?? '').trim();
    const n = Number(t.endsWith('%') ? t.slice(0, -1) : t);
    const percent = Number.isFinite(n) ? (t.endsWith('%') || n > 1 ? n : n * 100) : 50;
    return { mode: 'vote', votePercent: Math.round(percent) };
  }
  return { mode: 'all' };
}

/**
 * Reads a task's assignment back; anything not written by toAssignment becomes `feel`, and a task
 * without any assignment gives null (nobody chosen yet).
 */
export function fromAssignment(a: TaskAssignment): ApproverConfig | null {
  const { assignee, candidateUsers, candidateGroups, loop } = a;
  const feel = (): ApproverConfig => ({
    type: 'feel',
    ...modeOf(a),
    feel: {
      ...(assignee ? { assignee } : {}),
      ...(candidateUsers ? { candidateUsers } : {}),
      ...(candidateGroups ? { candidateGroups } : {}),
      ...(loop ? { inputCollection: loop.inputCollection } : {}),
    },
  });
  if (loop) {
    if (assignee !== `=${loop.inputElement}` || candidateUsers || candidateGroups) return feel();
    const managers = MANAGERS.exec(loop.inputCollection);
    if (managers) return { type: 'managers', levels: Number(managers[1]), ...modeOf(a) };
    const role = ROLE.exec(loop.inputCollection);
    if (role) return { type: 'role', role: role[1]!, ...modeOf(a) };
    const users = USER_LIST.exec(loop.inputCollection);
    if (users) {
      const ids = (JSON.parse(`[${users[1]}]`) as string[]).filter(Boolean);
      if (ids.length > 1) return { type: 'users', users: ids, ...modeOf(a) };
    }
    return feel();
  }
  const only = (v: string | undefined, ...others: (string | undefined)[]): boolean =>
    !!v && others.every((o) => !o);
  if (only(assignee, candidateUsers, candidateGroups)) {
    const v = assignee!.replace(/\s+/g, '');
    if (v === '=manager(requester)') return { type: 'manager', mode: 'all' };
    if (v === '=deptHead(requester)' || v === '=deptHead(requester.department)')
      return { type: 'deptHead', mode: 'all' };
    if (USER_ID.test(assignee!)) return { type: 'users', users: [assignee!], mode: 'all' };
    return feel();
  }
  if (only(candidateGroups, assignee, candidateUsers) && GROUP.test(candidateGroups!.trim()))
    return { type: 'role', role: candidateGroups!.trim(), mode: 'any' };
  if (only(candidateUsers, assignee, candidateGroups)) {
    const ids = candidateUsers!
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (ids.length > 1 && ids.every((id) => USER_ID.test(id)))
      return { type: 'users', users: ids, mode: 'any' };
  }
  if (!assignee && !candidateUsers && !candidateGroups) return null;
  return feel();
}

/** A due date (or timer) as an ISO 8601 duration: hours or days. */
export interface Duration {
  amount: number;
  unit: 'hours' | 'days';
}

export function isoDuration(d: Duration): string {
  const n = Math.max(1, Math.round(d.amount));
  return d.unit === 'days' ? `P${n}D` : `PT${n}H`;
}

export function parseIsoDuration(text: string | undefined): Duration | null {
  if (!text) return null;
  const m = /^P(?:(\d+)D|T(\d+)H)$/.exec(text.trim());
  if (!m) return null;
  return m[1] ? { amount: Number(m[1]), unit: 'days' } : { amount: Number(m[2]), unit: 'hours' };
}

/** zeebe:taskSchedule dueDate for "due N hours/days after the task starts". */
export function dueDateExpression(d: Duration): string {
  return `=now() + duration(${quote(isoDuration(d))})`;
}

export function parseDueDate(expr: string | undefined): Duration | null {
  const m = /^=\s*now\(\)\s*\+\s*duration\(\s*"([^"]+)"\s*\)\s*$/.exec(expr ?? '');
  return m ? parseIsoDuration(m[1]) : null;
}
