// A module as the `modules` collection keeps it (what is on disk, installed, enabled, configured)
// and as the API shows it.
import type { ModuleManifest, Permission } from '#schemas/generated/index.ts';
import type { ModuleProblem } from '#engine/core/modules/definition.ts';
import type { RuleDefinition } from '#engine/core/modules/rules.ts';

export const MODULES = 'modules';

export interface ModuleDoc {
  name: ModuleManifest['name'];
  description: ModuleManifest['description'];
  icon?: string;
  /** The version on disk (also when broken). */
  availableVersion?: string;
  /** Problems of the definition on disk; empty when it can be installed. */
  problems: ModuleProblem[];
  installed: boolean;
  installedVersion?: string;
  installedHash?: string;
  installedAt?: string;
  /** The installed manifest: catalogue entries, settings schema, roles, dependencies. */
  manifest?: ModuleManifest;
  enabled: boolean;
  changedAt?: string;
  settings: Record<string, unknown>;
  /** Grants this module added, per role (an upgrade removes those it drops). */
  grants?: Record<string, Permission[]>;
  forms?: string[];
  processes?: string[];
  /** The installed version's named rules (running flows of a disabled module still use them). */
  rules?: RuleDefinition[];
}

export type ModuleStatus = 'available' | 'broken' | 'enabled' | 'disabled';

export interface ModuleView extends ModuleDoc {
  id: string;
  rev: number;
  status: ModuleStatus;
  upgradeAvailable: boolean;
  settingsSchema?: Record<string, unknown>;
  settingsLabels?: ModuleManifest['settingsLabels'];
  depends: NonNullable<ModuleManifest['depends']>;
}
