// Out-of-office proxies: a user names a proxy for a time range; a task that would be assigned to
// them while they are away goes to the proxy instead, "on behalf of" them. A proxy may be away as
// well: the chain is followed (A → B → C) and stops at a repeat or at someone who is in.
export interface OutOfOffice {
  userId: string;
  proxy: string;
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
  note?: string;
}

export interface ProxyResolution {
  /** Who gets the task. */
  assignee: string;
  /** The absent user the task was meant for (undefined when nobody was away). */
  onBehalfOf?: string;
  /** Every hop, for the history: [A, B, C]. */
  chain: string[];
}

export function isAway(entry: OutOfOffice, now: number): boolean {
  return entry.from <= now && now < entry.to;
}

/**
 * The user who acts for `userId` at `now`. `isActive` rules out proxies who cannot act (deactivated):
 * the task then stays with the absent user rather than going to nobody.
 */
export function resolveProxy(
  userId: string,
  entries: readonly OutOfOffice[],
  now: number,
  isActive: (user: string) => boolean = () => true,
): ProxyResolution {
  const byUser = new Map<string, OutOfOffice>();
  for (const e of entries) if (isAway(e, now)) byUser.set(e.userId, e);
  const chain = [userId];
  let current = userId;
  for (;;) {
    const entry = byUser.get(current);
    if (!entry || chain.includes(entry.proxy) || !isActive(entry.proxy)) break;
    current = entry.proxy;
    chain.push(current);
  }
  return current === userId ? { assignee: userId, chain } : { assignee: current, onBehalfOf: userId, chain };
}

/** Date-only values mean whole days (UTC): from the start of `from` to the end of `to`. */
export function parseRange(from: string, to: string): { from: number; to: number } | null {
  const parse = (text: string, end: boolean): number | null => {
    const t = text.trim();
    if (/^\d{4}-\d{2}-\d{2}$/.test(t)) {
      const ms = Date.parse(`${t}T00:00:00Z`);
      return Number.isNaN(ms) ? null : end ? ms + 86_400_000 : ms;
    }
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(t)) return null;
    const ms = Date.parse(t);
    return Number.isNaN(ms) ? null : ms;
  };
  const f = parse(from, false);
  const e = parse(to, true);
  return f === null || e === null || e <= f ? null : { from: f, to: e };
}
