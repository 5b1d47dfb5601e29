// What this process last wrote of the instances it works on, for a store other processes share
// (the distributed mode): a step of an instance this process just wrote starts from that copy
// instead of reading it back, and waits for this process's delivery of the instance's outbox
// (ending in the clearing write) instead of racing it into a revision conflict.
//
// A copy may be stale (another process wrote the instance since): the conditional write on `rev`
// then fails and the runtime reads the instance and steps again, so a stale copy costs a retry and
// never a wrong write. Copies are handed out as clones: the dispatcher still reads the object it
// was given while a later step runs.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { StoredInstance } from './runtime.ts';

/** Instances remembered at most (the least recently written go first). */
const CAPACITY = 2000;

export class RecentInstances {
  private readonly docs = new Map<string, StoredInstance>();
  private readonly running = new Map<string, Set<Promise<unknown>>>();
  private readonly turns = new Map<string, Promise<void>>();

  /** Remembers `doc` as this process's newest copy (an older revision never replaces a newer). */
  put(doc: StoredInstance): void {
    const known = this.docs.get(doc.id);
    if (known && known.rev > doc.rev) return;
    this.docs.delete(doc.id);
    this.docs.set(doc.id, doc);
    if (this.docs.size > CAPACITY) this.docs.delete(this.docs.keys().next().value!);
  }

  /** A private copy of the newest known revision, or undefined. */
  copy(id: string): StoredInstance | undefined {
    const doc = this.docs.get(id);
    return doc ? structuredClone(doc) : undefined;
  }

  forget(id: string): void {
    this.docs.delete(id);
  }

  /**
   * Runs this process's delivery of an instance's outbox; a step of the same instance that starts
   * meanwhile waits for it (see settled), then starts from the copy the delivery left.
   */
  async dispatching(id: string, dispatch: () => Promise<void>): Promise<void> {
    const running = dispatch();
    const settled = running.catch(() => undefined);
    // A dispatch may start inside another of the same instance (a listener's step): both count.
    let set = this.running.get(id);
    if (!set) this.running.set(id, (set = new Set()));
    set.add(settled);
    try {
      await running;
    } finally {
      set.delete(settled);
      if (set.size === 0 && this.running.get(id) === set) this.running.delete(id);
    }
  }

  /**
   * Runs one delivery of an effect of instance `id` (a listener, a handler). A step it starts and
   * awaits must not wait for the dispatch that awaits it: while the delivery runs, steps of this
   * instance started inside it go ahead. Work it only schedules (setImmediate, a timer) runs after
   * it returned and waits like any other step.
   */
  async delivering<R>(id: string, deliver: () => Promise<R>): Promise<R> {
    const mark: Mark = { id, live: true, parent: inside.getStore() };
    try {
      return await inside.run(mark, deliver);
    } finally {
      mark.live = false;
    }
  }

  /**
   * Takes this process's turn to step instance `id` (until the returned release): steps of one
   * instance in one process go one at a time instead of conflicting on `rev`. A step inside a
   * delivery of the same instance goes ahead (the holder may be waiting for that delivery).
   */
  async turn(id: string): Promise<() => void> {
    if (this.insideDelivery(id)) return () => undefined;
    const before = this.turns.get(id);
    let release!: () => void;
    const mine = new Promise<void>((r) => (release = r));
    const last = (before ?? Promise.resolve()).then(() => mine);
    this.turns.set(id, last);
    if (before) await before;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      release();
      if (this.turns.get(id) === last) this.turns.delete(id);
    };
  }

  private insideDelivery(id: string): boolean {
    for (let m = inside.getStore(); m; m = m.parent) if (m.live && m.id === id) return true;
    return false;
  }

  /**
   * Resolves when no dispatch of this instance by this process is running (at once inside one of
   * its deliveries). Bounded, so that a cycle nobody foresaw only costs a delay and a retry.
   */
  async settled(id: string): Promise<void> {
    if (this.insideDelivery(id)) return;
    const deadline = Date.now() + MAX_WAIT_MS;
    for (let set = this.running.get(id); set?.size; set = this.running.get(id)) {
      const left = deadline - Date.now();
      if (left <= 0) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([...set, new Promise((r) => (timer = setTimeout(r, left)))]);
      clearTimeout(timer);
    }
  }
}

/** A delivery in progress: the instance whose effect it delivers, inside which other delivery. */
interface Mark {
  id: string;
  live: boolean;
  parent: Mark | undefined;
}

const inside = new AsyncLocalStorage<Mark>();

/** The longest a step waits for a dispatch of its instance. */
const MAX_WAIT_MS = 2000;
