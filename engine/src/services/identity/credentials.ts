// Password hashes, one document per user (id = user id), never part of a user document.
import type { Clock } from '#engine/ports/clock.ts';
import {
  DuplicateKeyError,
  NotFoundError,
  RevisionConflictError,
  type Collection,
  type DocumentStore,
} from '#engine/ports/document-store.ts';
import { CREDENTIALS } from './collections.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

export interface Credential {
  id: string;
  hash: string;
  /** Set for one-time passwords (first start, admin reset): the next login must change it. */
  mustChange: boolean;
  changedAt: string;
}

export class CredentialStore {
  readonly col: Collection<Credential>;

  constructor(
    store: DocumentStore,
    private readonly clock: Clock,
  ) {
    this.col = store.collection<Credential>(CREDENTIALS);
  }

  /** Sets (or replaces) a user's password. */
  async set(userId: string, password: string, mustChange: boolean, hash?: string): Promise<void> {
    const doc = {
      hash: hash ?? (await hashPassword(password)),
      mustChange,
      changedAt: new Date(this.clock.now()).toISOString(),
    };
    for (let attempt = 1; ; attempt++) {
      const current = await this.col.get(userId);
      try {
        if (current) await this.col.replace(userId, current.rev, doc);
        else await this.col.insert({ id: userId, ...doc });
        return;
      } catch (e) {
        // Lost a race with another writer of the same credential: read again and retry.
        const raced =
          e instanceof RevisionConflictError || e instanceof DuplicateKeyError || e instanceof NotFoundError;
        if (!raced || attempt >= 5) throw e;
      }
    }
  }

  /** Inserts only when the user has no credential yet; false when one exists. */
  async create(userId: string, hash: string, mustChange: boolean): Promise<boolean> {
    try {
      await this.col.insert({
        id: userId,
        hash,
        mustChange,
        changedAt: new Date(this.clock.now()).toISOString(),
      });
      return true;
    } catch (e) {
      if (e instanceof DuplicateKeyError) return false;
      throw e;
    }
  }

  get(userId: string): Promise<Credential | null> {
    return this.col.get(userId);
  }

  async verify(userId: string, password: string): Promise<boolean> {
    const cred = await this.col.get(userId);
    return cred ? verifyPassword(cred.hash, password) : false;
  }

  async remove(userId: string): Promise<void> {
    await this.col.delete(userId);
  }
}
