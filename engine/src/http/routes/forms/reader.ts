// Who may read a form to fill it in (its rendering, its validators): anyone who may create or read
// its records, or read forms.
import type { FastifyRequest } from 'fastify';
import type { DecidedActor } from '#engine/core/actor.ts';
import { commonErrors } from '#engine/core/errors.ts';
import '#engine/http/types.ts';

/**
 * The actor that reads a form to render it: anyone who may create or read its records, or read
 * forms. Throws 403 otherwise.
 */
export function formReader(request: FastifyRequest, id: string): DecidedActor {
  const may =
    ['create', 'read'].some((a) => request.can(`record:${id}`, a as 'read').allowed) ||
    request.can('forms', 'read').allowed;
  if (!may) throw commonErrors.forbidden();
  return {
    ...request.actorFor('forms', 'read'),
    decision: { allowed: true, rowFilter: {}, fields: { hidden: [], masked: [], readOnly: [] } },
  };
}
