// Per-flow approval settings (auto-approve rules, the no-approver fallback, proxies), one document
// per process id in `approval_settings`. A flow without a document uses the defaults.
import type { Actor } from '#engine/core/actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
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
import type { AuditSink } from '../audit/record-audit.ts';

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
    private readonly audit?: AuditSink,
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
      ...(doc.fieldPermissions ? { fieldPermissions: doc.fieldPermissions } : {}),
      custom: true,
    };
  }

  /**
   * Replaces a flow's settings (validated; unknown rules are an error). Field permissions absent
   * from the input stay as they are (a client that does not know them keeps them); null removes them.
   */
  async set(
    processId: string,
    input: ApprovalSettingsInput,
    actor?: Actor,
  ): Promise<ApprovalSettings & { processId: string; custom: boolean }> {
    let settings = normalizeSettings(input);
    for (let attempt = 0; attempt < 10; attempt++) {
      const existing = await this.collection.get(processId);
      if (input.fieldPermissions === undefined && existing?.fieldPermissions)
        settings = { ...settings, fieldPermissions: existing.fieldPermissions };
      const doc: SettingsDoc & { id: string } = {
        id: processId,
        processId,
        ...settings,
        updatedAt: new Date(this.clock.now()).toISOString(),
        ...(actor?.principal ? { updatedBy: actor.principal.userId } : {}),
      };
      try {
        if (existing) await this.collection.replace(processId, existing.rev, doc);
        else await this.collection.insert(doc);
        break;
      } catch (e) {
        if (!(e instanceof DuplicateKeyError) && !(e instanceof RevisionConflictError)) throw e;
      }
    }
    if (actor)
      await recordAudit(this.audit, actor, {
        action: 'flow.approval-settings',
        resource: 'flows',
        resourceId: processId,
        after: settings,
        details: { processId },
      });
    return { ...settings, processId, custom: true };
  }
}
