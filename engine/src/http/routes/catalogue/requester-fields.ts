// The requester's part of a catalogue entry's field permissions, as the flow follows them now: an
// analyst's approval settings win over the entry's declaration. The catalogue sends it to the
// portal (which hides those fields from a new request), and the forms' validator modules accept
// exactly those hidden-field sets (routes/forms/validators.ts).
import type { FastifyInstance } from 'fastify';
import type { CatalogueEntry } from '#engine/services/modules/requests.ts';
import '#engine/http/types.ts';

type Requester = NonNullable<NonNullable<CatalogueEntry['fieldPermissions']>['requester']>;

export async function requesterFields(
  app: FastifyInstance,
  entry: Pick<CatalogueEntry, 'flow' | 'fieldPermissions'>,
): Promise<Requester | undefined> {
  return entry.flow
    ? (await app.services.approvals.fields.of(entry.flow)).permissions.requester
    : entry.fieldPermissions?.requester;
}
