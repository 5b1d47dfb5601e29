// A mailing: one template sent through a channel (e-mail, SMS) to the address in each record a
// filter selects — customers of a campaign's segment, members of an offer — in batches, each
// record at most once per mailing even when the sender dies and the mailing is run again, with a
// delivery log per recipient (`mailing_deliveries`).
//
//   batch (id order, the cursor saved in `mailings` after each)
//     ──► claim: one delivery document per record, id `<mailing>:<record>` (a unique key, not a
//         look-then-write), all in one insert: `sending` with this run's claim and batch key, or
//         `skipped` (opted out, no address)
//     ──► send the claimed ones through the channel (the delivery id is the message id), then
//         record them: the batch's `sent` in one write selected by its batch key, each `failed`
//         (or unreachable) on its own
//   a run that finds a delivery left `sending` by a run that died (its insert met them) takes
//   them over in one write per dead run and asks the channel which of them went out
//   (NotificationChannel.sentOf): those are `sent`, the others are sent now; a channel that
//   cannot tell leaves them `unknown` — never sent twice.
//
// Store round trips per batch: the page of records (read while the batch before is being marked),
// one insert, one bulk mark, the cursor — none per recipient. The bulk writes select by equality (batch key, claim), never by a list of ids:
// FerretDB tests an `$in` of n ids against every document (a 500-id mark of a 10,000-delivery
// log took 20–50 s on the loaded test machine, by batch key 3–4 s; decision 0022).
//
// Two runs of one mailing at the same instant (a job delivered twice) can both re-send a delivery
// left `sending` by a dead run; new deliveries are claimed by one of them only.
import { randomUUID } from 'node:crypto';
import type { LocalizedText, RecordEnvelope } from '#schemas/generated/index.ts';
import { fillTemplate } from '#engine/core/mailings/template.ts';
import type { Clock } from '#engine/ports/clock.ts';
import {
  DuplicateKeyError,
  RevisionConflictError,
  type Collection,
  type DocumentStore,
  type Stored,
} from '#engine/ports/document-store.ts';
import { systemActor } from '../modules/system-actor.ts';
import type { RecordService } from '../records/record-service.ts';
import type { NotificationChannel, Recipient } from './channels.ts';

export const MAILINGS = 'mailings';
export const MAILING_DELIVERIES = 'mailing_deliveries';
/**
 * Records per batch: the most a records page holds. Each page is one query, and on FerretDB v1
 * every sorted query reads the whole collection (no sort pushdown), so fewer, larger pages.
 */
export const DEFAULT_BATCH = 1000;
/** Sends in flight at once: a gateway call and a store write each, independent of each other. */
const AT_ONCE = 8;

type Locale = 'en' | 'zh-CN';

export interface MailingSpec {
  /** The mailing's id (a campaign's record id): each record gets at most one delivery under it. */
  id: string;
  form: string;
  /** A records query `where` (record paths → value or condition). */
  where: Record<string, unknown>;
  /** A registered channel: 'email' or 'sms'. */
  channel: string;
  /** Record path of the address (`data.email`, `data.phone`). */
  addressField: string;
  /** Record path of a yes/no field: true means the recipient opted out. */
  optOutField?: string;
  /** Record path of the recipient's language ('en' or 'zh-CN'); else `locale`. */
  localeField?: string;
  locale?: Locale;
  /** Subject (e-mail) and text, in both languages, with {{field}} merge fields from the record's data. */
  template: { subject?: LocalizedText; text: LocalizedText };
  kind?: string;
  batchSize?: number;
  /** Who sends (the flow or automation), for the read of the records. */
  by: string;
}

export type DeliveryStatus = 'sending' | 'sent' | 'skipped' | 'failed' | 'unknown';

export interface DeliveryDoc {
  id: string;
  mailing: string;
  recordId: string;
  channel: string;
  address?: string;
  status: DeliveryStatus;
  /** Why skipped or failed. */
  reason?: string;
  /** The run that claimed it. */
  claim: string;
  /** The batch of that run that claimed (or took over) it: what the batch's bulk mark selects. */
  batch?: string;
  at: string;
}

