// Request drafts: what an employee has typed into a request form and not yet submitted, saved as
// they type (the portal saves a few seconds after the last change) so that nothing is lost when
// the phone locks or the tab closes, and they can continue on another device. One draft per user
// and catalogue entry; a draft is not validated (it is unfinished by nature) and nobody but its
// author can read it. Fields the form marks sensitive are never kept in a draft: they are
// encrypted at rest in records, and a draft must not become the place where they are not.
//
//   list(userId) · get(userId, key) · save(userId, key, data, { sensitive }) · remove(userId, key)
import { badRequest } from '#engine/core/errors.ts';
import type { Clock } from '#engine/ports/clock.ts';
import type { Collection, DocumentStore } from '#engine/ports/document-store.ts';

export const DRAFTS = 'request_drafts';
/** Largest draft (JSON text), well above any real form and well below a store document's limit. */
export const MAX_DRAFT_BYTES = 256 * 1024;

export interface DraftDoc {
  id: string;
  userId: string;
  key: string;
  data: Record<string, unknown>;
  savedAt: string;
}

export interface DraftView {
  key: string;
  data: Record<string, unknown>;
  savedAt: string;
}

const idOf = (userId: string, key: string): string => `${userId}:${key}`;

/** A copy of `data` without the fields at `paths` (dotted field paths, through arrays). */
export function withoutFields(
  data: Record<string, unknown>,
  paths: readonly string[],
): Record<string, unknown> {
  const copy = structuredClone(data);
  const drop = (node: unknown, segments: string[]): void => {
    if (Array.isArray(node)) {
      for (const item of node) drop(item, segments);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const [head, ...rest] = segments;
    const obj = node as Record<string, unknown>;
    if (head === undefined || !(head in obj)) return;
    if (rest.length === 0) delete obj[head];
    else drop(obj[head], rest);
  };
  for (const path of paths) drop(copy, path.split('.'));
  return copy;
}

export class DraftService {
  readonly drafts: Collection<DraftDoc>;

  constructor(private readonly options: { store: DocumentStore; clock: Clock }) {
    this.drafts = options.store.collection<DraftDoc>(DRAFTS);
  }

  async init(): Promise<void> {
    await this.drafts.ensureIndex({
      fields: [
        ['userId', 1],
        ['savedAt', -1],
      ],
    });
  }

  async list(userId: string): Promise<Array<Omit<DraftView, 'data'>>> {
    const { items } = await this.drafts.find(
      { userId },
      { sort: [['savedAt', -1]], limit: 200, projection: ['key', 'savedAt'] },
    );
    return items.map((d) => ({ key: d.key, savedAt: d.savedAt }));
  }

  async get(userId: string, key: string): Promise<DraftView | null> {
    const doc = await this.drafts.get(idOf(userId, key));
    return doc ? { key: doc.key, data: doc.data, savedAt: doc.savedAt } : null;
  }

  /** Saves (replaces) the user's draft of `key`; the last save wins. */
  async save(
    userId: string,
    key: string,
    data: Record<string, unknown>,
    options: { sensitive?: readonly string[] } = {},
  ): Promise<DraftView> {
    const kept = withoutFields(data, options.sensitive ?? []);
    if (Buffer.byteLength(JSON.stringify(kept)) > MAX_DRAFT_BYTES)
      throw badRequest(
        'DRAFT_TOO_LARGE',
        `A draft may have at most ${MAX_DRAFT_BYTES / 1024} KB`,
        `草稿不能超过 ${MAX_DRAFT_BYTES / 1024} KB`,
        [{ path: '/data', message: 'too large', messageZh: '过大' }],
      );
    const id = idOf(userId, key);
    const doc = { userId, key, data: kept, savedAt: new Date(this.options.clock.now()).toISOString() };
    // Two saves racing (two tabs): retry on the newer revision; the later save wins either way.
    for (let attempt = 0; ; attempt++) {
      const existing = await this.drafts.get(id);
      try {
        if (existing) await this.drafts.replace(id, existing.rev, doc);
        else await this.drafts.insert({ id, ...doc });
        return { key, data: kept, savedAt: doc.savedAt };
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (attempt >= 3 || (code !== 'REVISION_CONFLICT' && code !== 'DUPLICATE_KEY')) throw e;
      }
    }
  }

  async remove(userId: string, key: string): Promise<boolean> {
    return this.drafts.delete(idOf(userId, key));
  }
}
