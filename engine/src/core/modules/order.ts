// The order modules install and enable in, from their `depends` (pure). A module comes after
// every module it depends on; a cycle or a missing dependency is a problem, not a crash.

export interface ModuleNode {
  id: string;
  version: string;
  depends?: ReadonlyArray<{ id: string; version?: string }>;
}

export interface OrderResult {
  /** Ids in an order where each module follows its dependencies. */
  order: string[];
  /** Modules that take part in a cycle (left out of `order`). */
  cycles: string[][];
}

/** Topological order (Kahn); ties broken by id so the order is stable. */
export function dependencyOrder(modules: readonly ModuleNode[]): OrderResult {
  const byId = new Map(modules.map((m) => [m.id, m]));
  const indegree = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const m of modules) {
    indegree.set(m.id, 0);
    dependents.set(m.id, []);
  }
  for (const m of modules)
    for (const d of m.depends ?? []) {
      if (!byId.has(d.id)) continue; // a missing dependency is reported by `unmetDependencies`
      indegree.set(m.id, (indegree.get(m.id) ?? 0) + 1);
      dependents.get(d.id)!.push(m.id);
    }
  const ready = [...indegree.entries()].filter(([, n]) => n === 0).map(([id]) => id);
  ready.sort();
  const order: string[] = [];
  while (ready.length) {
    const id = ready.shift()!;
    order.push(id);
    for (const next of dependents.get(id) ?? []) {
      const n = (indegree.get(next) ?? 0) - 1;
      indegree.set(next, n);
      if (n === 0) {
        ready.push(next);
        ready.sort();
      }
    }
  }
  const left = new Set(modules.map((m) => m.id).filter((id) => !order.includes(id)));
  return { order, cycles: left.size ? findCycles(left, byId) : [] };
}

function findCycles(left: Set<string>, byId: Map<string, ModuleNode>): string[][] {
  const cycles: string[][] = [];
  const seen = new Set<string>();
  for (const start of [...left].sort()) {
    if (seen.has(start)) continue;
    const path: string[] = [];
    let at: string | undefined = start;
    while (at && !path.includes(at)) {
      path.push(at);
      at = (byId.get(at)?.depends ?? []).map((d) => d.id).find((d) => left.has(d));
    }
    if (at) {
      const cycle = path.slice(path.indexOf(at));
      if (!cycle.some((id) => seen.has(id))) cycles.push(cycle);
    }
    for (const id of path) seen.add(id);
  }
  return cycles;
}

export interface UnmetDependency {
  id: string;
  range?: string;
  /** Why: not present at all, present in another version, or present but not enabled. */
  reason: 'missing' | 'version' | 'disabled';
  found?: string;
}

/**
 * The dependencies of `module` that `available` (id → version and whether it is enabled) does not
 * meet. `satisfies` checks a version against a range.
 */
export function unmetDependencies(
  module: ModuleNode,
  available: ReadonlyMap<string, { version: string; enabled: boolean }>,
  satisfies: (version: string, range: string) => boolean,
): UnmetDependency[] {
  const out: UnmetDependency[] = [];
  for (const d of module.depends ?? []) {
    const found = available.get(d.id);
    const range = d.version;
    if (!found) out.push({ id: d.id, ...(range ? { range } : {}), reason: 'missing' });
    else if (range && !satisfies(found.version, range))
      out.push({ id: d.id, range, reason: 'version', found: found.version });
    else if (!found.enabled)
      out.push({ id: d.id, ...(range ? { range } : {}), reason: 'disabled', found: found.version });
  }
  return out;
}

/** Enabled modules that depend on `id` (they must be disabled first). */
export function enabledDependents(
  id: string,
  modules: readonly (ModuleNode & { enabled: boolean })[],
): string[] {
  return modules
    .filter((m) => m.enabled && (m.depends ?? []).some((d) => d.id === id))
    .map((m) => m.id)
    .sort();
}