interface MailingDoc {
  id: string;
  form: string;
  channel: string;
  status: 'running' | 'done';
  cursor?: string;
  batches: number;
  startedAt: string;
  endedAt?: string;
}

export type MailingCounts = Record<Exclude<DeliveryStatus, 'sending'>, number> & { batches: number };

export interface MailingDeps {
  store: DocumentStore;
  records: RecordService;
  channel: NotificationChannel;
  clock: Clock;
}

export const deliveryId = (mailing: string, recordId: string) => `${mailing}:${recordId}`;

export class RecordMailings {
  private readonly mailings: Collection<MailingDoc>;
  readonly deliveries: Collection<DeliveryDoc>;
  /** This run's claim on the deliveries it creates. */
  private readonly claim = randomUUID();
  /** Batches this run has done (its batch keys are `<claim>:<n>`). */
  private batches = 0;

  constructor(private readonly deps: MailingDeps) {
    this.mailings = deps.store.collection<MailingDoc>(MAILINGS);
    this.deliveries = deps.store.collection<DeliveryDoc>(MAILING_DELIVERIES);
  }

  /** Sends the mailing to the records not sent to yet; returns what its log says. */
  async send(spec: MailingSpec): Promise<MailingCounts> {
    await this.deliveries.ensureIndex({
      fields: [
        ['mailing', 1],
        ['status', 1],
      ],
    });
    await this.deliveries.ensureIndex({ fields: [['batch', 1]] });
    await this.deliveries.ensureIndex({
      fields: [
        ['mailing', 1],
        ['recordId', 1],
      ],
      ordered: true,
    });
    let doc = await this.start(spec);
    const actor = systemActor(`record:${spec.form}`, 'read', spec.by);
    const pageAt = (cursor: string | undefined) =>
      this.deps.records.list(actor, spec.form, {
        where: spec.where,
        sort: [{ field: 'id', direction: 'asc' }],
        limit: spec.batchSize ?? DEFAULT_BATCH,
        ...(cursor ? { cursor } : {}),
      });
    let page = doc.status === 'running' ? await pageAt(doc.cursor) : null;
    while (doc.status === 'running' && page) {
      const { mark } = await this.batch(spec, page.items);
      // The next page is read while the batch's mark is written (on FerretDB v1 the one reads
      // the whole collection, the other writes document by document). The cursor moves on only
      // after the mark, and the next claims wait for it, so a crash leaves what it did before.
      const next = page.nextCursor ? pageAt(page.nextCursor) : null;
      next?.catch(() => undefined); // a failed read is told below, when it is awaited
      await mark;
      const after = page.nextCursor;
      doc = await this.advance(doc, after);
      page = next ? await next : null;
      // Another run moved the mailing on meanwhile: go on from where it is.
      if (doc.status === 'running' && doc.cursor !== after) page = await pageAt(doc.cursor);
    }
    return { ...(await this.counts(spec.id)), batches: doc.batches };
  }

  async counts(mailing: string): Promise<Omit<MailingCounts, 'batches'>> {
    const count = (status: DeliveryStatus) => this.deliveries.count({ mailing, status });
    const [sent, skipped, failed, unknown] = await Promise.all(
      (['sent', 'skipped', 'failed', 'unknown'] as const).map(count),
    );
    return { sent: sent!, skipped: skipped!, failed: failed!, unknown: unknown! };
  }

  private async start(spec: MailingSpec): Promise<Stored<MailingDoc>> {
    try {
      return await this.mailings.insert({
        id: spec.id,
        form: spec.form,
        channel: spec.channel,
        status: 'running',
        batches: 0,
        startedAt: this.iso(),
      });
    } catch (e) {
      if (!(e instanceof DuplicateKeyError)) throw e;
      return (await this.mailings.get(spec.id))!; // run again (after a crash): go on from its cursor
    }
  }

