// What the record service asks of the business-documents layer on every write, as one narrow
// port (services/documents implements it; without it records are plain records). Whoever writes a
// record — a route, an import, an automation's action, a catalogue submission — goes through the
// record service, so these rules hold on every path:
//   prepare        fetch-from: fields copied from a record a link points to, before validation
//   check          after validation: links point to records that exist (and are not cancelled), a
//                  submitted document changes only its fields allowed after submit, a cancelled
//                  one not at all
//   reserveNumber  the next number of the form's series for a new record
//   beforeDelete   a submitted document is cancelled, not deleted; a record others link to stays
//   onStatus       an approval outcome that submits the document, in the same write
import type { FormDefinition } from '#schemas/generated/index.ts';
import type { CompiledForm } from '#engine/core/forms/compiled-form.ts';
import type { FieldChange } from '#engine/core/forms/diff.ts';
import type { Stored } from '#engine/ports/document-store.ts';
import type { DecidedActor } from '#engine/core/actor.ts';
import type { StoredRecord } from './record-docs.ts';

type Data = Record<string, unknown>;
type Row = Stored<StoredRecord>;

export interface WriteContext {
  actor: DecidedActor;
  /** The version the data is checked against. */
  form: CompiledForm;
  /** The newest version of the form: its lifecycle rules every record of the form. */
  latest: FormDefinition;
  /** On update: the stored record and its plain data. */
  before?: { row: Row; data: Data };
}

export interface NumberTaken {
  number: string;
  confirm(recordId: string): Promise<void>;
  release(): Promise<void>;
  lost(): Promise<void>;
}

export interface DocumentRules {
  prepare(ctx: WriteContext, data: Data): Promise<Data>;
  check(ctx: WriteContext, data: Data, change: { changes: FieldChange[]; upgrading: boolean }): Promise<void>;
  /** null: the form has no numbering. */
  reserveNumber(form: FormDefinition): Promise<NumberTaken | null>;
  /** Numbers of records that were removed again (an import rolled back) go back to their series. */
  releaseNumbers(form: string, numbers: string[]): Promise<void>;
  beforeDelete(actor: DecidedActor, latest: FormDefinition, row: Row): Promise<void>;
  /** Envelope fields a status change also sets (a draft submitted by its approval's outcome). */
  onStatus(latest: FormDefinition, row: Row, status: string, by: string, at: string): Data | null;
}
