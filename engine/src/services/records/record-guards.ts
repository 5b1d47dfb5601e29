// The checks a record write passes before it is stored: write guards (a person's update, delete
// or restore — e.g. refused while a flow runs on the record) and data guards (the data any create
// or update would store, whoever writes it: a person, an import, an automation). Other services
// plug them in (RecordService.guardWrites / guardData), so the record service knows none of them.
import type { CompiledForm } from '#engine/core/forms/compiled-form.ts';
import { diffData, type FieldChange } from '#engine/core/forms/diff.ts';
import type { DecidedActor } from '#engine/core/actor.ts';
import type { Row } from './record-reads.ts';

type Data = Record<string, unknown>;

/**
 * A check every change of a person's goes through before it is written (update, delete, restore);
 * it throws to refuse it. `withinInstance`: the change is a step of that flow instance (a returned
 * request corrected by its requester), which a guard about running flows lets through.
 */
export type WriteGuard = (change: {
  actor: DecidedActor;
  row: Row;
  action: 'update' | 'delete' | 'restore';
  withinInstance?: string;
}) => Promise<void>;

/**
 * A check of the data every write would store — create or update, by anyone (a person, an
 * import, an automation: the system actor included). It throws to refuse the write, and may
 * return what to do once the write is stored (e.g. remember where a file was first attached).
 */
export type DataGuard = (write: {
  actor: DecidedActor;
  form: CompiledForm;
  /** The stored record an update changes (absent: a create). */
  row?: Row;
  recordId: string;
  status: string;
  before: Data;
  after: Data;
  changes: FieldChange[];
}) => Promise<void | (() => Promise<void>)>;

export class RecordGuards {
  private readonly writes: WriteGuard[] = [];
  private readonly data: DataGuard[] = [];

  addWrite(guard: WriteGuard): void {
    this.writes.push(guard);
  }

  addData(guard: DataGuard): void {
    this.data.push(guard);
  }

  /** Runs the write guards; the first that throws refuses the change. */
  async checkWrite(
    actor: DecidedActor,
    row: Row,
    action: 'update' | 'delete' | 'restore',
    withinInstance?: string,
  ): Promise<void> {
    for (const guard of this.writes)
      await guard({ actor, row, action, ...(withinInstance ? { withinInstance } : {}) });
  }

  /** Runs the data guards; returns what they want done once the write is stored. */
  async checkData(
    actor: DecidedActor,
    form: CompiledForm,
    row: Row | undefined,
    recordId: string,
    status: string,
    before: Data,
    after: Data,
    changes: FieldChange[] = diffData(before, after),
  ): Promise<Array<() => Promise<void>>> {
    const afters: Array<() => Promise<void>> = [];
    for (const guard of this.data) {
      const then = await guard({
        actor,
        form,
        ...(row ? { row } : {}),
        recordId,
        status,
        before,
        after,
        changes,
      });
      if (then) afters.push(then);
    }
    return afters;
  }
}
