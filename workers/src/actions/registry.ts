// The named actions service tasks call (zeebe:taskDefinition type="…"). A feature registers its
// actions here; the engine never lists them. Jobs are delivered at least once, so an action must
// be idempotent: `idempotencyKey` is stable across every re-run of the same job (same instance,
// token and round) and is the key to use for side effects (e.g. a unique document id).
import type { ActionContext } from '#engine/ports/action.ts';

export type { ActionContext };

/** Result variables (merged into the instance as the task's output), or nothing. */
export type ActionResult = Record<string, unknown> | void;

export interface ActionDefinition {
  name: string;
  description?: { en: string; zh: string };
  run(ctx: ActionContext): Promise<ActionResult>;
}

/** Thrown by an action for a business error the model may catch with an error boundary event. */
export class BpmnError extends Error {
  constructor(
    readonly code: string,
    message: string = code,
    readonly variables: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'BpmnError';
  }
}

export class ActionRegistry {
  private readonly actions = new Map<string, ActionDefinition>();

  register(...definitions: ActionDefinition[]): this {
    for (const d of definitions) {
      if (this.actions.has(d.name)) throw new Error(`action ${d.name} is registered twice`);
      this.actions.set(d.name, d);
    }
    return this;
  }

  get(name: string): ActionDefinition | undefined {
    return this.actions.get(name);
  }

  /** Names for deploy-time validation (service-task types must be known actions). */
  names(): ReadonlySet<string> {
    return new Set(this.actions.keys());
  }
}
