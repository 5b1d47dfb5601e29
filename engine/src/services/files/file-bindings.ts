// Where each file was first attached, and who may therefore read it. A file id in a request does
// not prove the request's author may have the file: anyone can paste another person's `file:<id>`
// into their own claim line or comment. So a file belongs to the record or request it was FIRST
// attached to (by its uploader, or by someone who could read it there), and it is readable by its
// uploader, administrators and whoever may read that record or request — never through a later
// one it was copied into. Reading through a record is reading the record: its row rules decide,
// and the file must still be in a field the reader sees (a salary slip in a hidden or masked field
// stays hidden although the rest of the record is readable).
//
//   refusals(actor, files, target)   the files the actor may not attach (not theirs, not readable)
//   bind(id, target, by)             remembers the first attachment (later ones change nothing)
//   readableThrough(id, instanceId, request)   whether reading via that request is allowed
//   readableInRecord(actor, id)      whether the actor reads the file in the record it came with
//
// Files attached before this record existed have no binding: only their uploader and
// administrators read them.
import type { Actor } from '#engine/core/actor.ts';
import { mentionsFile } from '#engine/core/files/files.ts';
import { principalOf } from '#engine/core/actor.ts';
import { resolveAccess } from '#engine/core/permissions/resolve.ts';
import type { ErrorDetail } from '#engine/core/errors.ts';
import { DuplicateKeyError, type Collection, type DocumentStore } from '#engine/ports/document-store.ts';
import type { Clock } from '#engine/ports/clock.ts';

export const FILE_BINDINGS = 'file_bindings';

export interface FileBinding {
  id: string;
  /** The record the file was first attached to (a form field). */
  record?: { form: string; id: string };
  /** The request (flow instance) it was first attached to: its record's, or an action's attachment. */
  instanceId?: string;
  by: string;
  at: string;
}

export type BindingTarget = Pick<FileBinding, 'record' | 'instanceId'>;

/** What the bindings need to know about files, records and requests (the composition root wires it). */
export interface FileBindingLookups {
  /** The uploader of a file (null: no such file). */
  owner(fileId: string): Promise<string | null>;
  /**
   * The record's data as the actor may read it (its form's grants and row rules; hidden fields
   * left out, masked ones masked), or null when they may not read it.
   */
  recordAsSeen(actor: Actor, form: string, id: string): Promise<unknown>;
  /** Whether the actor takes part in that request (or may read every request). */
  mayReadRequest(actor: Actor, instanceId: string): Promise<boolean>;
}

export class FileBindings {
  readonly bindings: Collection<FileBinding>;

  constructor(private readonly options: { store: DocumentStore; clock: Clock; lookups: FileBindingLookups }) {
    this.bindings = options.store.collection<FileBinding>(FILE_BINDINGS);
  }

  async get(fileId: string): Promise<FileBinding | null> {
    return this.bindings.get(fileId);
  }

  /** Whether the actor may read the file wherever it is: uploader, administrator, or its first place. */
  async mayRead(actor: Actor, fileId: string, target?: BindingTarget): Promise<boolean> {
    const principal = principalOf(actor);
    if (principal.roles.includes('system') || resolveAccess(principal, 'files', 'admin').allowed) return true;
    const owner = await this.options.lookups.owner(fileId);
    if (owner === null) return false;
    if (owner === principal.userId) return true;
    const binding = await this.get(fileId);
    if (!binding) return false;
    // Saving the record (or request) again with the file it already holds.
    if (target && sameTarget(binding, target)) return true;
    if (await this.seenInRecord(actor, fileId, binding)) return true;
    return !!binding.instanceId && (await this.options.lookups.mayReadRequest(actor, binding.instanceId));
  }

  /**
   * Whether the actor may read the file in the record it was first attached to: they may read
   * that record, and the file is in a field they see there (it may since have been removed).
   */
  async readableInRecord(actor: Actor, fileId: string): Promise<boolean> {
    const binding = await this.get(fileId);
    return !!binding && (await this.seenInRecord(actor, fileId, binding));
  }

  private async seenInRecord(actor: Actor, fileId: string, binding: FileBinding): Promise<boolean> {
    if (!binding.record) return false;
    const seen = await this.options.lookups.recordAsSeen(actor, binding.record.form, binding.record.id);
    return seen !== null && seen !== undefined && mentionsFile(seen, fileId);
  }

  /** The refusals for attaching these files (id and where it is in the input); empty: all fine. */
  async refusals(
    actor: Actor,
    files: ReadonlyArray<{ id: string; path: string }>,
    target: BindingTarget,
  ): Promise<ErrorDetail[]> {
    const out: ErrorDetail[] = [];
    for (const f of files)
      if (!(await this.mayRead(actor, f.id, target)))
        out.push({
          path: f.path,
          message: `file "${f.id}" is not yours to attach`,
          messageZh: `文件“${f.id}”不是您可以附加的文件`,
        });
    return out;
  }

  /** Remembers where a file was first attached (idempotent; a later attachment changes nothing). */
  async bind(fileId: string, target: BindingTarget, by: string): Promise<void> {
    if (await this.get(fileId)) return;
    try {
      await this.bindings.insert({
        id: fileId,
        ...target,
        by,
        at: new Date(this.options.clock.now()).toISOString(),
      });
    } catch (e) {
      if (!(e instanceof DuplicateKeyError)) throw e;
    }
  }

  /**
   * Whether a participant of `instanceId` may read the file through it: the request must be where
   * the file was first attached (the request itself, or the record it was made from).
   */
  async readableThrough(fileId: string, instanceId: string, request: unknown): Promise<boolean> {
    const binding = await this.get(fileId);
    if (!binding) return false;
    if (binding.instanceId === instanceId) return true;
    const record = (request as { variables?: { record?: { form?: unknown; id?: unknown } } }).variables
      ?.record;
    return !!binding.record && binding.record.form === record?.form && binding.record.id === record?.id;
  }
}

function sameTarget(binding: FileBinding, target: BindingTarget): boolean {
  if (target.record && binding.record)
    return target.record.form === binding.record.form && target.record.id === binding.record.id;
  return !!target.instanceId && binding.instanceId === target.instanceId;
}
