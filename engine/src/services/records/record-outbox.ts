// The record events' outbox: a record event that durable subscribers (automations) want is written
// in the same document write as the change it announces (`outbox` in the record, with its
// revision), delivered right after the write, then cleared. So a process that dies between the
// write and the delivery loses nothing — the sweeper delivers what is older than a threshold, from
// the records themselves — and nothing runs twice: subscribers turn an event into work with ids
// derived from the record and its revision (the queue and the run log drop a second delivery).
//
//   write (record + outbox entry) ──► deliver(entries) ──► clear (conditional on the store revision)
//                    └── crash ──► sweep: records with `outboxPending` older than the threshold
//
// A clearing write that finds the record changed meanwhile does nothing: the newer write carried
// the entries on and delivers them again. Clearing moves the store's revision of the document, not
// the record's own (record-docs.ts, `recordRevOf`), so a reader's revision stays good.
import type { Clock } from '#engine/ports/clock.ts';
import {
  NotFoundError,
  RevisionConflictError,
  type Collection,
  type DocumentStore,
  type Stored,
} from '#engine/ports/document-store.ts';
import { OUTBOX_FIELDS, type RecordEvent, type StoredRecord } from './record-docs.ts';

/** Who consumes record events durably (the automation service). */
export interface RecordEventSink {
  /** Whether a subscriber wants the event (then it is written with the change). */
  wants(event: RecordEvent): Promise<boolean>;
  /** Delivers committed events, at least once each: the same event must not do its work twice. */
  deliver(events: RecordEvent[]): Promise<void>;
}

export interface RecordOutboxOptions {
  store: DocumentStore;
  clock: Clock;
  collection(formId: string): Collection<StoredRecord>;
  /** A delivery that failed (the sweeper tries again). */
  onError?: (error: unknown, context: { form: string; recordId: string }) => void;
}

export class RecordOutbox {
  private sink: RecordEventSink | null = null;

  constructor(private readonly options: RecordOutboxOptions) {}

  /** Connects the durable subscriber (once per process). */
  use(sink: RecordEventSink): void {
    this.sink = sink;
  }

  /** The subscriber, for writers that deliver events of their own (imports). */
  get subscriber(): RecordEventSink | null {
    return this.sink;
  }

  /**
   * Puts the event into a document about to be written when a subscriber wants it; entries the
   * document carries from before (not delivered yet) stay.
   */
  async stage(doc: StoredRecord, event: RecordEvent): Promise<void> {
    if (this.sink && (await this.sink.wants(event))) {
      doc.outbox = { ...doc.outbox, [`r${event.rev}`]: event };
      doc.outboxPending = true;
      doc.outboxAt ??= this.options.clock.now();
    }
    if (!doc.outbox || Object.keys(doc.outbox).length === 0)
      for (const field of OUTBOX_FIELDS) delete (doc as unknown as Record<string, unknown>)[field];
  }

  /** Delivers a written record's outbox and clears it; never throws (the sweeper tries again). */
  async dispatch(row: Stored<Pick<StoredRecord, 'form' | 'outbox'>>): Promise<boolean> {
    const entries = Object.values(row.outbox ?? {}).sort((a, b) => a.rev - b.rev);
    if (entries.length === 0 || !this.sink) return false;
    try {
      await this.sink.deliver(entries);
      await this.options.collection(row.form).update(row.id, row.rev, { unset: [...OUTBOX_FIELDS] });
      return true;
    } catch (e) {
      // Changed meanwhile: the newer write carries the entries on (and delivers them).
      if (e instanceof RevisionConflictError || e instanceof NotFoundError) return true;
      this.options.onError?.(e, { form: row.form, recordId: row.id });
      return false;
    }
  }

  /** Delivers the outboxes older than `olderThanMs`, in every form's records; returns how many. */
  async sweep(options: { olderThanMs?: number; limit?: number } = {}): Promise<number> {
    if (!this.sink) return 0;
    const cutoff = this.options.clock.now() - (options.olderThanMs ?? 30_000);
    let delivered = 0;
    for (const name of await this.options.store.listCollections()) {
      if (!name.startsWith('records.')) continue;
      const { items } = await this.options.store
        .collection<StoredRecord>(name)
        .find(
          { outboxPending: true },
          { limit: options.limit ?? 500, projection: ['form', ...OUTBOX_FIELDS] },
        );
      for (const row of items) if ((row.outboxAt ?? 0) <= cutoff && (await this.dispatch(row))) delivered++;
    }
    return delivered;
  }
}
