// The actor the platform acts as when no person does (module install, automations, worker
// actions, flow outcomes): the 'system' role passes every form's role lists, and its grant covers
// every resource and action. `userId` names who it acts for in history and audit entries
// (e.g. 'automation:shop-post-invoice').
import type { Principal } from '#engine/core/permissions/access.ts';
import { decide, type DecidedActor } from '#engine/core/actor.ts';
import { ACTIONS, type Action } from '#engine/core/permissions/resolve.ts';

export function systemPrincipal(userId = 'system'): Principal {
  return {
    userId,
    login: userId,
    roles: ['system'],
    locale: 'en',
    grants: [{ resource: '*', actions: [...ACTIONS] as [Action, ...Action[]] }],
  };
}

/** The system's actor for one resource and action (its decision allows every row). */
export function systemActor(resource: string, action: Action, userId = 'system'): DecidedActor {
  return decide({ principal: systemPrincipal(userId) }, resource, action);
}
