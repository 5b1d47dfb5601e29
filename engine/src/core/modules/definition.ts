// A module as the platform uses it: its files parsed, checked and assembled (pure types).
import type { ProcessModel } from '../flows/model.ts';
import type {
  Automation,
  Dashboard,
  FormDefinition,
  ModuleManifest,
  ModuleSeed,
  Permission,
  PrintFormat,
  Report,
} from '#schemas/generated/index.ts';
import type { RuleDefinition } from './rules.ts';

/** A module folder's files: path relative to the folder (with '/') → text. */
export interface ModuleFiles {
  /** The folder name (it must equal the module id). */
  folder: string;
  files: ReadonlyMap<string, string>;
}

export interface ModuleProblem {
  module: string;
  /** The file, relative to modules/ (e.g. shop/flows/order-approval.bpmn). */
  file: string;
  /** JSON pointer inside the file, or '#<elementId>' inside a BPMN file; '' for the whole file. */
  path: string;
  code: string;
  message: string;
  messageZh: string;
}

export interface ModuleFlow {
  file: string;
  processId: string;
  xml: string;
}

export interface ModuleDefinition {
  manifest: ModuleManifest;
  /** One form per document type (doctypes/<name>/), id '<module>-<name>'. */
  forms: FormDefinition[];
  flows: ModuleFlow[];
  /** Grants per role, gathered from the document types, reports, dashboards and manifest roles. */
  grants: Record<string, Permission[]>;
  rules: RuleDefinition[];
  automations: Automation[];
  reports: Report[];
  dashboards: Dashboard[];
  /** Print formats, ids '<module>-<doctype>-<format>' (a document type's) or '<module>-<format>'. */
  printFormats: Array<PrintFormat & { id: string }>;
  seeds: Array<ModuleSeed & { file: string }>;
  /** SHA-256 over every file: a changed definition with an unchanged version is still noticed. */
  hash: string;
}

export interface CheckLookups {
  /** Worker action names (service tasks and automations may use only these). */
  knownActions: ReadonlySet<string>;
  /** Report sources other than forms (e.g. 'ledger'). */
  reportCollections: ReadonlySet<string>;
  /** Roles that exist without the module (built-in ones); grants to other roles must be declared. */
  knownRoles: ReadonlySet<string>;
  /** Further deploy-time checks of a compiled process (the approvals layer's task headers). */
  checkModel?: (
    model: ProcessModel,
  ) => Array<{ code: string; elementId?: string; message: string; messageZh: string }>;
  /** Forms, reports and rules of other modules (dependencies) a module may refer to. */
  externalForms?: ReadonlySet<string>;
  externalReports?: ReadonlySet<string>;
  externalRules?: ReadonlyMap<string, RuleDefinition>;
}
