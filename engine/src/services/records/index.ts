// Forms and records, wired: what the HTTP layer, the designer's API, the workers and the module
// installer use. `createFormsAndRecords` takes the ports and the platform services it needs as
// narrow interfaces (audit log, admin alerts) and returns the services ready after `init()`.
import { FieldCipher } from '#engine/core/crypto/field-cipher.ts';
import type { Keyring } from '#engine/core/crypto/keyring.ts';
import type { Clock } from '#engine/ports/clock.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import { FormService } from '../forms/form-service.ts';
import type { AuditSink } from '../audit/record-audit.ts';
import {
  ExportAlertMonitor,
  exportAlertConfigFromEnv,
  type AlertSink,
  type ExportAlertConfig,
} from './export-alerts.ts';
import { UnavailableCipher } from './encryption-keys.ts';
import { RecordCodec } from './record-codec.ts';
import { RecordExporter } from './record-export.ts';
import type { ImportLimits } from './import-rows.ts';
import { RecordImporter } from './record-import.ts';
import { RecordService, type RecordEvent } from './record-service.ts';

export interface FormsAndRecordsDeps {
  store: DocumentStore;
  clock: Clock;
  /** null: no key configured — sensitive fields can be neither written nor searched (503). */
  keyring: Keyring | null;
  audit?: AuditSink;
  alerts?: AlertSink;
  exportAlert?: ExportAlertConfig;
  maxImportRows?: number;
  /** The limits of import files (default: from the environment, import-rows.ts). */
  importLimits?: Partial<ImportLimits>;
  maxExportRows?: number;
  onListenerError?: (error: unknown, event: RecordEvent) => void;
}

export interface FormsAndRecords {
  forms: FormService;
  records: RecordService;
  importer: RecordImporter;
  exporter: RecordExporter;
  exportAlerts: ExportAlertMonitor;
  cipher: FieldCipher;
  /** Creates indexes and rolls back imports that a crash interrupted. */
  init(): Promise<void>;
}

export function createFormsAndRecords(deps: FormsAndRecordsDeps): FormsAndRecords {
  const { store, clock } = deps;
  const cipher = deps.keyring ? new FieldCipher(deps.keyring) : new UnavailableCipher();
  const forms = new FormService({ store, clock, ...(deps.audit ? { audit: deps.audit } : {}) });
  const records = new RecordService({
    store,
    clock,
    forms,
    codec: new RecordCodec(cipher),
    ...(deps.audit ? { audit: deps.audit } : {}),
    ...(deps.onListenerError ? { onListenerError: deps.onListenerError } : {}),
  });
  const importer = new RecordImporter({
    store,
    clock,
    records,
    ...(deps.audit ? { audit: deps.audit } : {}),
    ...(deps.importLimits ? { limits: deps.importLimits } : {}),
    ...(deps.maxImportRows ? { maxRows: deps.maxImportRows } : {}),
  });
  const exportAlerts = new ExportAlertMonitor({
    store,
    clock,
    config: deps.exportAlert ?? exportAlertConfigFromEnv(),
    ...(deps.alerts ? { alerts: deps.alerts } : {}),
    ...(deps.audit ? { audit: deps.audit } : {}),
  });
  const exporter = new RecordExporter({
    records,
    monitor: exportAlerts,
    clock,
    ...(deps.audit ? { audit: deps.audit } : {}),
    ...(deps.maxExportRows ? { maxRows: deps.maxExportRows } : {}),
  });
  return {
    forms,
    records,
    importer,
    exporter,
    exportAlerts,
    cipher,
    async init() {
      await forms.init();
      await records.init();
      await importer.init();
      await exportAlerts.init();
      await importer.recoverInterrupted();
    },
  };
}

export type { AlertSink, AbnormalExportAlert, ExportAlertConfig } from './export-alerts.ts';
export type { ImportFile, ImportOptions } from './record-import.ts';
export type { ExportOptions, ExportResult } from './record-export.ts';
export type { RecordEvent, RecordListener, CreateOptions, UpdateInput } from './record-service.ts';
export { loadKeyring, MISSING_KEY_HELP } from './encryption-keys.ts';
