// Deferred outbox clearing, for a store this process writes alone (the embedded store: one process
// per data directory, every conditional write atomic in it).
//
// After a dispatch the delivered outbox entries must leave the instance document, or the sweeper
// delivers them again. With a shared store (MongoDB / FerretDB) the dispatcher clears them at once
// with a conditional write, before it hands work to another process (docs/decisions/0004). When no
// other process can write, that write can wait: the entry ids are remembered here, the next write
// of the instance by this process (a task completion, a job report) simply leaves them out, and
// only the instances nobody writes for a while (waiting for a person, ended) get a clearing write,
// from a timer or at the start of a sweep.
//
// Nothing is lost by waiting: until the clearing write lands the entries are still in the
// document, so a crash only means the sweeper of the next process delivers them again — the
// at-least-once delivery every effect is built for. Entry ids (`e<seq>`) are never reused within
// an instance, so a delivered id may be removed at any later revision.
//
// The clearing write starts from the newest revision of the document this process wrote or
// dispatched (the runtime never changes a stored copy once written: each step works on a fresh
// read), so it costs one serialisation and no read.
import { RevisionConflictError, type Collection } from '#engine/ports/document-store.ts';
import type { InstanceDoc, StoredInstance } from './runtime.ts';

/** What is known about one instance: delivered ids, and the newest revision seen. */
interface PendingClear {
  delivered: Set<string>;
  doc: StoredInstance | null;
  /** When the first id was remembered (real time, for the flush timer). */
  since: number;
}

export class DeferredClears {
  private readonly pending = new Map<string, PendingClear>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly instances: Collection<InstanceDoc>,
    /** How long an instance's delivered entries may wait for its next write. */
    private readonly delayMs: number,
    private readonly onError: (error: unknown, instanceId: string) => void,
  ) {}

  /** Remembers that `ids` of `doc`'s outbox were delivered. */
  add(doc: StoredInstance, ids: readonly string[]): void {
    let rec = this.pending.get(doc.id);
    if (!rec) {
      rec = { delivered: new Set(), doc: null, since: Date.now() };
      this.pending.set(doc.id, rec);
    }
    for (const id of ids) rec.delivered.add(id);
    if (!rec.doc || doc.rev >= rec.doc.rev) rec.doc = doc;
    this.arm();
  }

  /** Ids of this instance's outbox known to be delivered (the next write leaves them out). */
  deliveredOf(instanceId: string): ReadonlySet<string> | undefined {
    return this.pending.get(instanceId)?.delivered;
  }

  /** The instance was written as `doc`: ids no longer in its outbox need no clearing any more. */
  written(doc: StoredInstance): void {
    const rec = this.pending.get(doc.id);
    // Writes of one instance may report out of order; an older revision says nothing new.
    if (!rec || (rec.doc && doc.rev < rec.doc.rev)) return;
    for (const id of rec.delivered) if (!doc.outbox[id]) rec.delivered.delete(id);
    if (rec.delivered.size === 0) this.pending.delete(doc.id);
    else rec.doc = doc;
  }

  /** Writes every remembered clear (the sweeper, before it looks for undelivered outboxes). */
  async flushAll(): Promise<void> {
    await this.flush(Infinity);
  }

  private arm(): void {
    if (this.timer || this.pending.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush(Date.now() - this.delayMs).finally(() => this.arm());
    }, this.delayMs);
    // A pending clear never keeps the process alive: if it exits first, the entries are delivered
    // again after the restart (at least once).
    this.timer.unref();
  }

  /** Clears the instances remembered at or before `until`, one at a time (one flush at a time). */
  private async flush(until: number): Promise<void> {
    while (this.flushing) await this.flushing;
    const run = (async () => {
      for (const [instanceId, rec] of [...this.pending]) {
        if (rec.since > until) continue;
        this.pending.delete(instanceId);
        try {
          await this.clear(instanceId, rec);
        } catch (e) {
          // Not written: the entries stay in the document and the sweeper delivers them again.
          this.onError(e, instanceId);
        }
      }
    })();
    this.flushing = run;
    try {
      await run;
    } finally {
      this.flushing = null;
    }
  }

  /**
   * One conditional write at the revision last seen; if the instance changed since (a write that
   * did not go through this process's runtime), read it and try again.
   */
  private async clear(instanceId: string, rec: PendingClear): Promise<void> {
    let doc = rec.doc;
    for (let attempt = 0; attempt < 5 && doc; attempt++) {
      const outbox: Record<string, InstanceDoc['outbox'][string]> = {};
      let gone = 0;
      let left = 0;
      for (const [id, effect] of Object.entries(doc.outbox ?? {}))
        if (rec.delivered.has(id)) gone++;
        else {
          outbox[id] = effect;
          left++;
        }
      if (gone === 0) return;
      try {
        await this.instances.replace(instanceId, doc.rev, {
          ...doc,
          outbox,
          outboxAt: left > 0 ? (doc.outboxAt ?? null) : null,
        });
        return;
      } catch (e) {
        if (!(e instanceof RevisionConflictError)) throw e;
      }
      doc = await this.instances.get(instanceId);
    }
  }
}
