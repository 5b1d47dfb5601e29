// Pinning the installation's clock (Camunda's clock endpoints, for test and demo installations).
// The pin is written to the store and each process of the installation reads it back every
// `refreshMs`, so the API replica that took the request and the workers that fire the timers
// agree on the time (within that interval); the process that pins applies it at once.
import type { PinnableClock } from '#engine/ports/clock.ts';
import type { Collection, DocumentStore } from '#engine/ports/document-store.ts';

export const CLOCK_COLLECTION = 'platform_clock';
const ID = 'pin';

interface PinDoc {
  pinnedAt: number | null;
}

export class ClockControl {
  private readonly col: Collection<PinDoc>;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    store: DocumentStore,
    readonly clock: PinnableClock,
    private readonly refreshMs = 1000,
  ) {
    this.col = store.collection<PinDoc>(CLOCK_COLLECTION);
  }

  async pin(epochMs: number): Promise<void> {
    this.clock.pin(epochMs);
    await this.write(epochMs);
  }

  async reset(): Promise<void> {
    this.clock.reset();
    await this.write(null);
  }

  /** Takes the pin other processes wrote. */
  async refresh(): Promise<void> {
    const doc = await this.col.get(ID);
    if (doc?.pinnedAt == null) this.clock.reset();
    else this.clock.pin(doc.pinnedAt);
  }

  start(onError: (err: unknown) => void): void {
    if (this.timer || this.refreshMs <= 0) return;
    this.timer = setInterval(() => this.refresh().catch(onError), this.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async write(pinnedAt: number | null): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const existing = await this.col.get(ID);
      try {
        if (existing) await this.col.replace(ID, existing.rev, { pinnedAt });
        else await this.col.insert({ id: ID, pinnedAt });
        return;
      } catch (e) {
        if (attempt === 4) throw e;
      }
    }
  }
}
