// Per-flow approval settings (auto-approve rules, the no-approver fallback, proxies), one document
// per process id in `approval_settings`. A flow without a document uses the defaults.
import type { RequestContext } from '../audit/context.ts';
import { recordIn } from './audit.ts';
import {
  DEFAULT_SETTINGS,
  normalizeSettings,
  type ApprovalSettings,
  type ApprovalSettingsInput,
} from '#engine/core/approvals/settings.ts';
import type { Clock } from '#engine/ports/clock.ts';
import {
  DuplicateKeyError,
  RevisionConflictError,
  type Collection,
  type DocumentStore,
} from '#engine/ports/document-store.ts';
import type { ApprovalAudit } from './ports.ts';

export const APPROVAL_SETTINGS = 'approval_settings';

export interface SettingsDoc extends ApprovalSettings {
  processId: string;
  updatedAt: string;
  updatedBy?: string;
}

export class ApprovalSettingsStore {
  readonly collection: Collection<SettingsDoc>;

  constructor(
    store: DocumentStore,
    private readonly clock: Clock,
    private readonly audit?: ApprovalAudit,
  ) {
    this.collection = store.collection<SettingsDoc>(APPROVAL_SETTINGS);
  }

  async get(processId: string): Promise<ApprovalSettings & { processId: string; custom: boolean }> {
    const doc = await this.collection.get(processId);
    if (!doc) return { ...structuredClone(DEFAULT_SETTINGS), processId, custom: false };
    return {
      processId,
      autoApprove: doc.autoApprove,
      noAssigneeFallback: doc.noAssigneeFallback,
      proxies: doc.proxies,
      custom: true,
    };
  }

  /** Replaces a flow's settings (validated; unknown rules are an error). */
  async set(
    processId: string,
    input: ApprovalSettingsInput,
    ctx?: RequestContext,
  ): Promise<ApprovalSettings & { processId: string; custom: boolean }> {
    const settings = normalizeSettings(input);
    const doc: SettingsDoc & { id: string } = {
      id: processId,
      processId,
      ...settings,
      updatedAt: new Date(this.clock.now()).toISOString(),
      ...(ctx?.actor ? { updatedBy: ctx.actor.userId } : {}),
    };
    for (let attempt = 0; attempt < 10; attempt++) {
      const existing = await this.collection.get(processId);
      try {
        if (existing) await this.collection.replace(processId, existing.rev, doc);
        else await this.collection.insert(doc);
        break;
      } catch (e) {
        if (!(e instanceof DuplicateKeyError) && !(e instanceof RevisionConflictError)) throw e;
      }
    }
    if (ctx)
      await recordIn(this.audit, ctx, {
        action: 'flow.approval-settings',
        resource: 'flows',
        resourceId: processId,
        after: settings,
        details: { processId },
      });
    return { ...settings, processId, custom: true };
  }
}
