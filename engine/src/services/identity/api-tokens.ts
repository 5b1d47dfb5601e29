// API tokens: how a program (a job worker, Camunda's client) signs in without a session. An
// administrator makes one for a service account — a user made for the program, typically with the
// built-in role `job-worker` — and sees it once; the store keeps only its SHA-256 (the token is
// 256 random bits, so a fast hash is enough and a copy of the collection cannot be replayed).
// Every request made with it acts as that account: its roles decide, its name is on the audit
// entries. Revoking takes effect on the next request, on every replica.
//
// A token reads `fma_<id>_<secret>`: the id finds the stored hash without a scan, and lets an
// administrator name the token to revoke it.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { camundaErrors } from '#engine/core/camunda/errors.ts';
import type { Actor } from '#engine/core/actor.ts';
import type { Clock } from '#engine/ports/clock.ts';
import type { Collection, DocumentStore } from '#engine/ports/document-store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { API_TOKENS } from './collections.ts';
import type { StoredUser, UserService } from './users.ts';

export interface ApiToken {
  id: string;
  userId: string;
  name: string;
  /** SHA-256 (hex) of the secret part. */
  hash: string;
  createdAt: string;
  createdBy?: string;
  /** Roughly when it was last used (updated at most hourly). */
  lastUsedAt?: string;
  revokedAt?: string;
  revokedBy?: string;
}

export type ApiTokenView = Omit<ApiToken, 'hash'>;

const TOKEN = /^fma_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const USE_NOTE_MS = 3600_000;
const sha256 = (s: string): Buffer => createHash('sha256').update(s).digest();

function viewOf(t: ApiToken): ApiTokenView {
  const { hash: _hash, ...view } = t;
  return view;
}

export class ApiTokenService {
  readonly col: Collection<ApiToken>;

  constructor(
    store: DocumentStore,
    private readonly clock: Clock,
    private readonly users: UserService,
    private readonly audit: AuditLog,
  ) {
    this.col = store.collection<ApiToken>(API_TOKENS);
  }

  async init(): Promise<void> {
    await this.col.ensureIndex({ fields: [['userId', 1]] });
  }

  private async account(userId: string): Promise<StoredUser> {
    const user = await this.users.col.get(userId);
    if (!user || !user.active) throw camundaErrors.accountNotFound(userId);
    return user;
  }

  /** Makes a token for an account; the reply is the only place the token is ever shown. */
  async create(userId: string, name: string, actor: Actor): Promise<ApiTokenView & { token: string }> {
    const user = await this.account(userId);
    const id = randomBytes(8).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const doc: ApiToken = {
      id,
      userId: user.id,
      name,
      hash: sha256(secret).toString('hex'),
      createdAt: new Date(this.clock.now()).toISOString(),
      ...(actor.principal ? { createdBy: actor.principal.userId } : {}),
    };
    await this.col.insert(doc);
    await recordAudit(this.audit, actor, {
      action: 'api-token.create',
      resource: 'users',
      resourceId: user.id,
      details: { tokenId: id, name },
    });
    return { ...viewOf(doc), token: `fma_${id}_${secret}` };
  }

  async list(userId: string): Promise<ApiTokenView[]> {
    await this.account(userId);
    const { items } = await this.col.find({ userId }, { sort: [['createdAt', -1]], limit: 500 });
    return items.map(({ rev: _rev, ...t }) => viewOf(t));
  }

  async revoke(userId: string, tokenId: string, actor: Actor): Promise<ApiTokenView> {
    const token = await this.col.get(tokenId);
    if (!token || token.userId !== userId) throw camundaErrors.tokenNotFound(tokenId);
    if (token.revokedAt) return viewOf(token);
    const updated = await this.col.update(tokenId, token.rev, {
      set: {
        revokedAt: new Date(this.clock.now()).toISOString(),
        ...(actor.principal ? { revokedBy: actor.principal.userId } : {}),
      },
    });
    await recordAudit(this.audit, actor, {
      action: 'api-token.revoke',
      resource: 'users',
      resourceId: userId,
      details: { tokenId, name: token.name },
    });
    const { rev: _rev, ...rest } = updated;
    return viewOf(rest);
  }

  /**
   * The active account a token stands for, or null (malformed, unknown, revoked, or — with
   * `login` from HTTP Basic — a token of another account). Compared in constant time.
   */
  async authenticate(token: string, login?: string): Promise<StoredUser | null> {
    const m = TOKEN.exec(token);
    if (!m) return null;
    const stored = await this.col.get(m[1]!);
    if (!stored || stored.revokedAt) return null;
    const expected = Buffer.from(stored.hash, 'hex');
    const given = sha256(m[2]!);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    const user = await this.users.col.get(stored.userId);
    if (!user || !user.active) return null;
    if (login !== undefined && user.login !== login.toLowerCase()) return null;
    const now = this.clock.now();
    if (!stored.lastUsedAt || now - Date.parse(stored.lastUsedAt) > USE_NOTE_MS)
      await this.col
        .update(stored.id, stored.rev, { set: { lastUsedAt: new Date(now).toISOString() } })
        .catch(() => undefined);
    return user;
  }
}
