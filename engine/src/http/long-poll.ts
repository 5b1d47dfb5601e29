// Long polling over HTTP: a caller that hangs up before the answer (a job worker stopping) ends
// its wait at once instead of holding a poll for nobody, and so does every poll when the app
// begins to close — a worker's open poll (up to 60 s) would otherwise hold a shutdown up for its
// whole wait, since closing lets in-flight requests finish.
import type { FastifyInstance, FastifyReply } from 'fastify';

/** A signal aborted when `app` begins to close (its preClose hook); register with the routes. */
export function closingSignal(app: FastifyInstance): AbortSignal {
  const closing = new AbortController();
  app.addHook('preClose', async () => closing.abort());
  return closing.signal;
}

export async function untilHangUp<T>(
  reply: FastifyReply,
  closing: AbortSignal,
  wait: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const abort = new AbortController();
  const onClose = (): void => {
    if (!reply.raw.writableFinished) abort.abort();
  };
  const onClosing = (): void => abort.abort();
  reply.raw.once('close', onClose);
  if (closing.aborted) abort.abort();
  else closing.addEventListener('abort', onClosing, { once: true });
  try {
    return await wait(abort.signal);
  } finally {
    reply.raw.off('close', onClose);
    closing.removeEventListener('abort', onClosing);
  }
}
