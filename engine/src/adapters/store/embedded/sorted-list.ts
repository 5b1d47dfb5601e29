// A sorted list for the embedded store's ordered indexes: items kept in order by a comparator, in
// chunks of a few hundred, so that an insert or a removal moves at most one chunk's worth of
// items (O(√n)-free: O(log n) to find the chunk and the place, then a short splice), a seek is
// two binary searches, and walking in either direction from a position is a plain loop. Chunks
// split when they grow past twice their target size and go away when they empty.

/** A place in the list: chunk number and offset inside it; `{c: chunks, i: 0}` is the end. */
export interface Position {
  c: number;
  i: number;
}

const TARGET = 512;

export class SortedList<T> {
  private chunks: T[][] = [];
  private count = 0;

  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.count;
  }

  /** Replaces the contents with `items` (any order): one sort instead of n inserts. */
  build(items: T[]): void {
    items.sort(this.compare);
    this.chunks = [];
    for (let i = 0; i < items.length; i += TARGET) this.chunks.push(items.slice(i, i + TARGET));
    this.count = items.length;
  }

  insert(item: T): void {
    if (this.chunks.length === 0) {
      this.chunks.push([item]);
      this.count = 1;
      return;
    }
    const c = Math.min(
      this.chunkFor((x) => this.compare(x, item) >= 0),
      this.chunks.length - 1,
    );
    const chunk = this.chunks[c] as T[];
    chunk.splice(
      this.offsetIn(chunk, (x) => this.compare(x, item) > 0),
      0,
      item,
    );
    this.count++;
    if (chunk.length > 2 * TARGET) this.chunks.splice(c + 1, 0, chunk.splice(TARGET));
  }

  /** Removes the item comparing equal to `item`; false when there is none. */
  remove(item: T): boolean {
    const c = this.chunkFor((x) => this.compare(x, item) >= 0);
    const chunk = this.chunks[c];
    if (!chunk) return false;
    const i = this.offsetIn(chunk, (x) => this.compare(x, item) >= 0);
    if (i >= chunk.length || this.compare(chunk[i] as T, item) !== 0) return false;
    chunk.splice(i, 1);
    this.count--;
    if (chunk.length === 0) this.chunks.splice(c, 1);
    return true;
  }

  /** The first position whose item satisfies `pred`, which must be false…false true…true in order. */
  first(pred: (item: T) => boolean): Position {
    const c = this.chunkFor(pred);
    const chunk = this.chunks[c];
    return chunk ? { c, i: this.offsetIn(chunk, pred) } : this.end();
  }

  end(): Position {
    return { c: this.chunks.length, i: 0 };
  }

  /** The item just before a position (undefined at the start). */
  before(p: Position): T | undefined {
    if (p.i > 0) return this.chunks[p.c]?.[p.i - 1];
    const chunk = this.chunks[p.c - 1];
    return chunk ? chunk[chunk.length - 1] : undefined;
  }

  /** Items before a position (to count the items between two positions). */
  rank(p: Position): number {
    let n = p.i;
    for (let c = 0; c < p.c; c++) n += (this.chunks[c] as T[]).length;
    return n;
  }

  /** Items from `from` (inclusive) up to `to` (exclusive), in order. */
  *forward(from: Position, to: Position): Generator<T> {
    for (let c = from.c; c <= to.c && c < this.chunks.length; c++) {
      const chunk = this.chunks[c] as T[];
      const stop = c === to.c ? to.i : chunk.length;
      for (let i = c === from.c ? from.i : 0; i < stop; i++) yield chunk[i] as T;
    }
  }

  /** Items from just before `to` down to `from` (inclusive), in reverse order. */
  *backward(from: Position, to: Position): Generator<T> {
    for (let c = Math.min(to.c, this.chunks.length - 1); c >= from.c; c--) {
      const chunk = this.chunks[c] as T[];
      const start = c === to.c ? to.i - 1 : chunk.length - 1;
      const stop = c === from.c ? from.i : 0;
      for (let i = start; i >= stop; i--) yield chunk[i] as T;
    }
  }

  /** The first chunk whose last item satisfies `pred` (chunks.length when none does). */
  private chunkFor(pred: (item: T) => boolean): number {
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const chunk = this.chunks[mid] as T[];
      if (pred(chunk[chunk.length - 1] as T)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private offsetIn(chunk: readonly T[], pred: (item: T) => boolean): number {
    let lo = 0;
    let hi = chunk.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pred(chunk[mid] as T)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** -1, 0 or 1 as `a` is before, at or after `b`. */
export function comparePositions(a: Position, b: Position): number {
  if (a.c !== b.c) return a.c < b.c ? -1 : 1;
  return a.i === b.i ? 0 : a.i < b.i ? -1 : 1;
}
