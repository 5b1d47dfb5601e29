// The outcome of an ended flow instance, as automations and flow bindings read it: the variable
// `approval.outcome` (what approvals write), else `outcome`, else 'cancelled' for a cancelled
// instance and 'completed' for one that ended without saying.
export function flowOutcome(
  status: string,
  variables: Record<string, unknown>,
  variable = 'approval.outcome',
): string {
  if (status === 'cancelled') return 'cancelled';
  for (const path of [variable, 'outcome']) {
    let cur: unknown = variables;
    for (const part of path.split('.'))
      cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[part] : undefined;
    if (typeof cur === 'string' && cur !== '') return cur;
  }
  return 'completed';
}
