// Claiming a record from its form's shared pool (`pool` in the form definition: a CRM's public
// pool, 公海). A record whose pool field is true is in the pool; whoever may read and update it
// claims it — they become its owner, their department its department, and it leaves the pool,
// in one write at the record's revision, so two people claiming at once cannot both get it (the
// second gets 409 REVISION_CONFLICT). Above the limit of records the claimer holds outside the
// pool the claim is refused (409 POOL_CLAIM_LIMIT): a pool whose best records one person can
// empty into their own list is no pool. Putting records back is an ordinary update of the field.
import type { RecordEnvelope } from '#schemas/generated/index.ts';
import type { DecidedActor } from '#engine/core/actor.ts';
import type { Clock } from '#engine/ports/clock.ts';
import { poolErrors } from '#engine/core/forms/pool-errors.ts';
import { assertAllowed, assertFormRole } from './record-rules.ts';
import type { RecordService } from './record-service.ts';

export class RecordPool {
  constructor(
    private readonly deps: {
      records: RecordService;
      clock: Clock;
      /** A module's settings (a limit may name one). */
      settings: (module: string) => Promise<Record<string, unknown>>;
    },
  ) {}

  /** The caller (decided for `record:<form>` update) takes the record out of the pool. */
  async claim(actor: DecidedActor, formId: string, id: string): Promise<RecordEnvelope> {
    assertAllowed(actor.decision);
    const { records } = this.deps;
    const latest = await records.forms.latest(formId);
    const pool = latest.definition.pool;
    if (!pool) throw poolErrors.noPool(formId);
    assertFormRole(latest.definition, actor, 'update');
    const row = await records.storedRow(actor, formId, id);
    const data = row.data as Record<string, unknown>;
    if (data[pool.field] !== true || row.deleted) throw poolErrors.notInPool();
    const me = actor.principal.userId;
    const limit = await this.limitOf(latest.definition.module, pool.limit);
    if (limit !== null) {
      const held = await records.collection(formId).count({
        owner: me,
        deleted: false,
        [`data.${pool.field}`]: { $ne: true },
      });
      if (held >= limit) throw poolErrors.limit(limit, held);
    }
    const department = actor.principal.department;
    const stamp = pool.stamp
      ? { [pool.stamp]: new Date(this.deps.clock.now()).toISOString().slice(0, 10) }
      : {};
    return records.changeLifecycle(actor, formId, id, row.rev, {
      action: 'update',
      auditAction: 'record.claim',
      event: 'updated',
      set: {
        owner: me,
        ...(department ? { department } : {}),
        data: { ...data, ...stamp, [pool.field]: false },
      },
      meta: {
        owner: { before: row.owner, after: me },
        department: { before: row.department ?? null, after: department ?? null },
        [`data.${pool.field}`]: { before: true, after: false },
      },
    });
  }

  private async limitOf(
    module: string,
    limit: number | { setting: string } | undefined,
  ): Promise<number | null> {
    if (limit === undefined) return null;
    if (typeof limit === 'number') return limit;
    const value = (await this.deps.settings(module))[limit.setting];
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  }
}
