// Long polling over HTTP: a caller that hangs up before the answer (a job worker stopping) ends
// its wait at once instead of holding a poll for nobody.
import type { FastifyReply } from 'fastify';

export async function untilHangUp<T>(
  reply: FastifyReply,
  wait: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const abort = new AbortController();
  const onClose = (): void => {
    if (!reply.raw.writableFinished) abort.abort();
  };
  reply.raw.once('close', onClose);
  try {
    return await wait(abort.signal);
  } finally {
    reply.raw.off('close', onClose);
  }
}
