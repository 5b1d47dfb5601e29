// The outcome of an ended flow instance, as automations and flow bindings read it: the variable
// `outcome` when the model sets one explicitly (e.g. a script task on the way to the end event),
// else `approval.outcome` (the approvals layer's latest decision), else 'cancelled' for a
// cancelled instance and 'completed' for one that ended without saying.
export function flowOutcome(status: string, variables: Record<string, unknown>): string {
  if (status === 'cancelled') return 'cancelled';
  for (const path of ['outcome', 'approval.outcome']) {
    let cur: unknown = variables;
    for (const part of path.split('.'))
      cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[part] : undefined;
    if (typeof cur === 'string' && cur !== '') return cur;
  }
  return 'completed';
}
