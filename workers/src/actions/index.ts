// The platform's built-in actions. Other features register theirs on the same registry
// (record.create, ledger.post, notify, http.request …).
import { computeAction } from './compute.ts';
import { ActionRegistry } from './registry.ts';
import { testActions } from './testing.ts';

export {
  ActionRegistry,
  BpmnError,
  type ActionContext,
  type ActionDefinition,
  type ActionResult,
} from './registry.ts';

export function defaultActions(options: { testActions?: boolean } = {}): ActionRegistry {
  const registry = new ActionRegistry().register(computeAction);
  if (options.testActions) registry.register(...testActions);
  return registry;
}
