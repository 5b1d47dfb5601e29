// Out-of-office proxies: each user may name one proxy for a time range (one document per user in
// `out_of_office`). New tasks meant for them while they are away go to the proxy (see
// core/approvals/proxies.ts); tasks they already hold stay (they may transfer them).
import { approvalErrors } from '#engine/core/approvals/errors.ts';
import { isAway, parseRange, type OutOfOffice } from '#engine/core/approvals/proxies.ts';
import type { Actor } from '#engine/core/actor.ts';
import type { Clock } from '#engine/ports/clock.ts';
import {
  DuplicateKeyError,
  RevisionConflictError,
  type Collection,
  type DocumentStore,
} from '#engine/ports/document-store.ts';
import type { OrgChart } from '../org/org-chart.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { AuditSink } from '../audit/record-audit.ts';

export const OUT_OF_OFFICE = 'out_of_office';

interface OooDoc extends OutOfOffice {
  updatedAt: string;
}

export interface OutOfOfficeView {
  userId: string;
  proxy: string;
  from: string;
  to: string;
  note?: string;
  /** Away right now. */
  active: boolean;
}

export interface OutOfOfficeInput {
  proxy: string;
  /** ISO date (whole day, UTC) or date-time with a zone. */
  from: string;
  to: string;
  note?: string;
}

export class OutOfOfficeService {
  readonly collection: Collection<OooDoc>;

  constructor(
    store: DocumentStore,
    private readonly clock: Clock,
    private readonly org: OrgChart,
    private readonly audit?: AuditSink,
  ) {
    this.collection = store.collection<OooDoc>(OUT_OF_OFFICE);
  }

  async init(): Promise<void> {
    await this.collection.ensureIndex({ fields: [['to', 1]] });
  }

  private view(d: OooDoc): OutOfOfficeView {
    return {
      userId: d.userId,
      proxy: d.proxy,
      from: new Date(d.from).toISOString(),
      to: new Date(d.to).toISOString(),
      ...(d.note ? { note: d.note } : {}),
      active: isAway(d, this.clock.now()),
    };
  }

  async get(userId: string): Promise<OutOfOfficeView | null> {
    const d = await this.collection.get(userId);
    return d && d.to > this.clock.now() ? this.view(d) : null;
  }

  /** Entries not yet over (the assignment hook checks which are in force at the step's time). */
  async current(): Promise<OutOfOffice[]> {
    const { items } = await this.collection.find({ to: { $gt: this.clock.now() } }, { limit: 10_000 });
    return items.map((d) => ({ userId: d.userId, proxy: d.proxy, from: d.from, to: d.to }));
  }

  async list(): Promise<OutOfOfficeView[]> {
    return (await this.current())
      .map((d) => this.view(d as OooDoc))
      .sort((a, b) => a.from.localeCompare(b.from));
  }

  async set(userId: string, input: OutOfOfficeInput, actor: Actor): Promise<OutOfOfficeView> {
    const range = parseRange(input.from, input.to);
    if (!range)
      throw approvalErrors.outOfOfficeInvalid(
        '/to',
        'from and to must be ISO dates or date-times, with to after from',
        '开始和结束必须是 ISO 日期或日期时间，且结束晚于开始',
      );
    if (range.to <= this.clock.now())
      throw approvalErrors.outOfOfficeInvalid('/to', 'the range is already over', '该时间段已经结束');
    if (input.proxy === userId) throw approvalErrors.selfTarget('proxy');
    const org = await this.org.snapshot();
    if (org.user(input.proxy)?.active !== true) throw approvalErrors.userUnknown('proxy', input.proxy);
    const doc: OooDoc & { id: string } = {
      id: userId,
      userId,
      proxy: input.proxy,
      from: range.from,
      to: range.to,
      ...(input.note ? { note: input.note } : {}),
      updatedAt: new Date(this.clock.now()).toISOString(),
    };
    for (let attempt = 0; attempt < 10; attempt++) {
      const existing = await this.collection.get(userId);
      try {
        if (existing) await this.collection.replace(userId, existing.rev, doc);
        else await this.collection.insert(doc);
        break;
      } catch (e) {
        if (!(e instanceof DuplicateKeyError) && !(e instanceof RevisionConflictError)) throw e;
      }
    }
    await recordAudit(this.audit, actor, {
      action: 'approval.out-of-office',
      resource: 'out-of-office',
      resourceId: userId,
      details: { proxy: input.proxy, from: doc.from, to: doc.to },
    });
    return this.view(doc);
  }

  async clear(userId: string, actor: Actor): Promise<boolean> {
    const removed = await this.collection.delete(userId);
    if (removed)
      await recordAudit(this.audit, actor, {
        action: 'approval.out-of-office-clear',
        resource: 'out-of-office',
        resourceId: userId,
      });
    return removed;
  }
}
