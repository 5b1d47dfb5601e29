// The `requester` variable an instance started over HTTP carries: who called, with what the
// approval expressions read (`=manager(requester)`, `requester.department`). The requester is
// always the caller: a client cannot start a request in someone else's name.
import type { Principal } from '#engine/core/permissions/access.ts';

export function requesterOf(p: Principal) {
  return {
    id: p.userId,
    login: p.login,
    department: p.department ?? null,
    manager: p.manager ?? null,
    roles: p.roles,
    displayName: p.displayName ?? p.login,
  };
}
