// Idempotent submissions: a client that cannot know whether its submit reached the server (a
// phone that lost the network mid-request, the portal's offline queue sending again after a
// restart) sends an `Idempotency-Key` with it. The key decides the new record's id, so a second
// arrival of the same submission finds the record the first one made instead of creating another:
// the store's unique id is the lock (two copies racing each other cannot both insert), and there is
// no separate table of keys that a crash could leave half-written. What the first copy did not get
// to (the flow not started because the server died in between) the second one finishes.
import { createHash } from 'node:crypto';

/** What a client may send as the key: a UUID, or any 8–128 characters of this safe set. */
export const IDEMPOTENCY_KEY_PATTERN = '^[A-Za-z0-9_.:-]{8,128}$';

/**
 * The record id of the submission `key` of `userId` on `entryId`, shaped as a UUID (version 8,
 * "custom", RFC 9562) so it looks like every other record id. Another user's or another entry's
 * submission with the same key gets another id: a key is only ever compared with its sender's own.
 */
export function submissionRecordId(userId: string, entryId: string, key: string): string {
  const hex = createHash('sha256').update(`${userId}\n${entryId}\n${key}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
