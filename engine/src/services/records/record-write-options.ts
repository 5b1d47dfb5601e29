// What the record service is built with, and what a write may be told: a create's owner, id,
// status and document state; an update's revision and data.
import type { Clock } from '#engine/ports/clock.ts';
import type { AuditSink } from '../audit/record-audit.ts';
import type { RecordEvent } from './record-docs.ts';
import type { RecordReadOptions } from './record-reads.ts';

type Data = Record<string, unknown>;

export type RecordListener = (event: RecordEvent) => void | Promise<void>;

export interface RecordServiceOptions extends RecordReadOptions {
  clock: Clock;
  audit?: AuditSink;
  /** Called when a record event listener throws (the write itself has succeeded). */
  onListenerError?: (error: unknown, event: RecordEvent) => void;
  /** Called when delivering a record's outbox failed (the sweeper delivers it later). */
  onOutboxError?: (error: unknown, context: { form: string; recordId: string }) => void;
}

export interface CreateOptions {
  /** Initial status (default `active`). */
  status?: string;
  /** Owner when creating on someone's behalf (the row rules must still cover the record). */
  owner?: string;
  department?: string;
  /** A chosen id (imports, idempotent automations, requests); a clash is RECORD_EXISTS. */
  id?: string;
  /** The flow instance the record starts (a request knows its instance id before it starts it). */
  instanceId?: string;
  /** A document's lifecycle state (seeds; default: draft for a submittable form). */
  docstatus?: 'draft' | 'submitted' | 'cancelled';
  /** An amendment: the cancelled document it amends, and its number (`<first>-k`). */
  amendedFrom?: string;
  number?: string;
  /**
   * Record paths the server itself filled in for the writer (a queued tap's time: see
   * services/modules/tap-time.ts): written although they are read-only to the writer.
   */
  serverSet?: readonly string[];
}

export interface UpdateInput {
  /** The revision the change is based on. */
  rev: number;
  /** The whole new data… */
  data?: Data;
  /** …or top-level fields to change (null removes a field). */
  patch?: Data;
  /** Validate against the form's current version and move the record to it. */
  upgrade?: boolean;
}
