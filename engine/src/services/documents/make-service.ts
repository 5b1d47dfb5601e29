// Making a document from a record with one action (core/documents/makes.ts): the declared
// make of the record's form, its modules enabled, its look-ups found (as the system: they name
// the records the new one links to, which the link check then holds to the caller's rights),
// its refusals, then one create as the caller — with an id derived from the record and the
// make, so pressing twice, or two people at once, makes one record and the second gets it back.
import type { DocumentMake } from '#schemas/generated/index.ts';
import type { DecidedActor } from '#engine/core/actor.ts';
import { feelData } from '#engine/core/automations/feel-values.ts';
import { documentErrors } from '#engine/core/documents/errors.ts';
import {
  lookupFilter,
  madeData,
  madeId,
  makeRefusals,
  type MakeScope,
} from '#engine/core/documents/makes.ts';
import { clockFunctions } from '#engine/core/flows/feel-scope.ts';
import type { Action } from '#engine/core/permissions/resolve.ts';
import type { Clock } from '#engine/ports/clock.ts';
import type { RecordEnvelope } from '#schemas/generated/index.ts';
import type { RecordService } from '../records/record-service.ts';

export interface MakeDeps {
  records: RecordService;
  clock: Clock;
  moduleEnabled(id: string): Promise<boolean>;
  settings(module: string): Promise<Record<string, unknown>>;
}

/** Decides the caller's rights on a form for an action (the HTTP request's `actorFor`). */
export type ActorFor = (resource: string, action: Action) => DecidedActor;

export interface Made {
  record: RecordEnvelope;
  /** False: it had been made before, this is that record. */
  created: boolean;
}

const LOOKUP_SCAN = 20;

export class MakeService {
  constructor(private readonly deps: MakeDeps) {}

  /** The makes of a form whose modules are enabled now (what its page may offer). */
  async available(form: string): Promise<DocumentMake[]> {
    const latest = await this.deps.records.forms.latest(form);
    const out: DocumentMake[] = [];
    for (const make of latest.definition.makes ?? [])
      if ((await this.missingModule(make)) === null) out.push(make);
    return out;
  }

  async make(actorFor: ActorFor, form: string, id: string, makeId: string): Promise<Made> {
    const { records } = this.deps;
    const reader = actorFor(`record:${form}`, 'read');
    await records.get(reader, form, id);
    const row = await records.storedRow(reader, form, id);
    const make = (await records.forms.latest(form)).definition.makes?.find((m) => m.id === makeId);
    if (!make) throw documentErrors.makeNotFound(form, makeId);
    const missing = await this.missingModule(make);
    if (missing !== null) throw documentErrors.makeModuleDisabled(missing);
    const target = await records.forms.current(make.form).catch(() => null);
    if (!target) throw documentErrors.makeModuleDisabled(make.form);

    const made = madeId(id, make);
    const before = await this.madeBefore(actorFor, make, made, id);
    if (before) return { record: before, created: false };

    const compiled = await records.forms.compiled(form, row.formVersion);
    const { data } = records.codec.decode(compiled, id, row.data);
    const scope: MakeScope = {
      data: feelData(compiled.fields, data),
      record: { id, ...(row.number ? { number: row.number } : {}), owner: row.owner },
      settings: await this.deps.settings(target.definition.module ?? ''),
      ...clockFunctions(this.deps.clock.now()),
    };
    for (const [name, lookup] of Object.entries(make.lookups ?? {}))
      scope[name] = await this.lookup(lookup.form, lookupFilter(lookup.where, scope));
    const refusals = makeRefusals(make, scope);
    if (refusals.length) throw documentErrors.makeRefused(refusals);
    try {
      const record = await records.create(
        actorFor(`record:${make.form}`, 'create'),
        make.form,
        madeData(make, scope, id),
        {
          id: made,
        },
      );
      return { record, created: true };
    } catch (e) {
      // Someone made it between the look and the insert: theirs is the one.
      if ((e as { code?: string }).code !== 'RECORD_EXISTS') throw e;
      const theirs = await this.madeBefore(actorFor, make, made, id);
      if (!theirs) throw e;
      return { record: theirs, created: false };
    }
  }

  /**
   * The record made before, as the caller may read it: the one with the made id (deleted since:
   * refused — restore it), else a live one linking back (made by hand or by an automation).
   */
  private async madeBefore(
    actorFor: ActorFor,
    make: DocumentMake,
    id: string,
    sourceId: string,
  ): Promise<RecordEnvelope | null> {
    const col = this.deps.records.collection(make.form);
    let row = await col.get(id);
    if (row?.deleted) throw documentErrors.madeDeleted(make.form, id);
    row ??=
      (
        await col.find(
          { [`data.${make.backLink}`]: sourceId, deleted: false },
          { limit: 1, sort: [['createdAt', 1]] },
        )
      ).items[0] ?? null;
    if (!row) return null;
    return this.deps.records.get(actorFor(`record:${make.form}`, 'read'), make.form, row.id);
  }

  /** The first live record of `form` matching `where` (not cancelled), as FEEL sees it; else null. */
  private async lookup(form: string, where: Record<string, unknown>): Promise<unknown> {
    const { records } = this.deps;
    const { items } = await records
      .collection(form)
      .find({ ...where, deleted: false }, { limit: LOOKUP_SCAN, sort: [['createdAt', 1]] });
    const row = items.find((r) => r.docstatus !== 'cancelled');
    if (!row) return null;
    const compiled = await records.forms.compiled(form, row.formVersion);
    const { data } = records.codec.decode(compiled, row.id, row.data);
    return {
      id: row.id,
      ...(row.number ? { number: row.number } : {}),
      data: feelData(compiled.fields, data),
    };
  }

  private async missingModule(make: DocumentMake): Promise<string | null> {
    for (const m of make.requiresModules ?? []) if (!(await this.deps.moduleEnabled(m))) return m;
    return null;
  }
}
