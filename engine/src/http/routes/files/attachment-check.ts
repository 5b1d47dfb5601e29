// Attachments of approval actions (a comment, an approval, a return …) name files as
// `file:<id>`. Attaching a file the actor may not read is refused (403 FILE_NOT_ATTACHABLE, with
// the attachment's path), so nobody reaches another person's file by pasting its id into their
// own request; an accepted attachment makes the request where the file was first attached,
// unless it was attached somewhere before (services/files/file-bindings.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fileIdOf } from '#engine/core/files/files.ts';
import { fileErrors } from '#engine/core/files/errors.ts';
import '#engine/http/types.ts';

interface Pending {
  instanceId: string | null;
  ids: string[];
}

/** Checks the `attachments` of every body the plugin's routes take; `instanceOf` names the request. */
export function checkAttachments(
  app: FastifyInstance,
  instanceOf: (request: FastifyRequest) => string | null,
): void {
  const pending = new WeakMap<FastifyRequest, Pending>();
  app.addHook('preHandler', async (request) => {
    const attachments = (request.body as { attachments?: unknown } | undefined)?.attachments;
    if (!Array.isArray(attachments) || attachments.length === 0) return;
    const files = attachments
      .map((a, i) => ({ id: fileIdOf((a as { ref?: unknown } | null)?.ref), path: `/attachments/${i}/ref` }))
      .filter((f): f is { id: string; path: string } => f.id !== null);
    if (files.length === 0) return;
    const instanceId = instanceOf(request);
    const refused = await app.services.fileBindings.refusals(
      request.actor,
      files,
      instanceId ? { instanceId } : {},
    );
    if (refused.length) throw fileErrors.notAttachable(refused);
    pending.set(request, { instanceId, ids: files.map((f) => f.id) });
  });
  // Before the reply leaves, so a client reading the file right after finds it attached.
  app.addHook('onSend', async (request, reply, payload) => {
    const attached = pending.get(request);
    if (attached?.instanceId && reply.statusCode < 300)
      for (const id of attached.ids)
        await app.services.fileBindings.bind(
          id,
          { instanceId: attached.instanceId },
          request.principal?.userId ?? 'unknown',
        );
    return payload;
  });
}
