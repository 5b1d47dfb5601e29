// The audit log service: an append-only, sealed hash chain. Every write, login (success and
// failure), permission change, approval action and export is recorded here with who, when, what,
// digests of the state before and after, and the request id.
//
// Tamper evidence (core/audit/): every entry is sealed with an HMAC under the audit key, which does
// not live in the store (audit-config.ts), so an entry cannot be rewritten and re-hashed by whoever
// can write the store; and the head is anchored outside the store (`anchor()`: the anchor file,
// every backup's manifest, the administrators' e-mail — anchoring.ts), so cutting the log short
// shows too. `verify()` reads the chain and the anchors and says which kind of tampering and where.
//
// Appending from several processes at once (N API replicas, workers) must never fork the chain.
// Entry n has the id entryId(n); the store's unique id makes "insert entry n" succeed for exactly
// one writer. A writer that loses (DuplicateKeyError) re-reads the head and builds entry n+1 on
// the winner's hash. Inserts are atomic on every store we run on, FerretDB included (its caveat in
// docs/decisions/0002 concerns conditional updates, which this does not use). Within one process
// appends are queued, so they rarely collide.
//
// Extension point: `onRecord(listener)` sees every entry after it is stored, e.g. the abnormal-
// export alert (records/export-alerts.ts) counts `record.export` entries per user and window and
// raises an alert.
import { ConfigError } from '#engine/config.ts';
import { makeAnchor, type AnchorKind, type AuditAnchor } from '#engine/core/audit/anchors.ts';
import type { AuditKeys } from '#engine/core/audit/audit-keys.ts';
import {
  changedFields,
  digest,
  entryId,
  GENESIS_HASH,
  sealEntry,
  type AuditEntry,
} from '#engine/core/audit/chain.ts';
import { ChainVerifier, type ChainReport } from '#engine/core/audit/verify.ts';
import type { Clock } from '#engine/ports/clock.ts';
import {
  DuplicateKeyError,
  type Collection,
  type DocumentStore,
  type Filter,
  type Page,
} from '#engine/ports/document-store.ts';
import type { AnchorBook } from './anchor-file.ts';
import { MISSING_AUDIT_KEY_HELP } from './audit-config.ts';

export const AUDIT = 'audit';

export type { AuditEntry, ChainReport };

export interface AuditActor {
  userId: string;
  login: string;
}

export interface AuditRecordInput {
  /** What was done: `<area>.<verb>`, e.g. auth.login, user.update, role.update, record.export. */
  action: string;
  /** The resource acted on (the permission resource name), e.g. users, record:customer. */
  resource: string;
  resourceId?: string;
  /** Who acted; null or absent for the system or an anonymous caller. */
  actor?: AuditActor | null;
  outcome?: AuditEntry['outcome'];
  requestId?: string;
  ip?: string;
  /** The state before the change; only its digest is stored. */
  before?: unknown;
  /** The state after the change; only its digest is stored. */
  after?: unknown;
  /** Small facts worth keeping in clear (row counts, a reason, a target user). */
  details?: Record<string, unknown>;
}

export interface AuditQuery {
  /** User id of the actor. */
  actor?: string;
  /** Exact action, or a prefix ending in `*` (auth.*). */
  action?: string;
  resource?: string;
  resourceId?: string;
  outcome?: AuditEntry['outcome'];
  /** ISO timestamps: from inclusive, to exclusive. */
  from?: string;
  to?: string;
}

export type AuditListener = (entry: AuditEntry) => void | Promise<void>;

export interface AuditHead {
  seq: number;
  hash: string;
}

export interface AuditLogOptions {
  /** The keys that seal entries and anchors; null or absent: an unkeyed chain (public hashes). */
  keys?: AuditKeys | null;
  /** Where anchors are appended and read back (the anchor file); absent: none kept. */
  anchors?: AnchorBook | null;
  /** A listener threw: the entry is stored all the same. */
  onListenerError?: (error: unknown, entry: AuditEntry) => void;
}

const MAX_APPEND_ATTEMPTS = 100;

export class AuditLog {
  private readonly col: Collection<AuditEntry>;
  private head: AuditHead | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<AuditListener>();
  readonly keys: AuditKeys | null;
  readonly anchors: AnchorBook | null;

  constructor(
    store: DocumentStore,
    private readonly clock: Clock,
    private readonly options: AuditLogOptions = {},
  ) {
    this.col = store.collection<AuditEntry>(AUDIT);
    this.keys = options.keys ?? null;
    this.anchors = options.anchors ?? null;
  }

  /**
   * Indexes, and the key check: a chain sealed with a key cannot go on without one (its entries
   * would look forged), and a chain made before keys existed goes on sealed from here, saying so.
   */
  async init(): Promise<void> {
    await this.col.ensureIndex({ fields: [['actor.userId', 1]] });
    await this.col.ensureIndex({ fields: [['action', 1]] });
    await this.col.ensureIndex({ fields: [['resource', 1]] });
    await this.col.ensureIndex({ fields: [['at', 1]] });
    const last = await this.col.findOne({}, { sort: [['id', -1]] });
    if (last?.keyId !== undefined && !this.keys)
      throw new ConfigError(
        `the audit log is sealed with the audit key "${last.keyId}", but no audit key is configured. ${MISSING_AUDIT_KEY_HELP}`,
      );
    if (last && last.keyId === undefined && this.keys)
      await this.record({
        action: 'audit.keyed',
        resource: 'audit',
        details: { legacyEntries: last.seq, keyId: this.keys.activeId },
      });
  }

