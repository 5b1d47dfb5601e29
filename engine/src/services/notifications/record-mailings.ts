// A mailing: one template sent through a channel (e-mail, SMS) to the address in each record a
// filter selects — customers of a campaign's segment, members of an offer — in batches, each
// record at most once per mailing even when the sender dies and the mailing is run again, with a
// delivery log per recipient (`mailing_deliveries`).
//
//   batch (id order, the cursor saved in `mailings` after each)
//     ──► claim: one delivery document per record, id `<mailing>:<record>` (a unique key, not a
//         look-then-write): `sending` with this run's claim, or `skipped` (opted out, no address)
//     ──► send the claimed ones through the channel (the delivery id is the message id), then
//         record them: the batch's `sent` in one write, each `failed` (or unreachable) on its own
//   a run that finds a delivery left `sending` by a run that died asks the channel which of them
//   went out (NotificationChannel.sentOf): those are `sent`, the others are sent now; a channel
//   that cannot tell leaves them `unknown` — never sent twice.
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
const DEFAULT_BATCH = 500;
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
    let doc = await this.start(spec);
    const actor = systemActor(`record:${spec.form}`, 'read', spec.by);
    while (doc.status === 'running') {
      const page = await this.deps.records.list(actor, spec.form, {
        where: spec.where,
        sort: [{ field: 'id', direction: 'asc' }],
        limit: spec.batchSize ?? DEFAULT_BATCH,
        ...(doc.cursor ? { cursor: doc.cursor } : {}),
      });
      await this.batch(spec, page.items);
      doc = await this.advance(doc, page.nextCursor);
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

  /** One page of records: claim, send what this run claimed or what a dead run left, record. */
  private async batch(spec: MailingSpec, records: RecordEnvelope[]): Promise<void> {
    if (records.length === 0) return;
    const ids = records.map((r) => deliveryId(spec.id, r.id));
    const before = new Map(
      (await this.deliveries.find({ id: { $in: ids } }, { limit: ids.length })).items.map((d) => [d.id, d]),
    );
    const fresh = records.filter((r) => !before.has(deliveryId(spec.id, r.id)));
    const claimed = await this.insertClaims(fresh.map((r) => this.claimOf(spec, r)));
    const mine = claimed.filter((d) => d.status === 'sending');
    const left = [...before.values()].filter((d) => d.status === 'sending');
    const resend = left.length ? await this.recover(left) : [];
    const byId = new Map(records.map((r) => [deliveryId(spec.id, r.id), r]));
    const queue = [...mine, ...resend];
    const sent: string[] = [];
    const lane = async () => {
      for (let d = queue.shift(); d; d = queue.shift()) {
        const outcome = await this.deliver(spec, d, byId.get(d.id)!);
        if (outcome.status === 'sent') sent.push(d.id);
        else await this.deliveries.update(d.id, d.rev, { set: { ...outcome, at: this.iso() } });
      }
    };
    await Promise.all(Array.from({ length: Math.min(AT_ONCE, queue.length) }, lane));
    // One write for the batch's sent deliveries (under this run's claim), not one per recipient.
    if (sent.length)
      await this.deliveries.updateMany(
        { id: { $in: sent }, claim: this.claim, status: 'sending' },
        { set: { status: 'sent', at: this.iso() } },
      );
  }

  private claimOf(spec: MailingSpec, record: RecordEnvelope): DeliveryDoc {
    const address = valueAt(record, spec.addressField);
    const optedOut = spec.optOutField ? valueAt(record, spec.optOutField) === true : false;
    const base = {
      id: deliveryId(spec.id, record.id),
      mailing: spec.id,
      recordId: record.id,
      channel: spec.channel,
      claim: this.claim,
      at: this.iso(),
    };
    if (optedOut) return { ...base, status: 'skipped', reason: 'opted-out' };
    if (typeof address !== 'string' || address.trim() === '')
      return { ...base, status: 'skipped', reason: 'no-address' };
    return { ...base, address: address.trim(), status: 'sending' };
  }

  /**
   * Inserts the claims; returns those this run holds. The unique id decides: a claim another run
   * inserted first is theirs (read back by its claim mark, since a failed insertMany does not say
   * which of its documents went in).
   */
  private async insertClaims(docs: DeliveryDoc[]): Promise<Stored<DeliveryDoc>[]> {
    if (docs.length === 0) return [];
    try {
      return await this.deliveries.insertMany(docs);
    } catch (e) {
      if (!(e instanceof DuplicateKeyError)) throw e;
    }
    const held: Stored<DeliveryDoc>[] = [];
    for (const doc of docs) {
      try {
        held.push(await this.deliveries.insert(doc));
      } catch (e) {
        if (!(e instanceof DuplicateKeyError)) throw e;
        const there = await this.deliveries.get(doc.id);
        if (there?.claim === this.claim) held.push(there);
      }
    }
    return held;
  }

  /**
   * Deliveries a dead run left `sending`: the ones the channel sent are recorded `sent`; the
   * others are claimed by this run (at their revision) and returned to be sent; without a way to
   * ask the channel they become `unknown`.
   */
  private async recover(left: Stored<DeliveryDoc>[]): Promise<Stored<DeliveryDoc>[]> {
    const ask = this.deps.channel.sentOf?.bind(this.deps.channel);
    const went = ask ? await ask(left.map((d) => d.id)) : null;
    const resend: Stored<DeliveryDoc>[] = [];
    for (const d of left) {
      const status: DeliveryStatus = went === null ? 'unknown' : went.has(d.id) ? 'sent' : 'sending';
      try {
        const next = await this.deliveries.update(d.id, d.rev, {
          set: { status, claim: this.claim, at: this.iso() },
        });
        if (status === 'sending') resend.push(next);
      } catch (e) {
        if (!(e instanceof RevisionConflictError)) throw e; // another run took it over
      }
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
