// Who acts and in which request: one value, made once per HTTP request by the auth plugin
// (`request.actor`) or by the platform for work it does itself, and passed to every service that
// reads on someone's behalf or writes (services record their audit entries in its name).
import { commonErrors } from './errors.ts';
import type { AccessDecision, Principal } from './permissions/access.ts';
import { resolveAccess, type Action } from './permissions/resolve.ts';

export interface Actor {
  /**
   * The person acting, with their roles and grants (or the system's principal when the platform
   * acts in someone's name); null for the platform itself and for anonymous callers.
   */
  principal: Principal | null;
  requestId?: string;
  ip?: string;
  /** Set once an audit entry was written in this actor's name (the HTTP write safety net reads it). */
  audited?: boolean;
}

/**
 * An actor with the access decision for the action at hand, resolved by the caller: services that
 * read or write rows (forms, records) filter and mask with it instead of deciding again.
 */
export interface DecidedActor extends Actor {
  principal: Principal;
  decision: AccessDecision;
}

/** The platform acting on its own (first start, seeding, jobs): audited with no actor. */
export const SYSTEM: Actor = Object.freeze({ principal: null });

/** The actor with its decision for one action on one resource (401 without a principal). */
export function decide(actor: Actor, resource: string, action: Action): DecidedActor {
  const principal = principalOf(actor);
  return { ...actor, principal, decision: resolveAccess(principal, resource, action) };
}

/** The person acting; a service that needs one refuses an actor without (401). */
export function principalOf(actor: Actor): Principal {
  if (!actor.principal) throw commonErrors.unauthenticated();
  return actor.principal;
}