  private async advance(doc: Stored<MailingDoc>, next: string | null): Promise<Stored<MailingDoc>> {
    const set = next
      ? { cursor: next, batches: doc.batches + 1 }
      : { status: 'done', batches: doc.batches + 1, endedAt: this.iso() };
    try {
      return await this.mailings.update(doc.id, doc.rev, { set });
    } catch (e) {
      if (!(e instanceof RevisionConflictError)) throw e;
      return (await this.mailings.get(doc.id))!; // another run moved it on: follow it
    }
  }

  /**
   * One page of records: claim, send what this run claimed or what a dead run left; returns the
   * write that records them (`mark`), under way.
   */
  private async batch(spec: MailingSpec, records: RecordEnvelope[]): Promise<{ mark: Promise<unknown> }> {
    if (records.length === 0) return { mark: Promise.resolve() };
    const batch = `${this.claim}:${++this.batches}`;
    const page = { first: records[0]!.id, last: records.at(-1)!.id };
    const { held, before } = await this.insertClaims(spec, page, batch, records);
    const left = before.filter((d) => d.status === 'sending');
    const byId = new Map(records.map((r) => [deliveryId(spec.id, r.id), r]));
    const resend = left.length ? await this.recover(spec, page, batch, left, held, byId) : [];
    const queue = [...held.filter((d) => d.status === 'sending'), ...resend];
    const marking = queue.length > 0 || left.length > 0;
    const lane = async () => {
      for (let d = queue.shift(); d; d = queue.shift()) {
        const outcome = await this.deliver(spec, d, byId.get(d.id)!);
        if (outcome.status !== 'sent')
          await this.deliveries.update(d.id, d.rev, { set: { ...outcome, at: this.iso() } });
      }
    };
    await Promise.all(Array.from({ length: Math.min(AT_ONCE, queue.length) }, lane));
    // One write for the batch: what is still `sending` under its key went out (sent now, or by a
    // dead run as the channel said); the failed ones were recorded above.
    const mark = marking
      ? this.deliveries.updateMany(
          { batch, claim: this.claim, status: 'sending' },
          { set: { status: 'sent', at: this.iso() } },
        )
      : Promise.resolve();
    return { mark };
  }

  private claimOf(spec: MailingSpec, record: RecordEnvelope, batch: string): DeliveryDoc {
    const address = valueAt(record, spec.addressField);
    const optedOut = spec.optOutField ? valueAt(record, spec.optOutField) === true : false;
    const base = {
      id: deliveryId(spec.id, record.id),
      mailing: spec.id,
      recordId: record.id,
      channel: spec.channel,
      claim: this.claim,
      batch,
      at: this.iso(),
    };
    if (optedOut) return { ...base, status: 'skipped', reason: 'opted-out' };
    if (typeof address !== 'string' || address.trim() === '')
      return { ...base, status: 'skipped', reason: 'no-address' };
    return { ...base, address: address.trim(), status: 'sending' };
  }

  /**
   * Inserts the page's claims in one write; returns those this run holds and the deliveries
   * found there before (a resumed run's page, or another run's). The unique id decides; an
   * insert that met one reads what the page has (by its id range, not a list of ids) and inserts
   * the missing ones again, until none is missing.
   */
  private async insertClaims(
    spec: MailingSpec,
    page: { first: string; last: string },
    batch: string,
    records: RecordEnvelope[],
  ): Promise<{ held: Stored<DeliveryDoc>[]; before: Stored<DeliveryDoc>[] }> {
    let missing = records.map((r) => this.claimOf(spec, r, batch));
    const held: Stored<DeliveryDoc>[] = [];
    const before: Stored<DeliveryDoc>[] = [];
    for (;;) {
      try {
        held.push(...(await this.deliveries.insertMany(missing)));
        return { held, before };
      } catch (e) {
        if (!(e instanceof DuplicateKeyError)) throw e; // the ones before the clash went in
      }
      const there = new Map((await this.inPage(spec, page)).items.map((d) => [d.id, d] as const));
      const still: DeliveryDoc[] = [];
      for (const doc of missing) {
        const found = there.get(doc.id);
        if (!found) still.push(doc);
        else if (found.batch === batch && found.claim === this.claim) held.push(found);
        else before.push(found);
      }
      if (still.length === 0) return { held, before };
      missing = still;
    }
  }

