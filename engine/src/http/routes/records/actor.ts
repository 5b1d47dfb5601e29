// The acting principal of a forms or records request, in the shape the forms and records
// services take: who, with the decision for one action on one resource.
import type { FastifyRequest } from 'fastify';
import type { Action } from '#engine/core/permissions/resolve.ts';
import type { Actor } from '#engine/services/forms/ports.ts';
import '#engine/http/types.ts';

/** The acting principal with its decision for one action on one resource. */
export function actorFor(request: FastifyRequest, resource: string, action: Action): Actor {
  return {
    principal: request.principal as NonNullable<FastifyRequest['principal']>,
    decision: request.can(resource, action),
    requestId: request.id,
    ...(request.ip ? { ip: request.ip } : {}),
  };
}
