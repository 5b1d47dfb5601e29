// Retrying what failed for a passing reason (a busy or restarting store server, a dropped
// connection) — never what failed because the caller or the store said no.
import { StoreError } from '#engine/ports/document-store.ts';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Errors worth a retry: not a caller's mistake (AppError) and not a store verdict (StoreError). */
export function isTransient(e: unknown): boolean {
  return !(e instanceof StoreError) && (e as { status?: unknown }).status === undefined;
}

/** Runs `fn`, again after a short pause when it fails transiently (a busy server). */
export async function retryTransient<T>(fn: () => Promise<T>, tries = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= tries || !isTransient(e)) throw e;
      await sleep(10 * 2 ** i);
    }
  }
}