  /** Appends an entry; resolves with it once stored. */
  record(input: AuditRecordInput): Promise<AuditEntry> {
    const run = this.queue.then(() => this.append(input));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Calls `listener` with every entry this process records; returns the unsubscribe function. */
  onRecord(listener: AuditListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async search(query: AuditQuery, page: { limit: number; cursor?: string }): Promise<Page<AuditEntry>> {
    const and: Filter[] = [];
    if (query.actor) and.push({ 'actor.userId': query.actor });
    if (query.action)
      and.push(
        query.action.endsWith('*')
          ? { action: { $regex: `^${escapeRegex(query.action.slice(0, -1))}` } }
          : { action: query.action },
      );
    if (query.resource) and.push({ resource: query.resource });
    if (query.resourceId) and.push({ resourceId: query.resourceId });
    if (query.outcome) and.push({ outcome: query.outcome });
    if (query.from) and.push({ at: { $gte: query.from } });
    if (query.to) and.push({ at: { $lt: query.to } });
    const filter: Filter = and.length === 0 ? {} : and.length === 1 ? (and[0] as Filter) : { $and: and };
    return this.col.find(filter, {
      sort: [['id', -1]],
      limit: page.limit,
      ...(page.cursor ? { after: page.cursor } : {}),
    });
  }

  /**
   * Reads the whole chain and compares it with the anchors kept outside the store (and `extra`
   * ones given: from a backup's manifest, an e-mail); reports every kind of tampering and where.
   */
  async verify(options: { extra?: AuditAnchor[]; batch?: number } = {}): Promise<ChainReport> {
    const kept = this.anchors ? await this.anchors.read() : { anchors: [], damaged: 0 };
    const verifier = new ChainVerifier(this.keys, kept.anchors, options.extra ?? [], kept.damaged);
    let after: string | undefined;
    for (;;) {
      const page = await this.col.find(
        {},
        { sort: [['id', 1]], limit: options.batch ?? 500, ...(after ? { after } : {}) },
      );
      for (const entry of page.items) verifier.push(entry);
      if (!page.nextCursor) return verifier.report();
      after = page.nextCursor;
    }
  }

  /** The last stored entry's sequence number and hash (seq 0: empty). */
  async readHead(): Promise<AuditHead> {
    const last = await this.col.findOne({}, { sort: [['id', -1]] });
    return last ? { seq: last.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
  }

  /**
   * Seals the head (or the given one) as an anchor and appends it to the anchor file; returns it,
   * or null without a key (an unsealed anchor would prove nothing).
   */
  async anchor(kind: AnchorKind, head?: AuditHead): Promise<AuditAnchor | null> {
    if (!this.keys) return null;
    const at = new Date(this.clock.now()).toISOString();
    const anchor = makeAnchor(this.keys, head ?? (await this.readHead()), kind, at);
    await this.anchors?.append(anchor);
    return anchor;
  }

  private async append(input: AuditRecordInput): Promise<AuditEntry> {
    const at = new Date(this.clock.now()).toISOString();
    let head = this.head ?? (await this.readHead());
    for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
      const entry = buildEntry(input, head, at, this.keys);
      try {
        const { rev: _rev, ...stored } = await this.col.insert(entry);
        this.head = { seq: entry.seq, hash: entry.hash };
        await this.notify(stored as AuditEntry);
        return stored as AuditEntry;
      } catch (e) {
        if (!(e instanceof DuplicateKeyError)) throw e;
        head = await this.readHead(); // another writer took this sequence number
      }
    }
    throw new Error(`audit: could not append after ${MAX_APPEND_ATTEMPTS} attempts`);
  }

  private async notify(entry: AuditEntry): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(entry);
      } catch (e) {
        this.options.onListenerError?.(e, entry);
      }
    }
  }
}

function buildEntry(
  input: AuditRecordInput,
  head: AuditHead,
  at: string,
  keys: AuditKeys | null,
): AuditEntry {
  const seq = head.seq + 1;
  const hasBefore = input.before !== undefined;
  const hasAfter = input.after !== undefined;
  const content: Omit<AuditEntry, 'hash' | 'keyId'> = {
    id: entryId(seq),
    seq,
    at,
    ...(input.actor ? { actor: { userId: input.actor.userId, login: input.actor.login } } : {}),
    action: input.action,
    resource: input.resource,
    ...(input.resourceId !== undefined ? { resourceId: input.resourceId } : {}),
    outcome: input.outcome ?? 'success',
    ...(input.requestId !== undefined ? { requestId: input.requestId } : {}),
    ...(input.ip !== undefined ? { ip: input.ip } : {}),
    ...(hasBefore ? { before: digest(input.before) } : {}),
    ...(hasAfter ? { after: digest(input.after) } : {}),
    ...(hasBefore && hasAfter ? { changed: changedFields(input.before, input.after) } : {}),
    ...(input.details
      ? { details: JSON.parse(JSON.stringify(input.details)) as Record<string, unknown> }
      : {}),
    prevHash: head.hash,
  };
  return sealEntry(content, keys);
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
