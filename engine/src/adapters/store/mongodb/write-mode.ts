// How the adapter makes conditional writes against FerretDB: one filtered command (PostgreSQL
// backend) or read-check-write (SQLite, or a backend not known yet; see MongoCollection). The
// backend is told by `explain` on an existing collection (server-info.ts), so a fresh server —
// the first start of a new installation — cannot tell it at connect. The mode then stays
// cautious and asks again, at most once a second, from the next conditional writes on, until the
// backend is known (the first insert has created a collection by then).
export class WriteMode {
  private probing: Promise<void> | undefined;
  private lastProbeAt = 0;

  constructor(
    private readCheckWriteNow: boolean,
    /** Asks the server again: true/false once the backend is known, undefined while it is not. */
    private probe: (() => Promise<boolean | undefined>) | null,
    private readonly minProbeIntervalMs = 1000,
  ) {}

  async readCheckWrite(): Promise<boolean> {
    if (!this.probe) return this.readCheckWriteNow;
    const now = Date.now();
    if (!this.probing && now - this.lastProbeAt >= this.minProbeIntervalMs) {
      this.lastProbeAt = now;
      const probe = this.probe;
      this.probing = probe()
        .then((known) => {
          if (known === undefined) return;
          this.readCheckWriteNow = known;
          this.probe = null;
        })
        .catch(() => undefined)
        .finally(() => (this.probing = undefined));
    }
    await this.probing;
    return this.readCheckWriteNow;
  }
}