  private inPage(spec: MailingSpec, page: { first: string; last: string }) {
    return this.deliveries.find({ mailing: spec.id, recordId: { $gte: page.first, $lte: page.last } });
  }

  /**
   * Deliveries dead runs left `sending` in this page: taken over into this batch (one write per
   * dead run); the ones the channel sent stay `sending` for the batch's mark, the others are
   * returned to be sent — or, when the record is no longer selected, skipped. Without a way to
   * ask the channel they become `unknown`.
   */
  private async recover(
    spec: MailingSpec,
    page: { first: string; last: string },
    batch: string,
    left: Stored<DeliveryDoc>[],
    held: Stored<DeliveryDoc>[],
    byId: Map<string, RecordEnvelope>,
  ): Promise<Stored<DeliveryDoc>[]> {
    const ask = this.deps.channel.sentOf?.bind(this.deps.channel);
    const set = ask
      ? { claim: this.claim, batch, at: this.iso() }
      : { status: 'unknown', claim: this.claim, batch, at: this.iso() };
    for (const dead of new Set(left.map((d) => d.claim)))
      await this.deliveries.updateMany(
        { mailing: spec.id, claim: dead, status: 'sending', recordId: { $gte: page.first, $lte: page.last } },
        { set },
      );
    if (!ask) return [];
    // What this run holds now: another run taking the same ones over at the same instant may win.
    const mine = new Set(held.map((d) => d.id));
    const taken = (await this.deliveries.find({ batch, status: 'sending' })).items.filter(
      (d) => !mine.has(d.id),
    );
    const went = await ask(taken.map((d) => d.id));
    const resend: Stored<DeliveryDoc>[] = [];
    for (const d of taken) {
      if (went.has(d.id)) continue;
      if (byId.has(d.id)) resend.push(d);
      else
        await this.deliveries.update(d.id, d.rev, {
          set: { status: 'skipped', reason: 'not-selected', at: this.iso() },
        });
    }
    return resend;
  }

  /** Sends one delivery; says how it went (the caller records it). */
  private async deliver(
    spec: MailingSpec,
    d: Stored<DeliveryDoc>,
    record: RecordEnvelope,
  ): Promise<{ status: DeliveryStatus; reason?: string }> {
    const wanted = valueAt(record, spec.localeField ?? '');
    const locale: Locale = wanted === 'en' || wanted === 'zh-CN' ? wanted : (spec.locale ?? 'zh-CN');
    const fill = (t: LocalizedText) => ({
      en: fillTemplate(t.en, record.data),
      'zh-CN': fillTemplate(t['zh-CN'], record.data),
    });
    const text = fill(spec.template.text);
    const to: Recipient = {
      id: record.id,
      locale,
      ...(spec.channel === 'sms' ? { phone: d.address! } : { email: d.address! }),
    };
    let status: DeliveryStatus = 'sent';
    let reason: string | undefined;
    try {
      const result = await this.deps.channel.deliver(
        {
          id: d.id,
          title: spec.template.subject ? fill(spec.template.subject) : text,
          ...(spec.template.subject ? { body: text } : {}),
          kind: spec.kind ?? 'mailing',
        },
        to,
      );
      if (result === 'skipped') [status, reason] = ['skipped', 'unreachable'];
    } catch (e) {
      [status, reason] = ['failed', (e as Error).message ?? String(e)];
    }
    return reason ? { status, reason } : { status };
  }

  private iso(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }
}

/** A record path's value: `data.<path>` in the record's data, or an envelope field. */
function valueAt(record: RecordEnvelope, path: string): unknown {
  if (!path) return undefined;
  let at: unknown = record;
  for (const part of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}
