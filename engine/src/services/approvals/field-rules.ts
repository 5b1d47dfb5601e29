// Which fields each step of a flow may edit, only read, or not see (core/approvals/field-access.ts)
// — from the flow's own approval settings (what an analyst set, editable without a redeploy), else
// from the catalogue entry that starts the flow (a module declares them there), else the defaults.
import {
  formFieldsOf,
  normalizeFieldPermissions,
  stepAccess,
  type FieldAccess,
  type FieldPermissions,
} from '#engine/core/approvals/field-access.ts';
import type { FormDefinition } from '#schemas/generated/index.ts';
import type { ApprovalSettingsStore } from './settings-store.ts';

export type FieldPermissionSource = 'flow' | 'entry' | 'default';

export interface FieldRulesDeps {
  settings: ApprovalSettingsStore;
  /** The permissions a flow's catalogue entry declares (module data), if any. */
  entryPermissions?: (processId: string) => Promise<FieldPermissions | undefined>;
  /** The user tasks of a flow's latest version and the fields of its request form (to check input). */
  shape?: (processId: string) => Promise<{ steps: Set<string>; fields?: Set<string> } | null>;
}

export class FieldRules {
  constructor(private readonly d: FieldRulesDeps) {}

  /** The permissions a flow's steps follow now, and where they come from. */
  async of(processId: string): Promise<{ permissions: FieldPermissions; source: FieldPermissionSource }> {
    const own = (await this.d.settings.get(processId)).fieldPermissions;
    if (own) return { permissions: own, source: 'flow' };
    const entry = await this.d.entryPermissions?.(processId);
    if (entry) return { permissions: entry, source: 'entry' };
    return { permissions: {}, source: 'default' };
  }

  /** Every field's access at `step` of `processId` for a form version. */
  async access(
    processId: string,
    step: string,
    definition: Pick<FormDefinition, 'schema' | 'uiSchema' | 'computed'>,
  ): Promise<Record<string, FieldAccess>> {
    const { permissions } = await this.of(processId);
    return stepAccess(permissions, step, formFieldsOf(definition));
  }

  /** Checks permissions an analyst sets against the flow's latest version and its form. */
  async check(processId: string, input: unknown): Promise<FieldPermissions> {
    const shape = (await this.d.shape?.(processId)) ?? undefined;
    return normalizeFieldPermissions(
      input,
      shape ? { steps: shape.steps, ...(shape.fields ? { fields: shape.fields } : {}) } : undefined,
    );
  }
}
