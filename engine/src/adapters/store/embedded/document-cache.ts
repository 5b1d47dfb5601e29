// The embedded store's document budget: the texts and parsed objects of documents kept in memory,
// store-wide, up to a number of bytes (EmbeddedStoreOptions.cacheBytes). Past it the documents
// least recently read give theirs up (the CLOCK approximation of least-recently-used: a "used"
// bit set on every read, cleared as the hand passes, and what the hand finds unused goes) and are
// read back from their journal when needed again. Ids, revisions and indexes always stay in
// memory; so memory grows with the number of documents, not with their size, and documents that
// are rarely read — history, audit — end up on disk only.
import type { Entry } from './entry.ts';

/** Rough bytes an entry's text and object take (V8 strings: 1–2 bytes a character; objects ~3×). */
function sizeOf(entry: Entry): number {
  const chars = entry.text?.length ?? 0;
  return 64 + chars + (entry.obj ? 3 * Math.max(chars, 64) : 0);
}

export class DocumentCache {
  private ring: Entry[] = [];
  private hand = 0;
  private bytes = 0;
  /** Ring slots whose entry gave its document up another way (deleted): swept lazily. */
  private stale = 0;

  constructor(readonly budget: number) {}

  get usedBytes(): number {
    return this.bytes;
  }

  /** Whether more documents fit without evicting any (opening a collection fills up to it). */
  hasRoom(): boolean {
    return this.bytes < this.budget;
  }

  /** Counts an entry that just got (or changed) its text or object; evicts others past the budget. */
  hold(entry: Entry): void {
    if (entry.at === null) return; // only in memory: it cannot be read back, so it stays
    const size = sizeOf(entry);
    if (entry.cached) this.bytes += size - (entry.size ?? 0);
    else {
      entry.cached = true;
      this.ring.push(entry);
      this.bytes += size;
    }
    entry.size = size;
    entry.used = true;
    if (this.bytes > this.budget) this.evict(entry);
  }

  /** Forgets an entry leaving its collection (deleted, dropped). */
  release(entry: Entry): void {
    if (entry.cached) {
      this.bytes -= entry.size ?? 0;
      entry.cached = false;
      this.stale++;
    }
    entry.size = 0;
    entry.text = undefined;
    entry.obj = undefined;
  }

  private evict(keep: Entry): void {
    let steps = 2 * this.ring.length + 1;
    while (this.bytes > this.budget && this.ring.length > 1 && steps-- > 0) {
      if (this.hand >= this.ring.length) this.hand = 0;
      const entry = this.ring[this.hand] as Entry;
      if (!entry.cached) {
        this.removeAt(this.hand);
        this.stale--;
      } else if (entry === keep || entry.used) {
        entry.used = false;
        this.hand++;
      } else {
        this.bytes -= entry.size ?? 0;
        entry.cached = false;
        entry.size = 0;
        entry.text = undefined;
        entry.obj = undefined;
        entry.keys = undefined; // recomputed from the document when it is next written
        this.removeAt(this.hand);
      }
    }
    if (this.stale > 1024 && this.stale > this.ring.length / 2) {
      this.ring = this.ring.filter((e) => e.cached);
      this.stale = 0;
      this.hand = 0;
    }
  }

  private removeAt(i: number): void {
    const last = this.ring.pop() as Entry;
    if (i < this.ring.length) this.ring[i] = last;
  }
}
