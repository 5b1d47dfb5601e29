// Public links: a record's public action (`publicActions` of its form — a customer rating a
// resolved ticket) opened by someone who has no account, through a link whose token is the only
// key. The token is 256 random bits; the links collection keeps only its SHA-256 (the link itself
// is in the message sent and in the result of the run that asked for it, which admins see). A link is single-purpose (one record, one action) and single-use: the submission
// claims the link in one write at its revision before it writes the record, so two submissions
// at once write once (the other: 409 PUBLIC_LINK_USED); if the record refuses the values (its
// checks: a ticket rated before it is resolved) the claim is released and the link still works.
// It expires after the action's `expiresInDays` (410). Neither the page nor any refusal shows
// anything of the record but what the action declares.
import { createHash, randomBytes } from 'node:crypto';
import type { PublicAction } from '#schemas/generated/index.ts';
import { recordErrors } from '#engine/core/forms/record-errors.ts';
import type { CompiledForm } from '#engine/core/forms/compiled-form.ts';
import { publicActionErrors } from '#engine/core/public-actions/errors.ts';
import {
  DEFAULT_EXPIRY_DAYS,
  publicActionOf,
  publicFormOf,
  publicValueProblems,
  type PublicForm,
} from '#engine/core/public-actions/public-actions.ts';
import type { Clock } from '#engine/ports/clock.ts';
import {
  RevisionConflictError,
  type Collection,
  type DocumentStore,
  type Stored,
} from '#engine/ports/document-store.ts';
import { systemActor } from '../modules/system-actor.ts';
import { recordRevOf } from './record-docs.ts';
import type { RecordService } from './record-service.ts';

export const PUBLIC_LINKS = 'public_links';
const DAY_MS = 24 * 3600_000;

interface PublicLinkDoc {
  /** The SHA-256 (hex) of the token. */
  id: string;
  form: string;
  recordId: string;
  action: string;
  createdAt: string;
  expiresAt: string;
  /** Who asked for it (the flow or automation). */
  by: string;
  usedAt?: string;
}

export interface IssuedLink {
  /** The page's path in the web app, and its full address when the platform knows its own. */
  path: string;
  url: string;
  expiresAt: string;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

export class PublicLinks {
  private readonly links: Collection<PublicLinkDoc>;

  constructor(
    private readonly deps: {
      store: DocumentStore;
      clock: Clock;
      records: RecordService;
      /** Where people reach the web app (`PUBLIC_URL`), for the full address in messages. */
      publicUrl?: string;
    },
  ) {
    this.links = deps.store.collection<PublicLinkDoc>(PUBLIC_LINKS);
  }

  /** A new link to a record's public action (for a flow or automation to send). */
  async issue(form: string, recordId: string, actionId: string, by: string): Promise<IssuedLink> {
    const { definition } = await this.deps.records.forms.latest(form);
    const action = publicActionOf(definition, actionId);
    if (!action) throw publicActionErrors.actionUnknown(form, actionId);
    const row = await this.deps.records.collection(form).get(recordId);
    if (!row || row.deleted) throw recordErrors.notFound(form, recordId);
    const token = randomBytes(32).toString('base64url');
    const now = this.deps.clock.now();
    const expiresAt = new Date(now + (action.expiresInDays ?? DEFAULT_EXPIRY_DAYS) * DAY_MS).toISOString();
    await this.links.insert({
      id: hashOf(token),
      form,
      recordId,
      action: action.id,
      createdAt: new Date(now).toISOString(),
      expiresAt,
      by,
    });
    const path = `/p/${token}`;
    const base = (this.deps.publicUrl ?? '').replace(/\/+$/, '');
    return { path, url: `${base}${path}`, expiresAt };
  }

  /** What the link's page shows (404 unknown, 410 expired, 409 used). */
  async open(token: string): Promise<PublicForm> {
    const { action, form } = await this.usable(token);
    return publicFormOf(form.definition, form.fields, action);
  }

  /** Writes the values into the record, once per link. */
  async submit(token: string, values: Record<string, unknown>): Promise<PublicForm> {
    const { link, action, form } = await this.usable(token);
    const problems = publicValueProblems(action, values);
    if (problems.length) throw publicActionErrors.valuesInvalid(problems.map(withZh));
    let claimed: Stored<PublicLinkDoc>;
    try {
      claimed = await this.links.update(link.id, link.rev, {
        set: { usedAt: new Date(this.deps.clock.now()).toISOString() },
      });
    } catch (e) {
      if (e instanceof RevisionConflictError) throw publicActionErrors.linkUsed();
      throw e;
    }
    try {
      await this.write(link, values);
    } catch (e) {
      await this.links.update(claimed.id, claimed.rev, { unset: ['usedAt'] });
      throw e;
    }
    return publicFormOf(form.definition, form.fields, action);
  }

  private async write(link: PublicLinkDoc, values: Record<string, unknown>): Promise<void> {
    const { records } = this.deps;
    const actor = systemActor(`record:${link.form}`, 'update', `public:${link.action}`);
    for (let attempt = 0; ; attempt++) {
      const row = await records.collection(link.form).get(link.recordId);
      if (!row || row.deleted) throw publicActionErrors.linkNotFound();
      try {
        await records.update(actor, link.form, link.recordId, {
          rev: recordRevOf(row),
          patch: structuredClone(values),
        });
        return;
      } catch (e) {
        // Someone on staff saved the record meanwhile: apply the values on the fresh revision.
        if ((e as { code?: string }).code === 'RECORD_REVISION_CONFLICT' && attempt < 5) continue;
        throw e;
      }
    }
  }

  private async usable(
    token: string,
  ): Promise<{ link: Stored<PublicLinkDoc>; action: PublicAction; form: CompiledForm }> {
    const link = token.length <= 128 ? await this.links.get(hashOf(token)) : null;
    if (!link) throw publicActionErrors.linkNotFound();
    if (Date.parse(link.expiresAt) <= this.deps.clock.now()) throw publicActionErrors.linkExpired();
    if (link.usedAt) throw publicActionErrors.linkUsed();
    let form: CompiledForm;
    try {
      form = await this.deps.records.forms.latest(link.form);
    } catch {
      throw publicActionErrors.linkNotFound(); // the form (its module) is gone
    }
    const action = publicActionOf(form.definition, link.action);
    if (!action) throw publicActionErrors.linkNotFound();
    return { link, action, form };
  }
}

function withZh(d: { path: string; message: string; messageZh?: string }) {
  return { path: d.path, message: d.message, messageZh: d.messageZh ?? d.message };
}
