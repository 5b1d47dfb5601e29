// Record events of a committed import: each imported row is a created record, and the automations
// that react to created records run for it — unless the import opted out (a bulk load). The import
// document is their outbox: the write that marks the import committed also marks its events
// pending, so a crash between the commit and the automations loses none. Delivery pages through
// the import's records in id order, saving how far it got (`eventsCursor`) after each page; after a
// crash the sweeper continues from there. A page delivered twice (the crash came before its cursor
// was saved) enqueues nothing twice: a created record's run ids come from the record.
import type { Clock } from '#engine/ports/clock.ts';
import { RevisionConflictError, type Collection } from '#engine/ports/document-store.ts';
import type { ImportReport } from '#schemas/generated/index.ts';
import type { RecordEvent, StoredRecord } from './record-docs.ts';
import type { RecordEventSink } from './record-outbox.ts';

export type ImportDoc = ImportReport & {
  heartbeatAt: number;
  /** The last record id whose event was delivered (delivery goes in id order). */
  eventsCursor?: string;
};

const PAGE = 500;

export interface ImportEventOptions {
  clock: Clock;
  imports: Collection<ImportDoc>;
  records(formId: string): Collection<StoredRecord>;
  sink(): RecordEventSink | null;
}

export class ImportEvents {
  constructor(private readonly options: ImportEventOptions) {}

  /** Delivers an import's pending record events, from where delivery last got to. */
  async deliver(importId: string): Promise<void> {
    const sink = this.options.sink();
    if (!sink) return;
    for (;;) {
      const doc = await this.options.imports.get(importId);
      if (!doc?.eventsPending) return;
      const cursor = doc.eventsCursor;
      const { items } = await this.options
        .records(doc.form)
        .find(
          { importId, ...(cursor ? { id: { $gt: cursor } } : {}) },
          { sort: [['id', 1]], limit: PAGE, projection: ['form', 'status'] },
        );
      const events: RecordEvent[] = items.map((r) => ({
        type: 'created',
        form: r.form,
        recordId: r.id,
        rev: 1,
        actor: doc.by,
        changed: [],
        status: r.status,
      }));
      if (events.length) await sink.deliver(events);
      const done = items.length < PAGE;
      try {
        await this.options.imports.update(doc.id, doc.rev, {
          set: {
            eventsDelivered: (doc.eventsDelivered ?? 0) + items.length,
            heartbeatAt: this.options.clock.now(),
            ...(done ? { eventsPending: false } : { eventsCursor: items[items.length - 1]!.id }),
          },
          ...(done ? { unset: ['eventsCursor'] } : {}),
        });
      } catch (e) {
        // Someone else (the sweeper) delivers too: both go on from what is saved.
        if (!(e instanceof RevisionConflictError)) throw e;
      }
      if (done) return;
    }
  }

  /**
   * Delivers the events of imports whose delivery has not moved for `olderThanMs` (its process
   * died; delivery saves its progress every page); returns how many.
   */
  async deliverStalled(options: { olderThanMs?: number } = {}): Promise<number> {
    const staleBefore = this.options.clock.now() - (options.olderThanMs ?? 30_000);
    const { items } = await this.options.imports.find(
      { eventsPending: true },
      { projection: ['heartbeatAt'] },
    );
    const stalled = items.filter((d) => d.heartbeatAt <= staleBefore);
    for (const doc of stalled) await this.deliver(doc.id);
    return stalled.length;
  }
}
