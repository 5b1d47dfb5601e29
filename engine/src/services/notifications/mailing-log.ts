// A mailing's delivery log as its record's readers see it: a campaign (a form with `deliveryLog`,
// whose id is the `mailing` of records.mail) lists each recipient's delivery — channel, status,
// why skipped or failed, when — by page, one status or all, with the counts of each status.
// Whoever may read the campaign reads its log; a recipient's title is shown only when the reader
// may read that recipient's record too (its row rules), else just that there was one.
import type { DecidedActor } from '#engine/core/actor.ts';
import { commonErrors } from '#engine/core/errors.ts';
import { recordErrors } from '#engine/core/forms/record-errors.ts';
import { InvalidCursorError, type Collection, type DocumentStore } from '#engine/ports/document-store.ts';
import type { RecordService } from '../records/record-service.ts';
import { MAILING_DELIVERIES, MAILINGS, type DeliveryDoc, type DeliveryStatus } from './record-mailings.ts';

const STATUSES: readonly DeliveryStatus[] = ['sending', 'sent', 'skipped', 'failed', 'unknown'];
const DEFAULT_LIMIT = 50;

export interface DeliveryLogPage {
  /** The recipients' form (null before the mailing started). */
  form: string | null;
  counts: Record<DeliveryStatus, number> & { total: number };
  items: Array<{
    recipient: string;
    /** The recipient's title, when the reader may read that record. */
    title?: string;
    channel: string;
    status: DeliveryStatus;
    reason?: string;
    at: string;
  }>;
  nextCursor: string | null;
}

export class MailingLog {
  private readonly deliveries: Collection<DeliveryDoc>;
  private readonly mailings: Collection<{ form: string }>;

  constructor(private readonly deps: { store: DocumentStore; records: RecordService }) {
    this.deliveries = deps.store.collection<DeliveryDoc>(MAILING_DELIVERIES);
    this.mailings = deps.store.collection<{ form: string }>(MAILINGS);
  }

  /**
   * One page of the log of record `id` of `formId` (`actor` decided for reading it);
   * `readerOf(resource)` decides the reader's reading of the recipients' form (their titles).
   */
  async page(
    actor: DecidedActor,
    formId: string,
    id: string,
    query: { status?: DeliveryStatus; limit?: number; cursor?: string },
    readerOf: (resource: string) => DecidedActor,
  ): Promise<DeliveryLogPage> {
    const { records } = this.deps;
    await records.get(actor, formId, id); // 404 / 403 as for opening the record
    const latest = await records.forms.latest(formId);
    if (!latest.definition.deliveryLog) throw recordErrors.noDeliveryLog(formId);
    const counted = await Promise.all(
      STATUSES.map((status) => this.deliveries.count({ mailing: id, status })),
    );
    const counts = Object.fromEntries(STATUSES.map((s, i) => [s, counted[i]!])) as DeliveryLogPage['counts'];
    counts.total = counted.reduce((a, b) => a + b, 0);
    let page;
    try {
      page = await this.deliveries.find(
        { mailing: id, ...(query.status ? { status: query.status } : {}) },
        {
          sort: [['id', 1]],
          limit: query.limit ?? DEFAULT_LIMIT,
          ...(query.cursor ? { after: query.cursor } : {}),
        },
      );
    } catch (e) {
      if (e instanceof InvalidCursorError) throw commonErrors.invalidCursor('/query/cursor');
      throw e;
    }
    const form = (await this.mailings.get(id))?.form ?? null;
    const titles = form ? await this.titles(form, page.items, readerOf) : new Map<string, string>();
    return {
      form,
      counts,
      items: page.items.map((d) => {
        const title = titles.get(d.recordId);
        return {
          recipient: d.recordId,
          ...(title ? { title } : {}),
          channel: d.channel,
          status: d.status,
          ...(d.reason ? { reason: d.reason } : {}),
          at: d.at,
        };
      }),
      nextCursor: page.nextCursor,
    };
  }

  /** The titles of the recipients the reader may read (none when they may read none). */
  private async titles(
    form: string,
    items: DeliveryDoc[],
    readerOf: (resource: string) => DecidedActor,
  ): Promise<Map<string, string>> {
    const reader = readerOf(`record:${form}`);
    if (!reader.decision.allowed || items.length === 0) return new Map();
    try {
      const ids = items.map((d) => d.recordId);
      const { items: readable } = await this.deps.records.list(reader, form, {
        where: { id: { in: ids } },
        limit: ids.length,
      });
      return new Map(readable.filter((r) => r.title).map((r) => [r.id, r.title!]));
    } catch {
      return new Map(); // the form's roles leave the reader out: no titles, the log still shows
    }
  }
}
