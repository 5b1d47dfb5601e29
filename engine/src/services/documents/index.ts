// Business documents, wired: numbering series, links and fetch-from, the lifecycle with the
// ledgers that reverse what a cancelled document posted, and printing. `createDocuments` plugs
// the write rules into the record service, so every record write keeps them from then on.
import type { Clock } from '#engine/ports/clock.ts';
import type { DocumentStore } from '#engine/ports/document-store.ts';
import type { AuditSink } from '../audit/record-audit.ts';
import type { RecordService } from '../records/record-service.ts';
import { LedgerRegistry, type DocumentLedger } from './ledgers.ts';
import { LifecycleService } from './lifecycle-service.ts';
import { LinkService } from './link-service.ts';
import { MakeService } from './make-service.ts';
import { NumberingService } from './numbering-service.ts';
import { PrintService } from './print-service.ts';
import { DocumentWriteRules } from './write-rules.ts';
import { DuplicateCheck } from './duplicate-check.ts';
import type { RunRule } from '#engine/core/documents/submit-checks.ts';

export interface DocumentsDeps {
  store: DocumentStore;
  clock: Clock;
  records: RecordService;
  /** The ledgers documents post to (the general ledger; stock and leave ledgers later). */
  ledgers: DocumentLedger[];
  userNames(ids: string[]): Promise<Map<string, string>>;
  /** Evaluates a module's named rule, for documents' submit checks (core/documents/submit-checks.ts). */
  runRule?: RunRule;
  /** Whether a module is enabled and its settings (documents made from a record need them). */
  moduleEnabled?(id: string): Promise<boolean>;
  settings?(module: string): Promise<Record<string, unknown>>;
  audit?: AuditSink;
  onError?: (error: unknown, context: Record<string, unknown>) => void;
}

export interface Documents {
  numbering: NumberingService;
  links: LinkService;
  lifecycle: LifecycleService;
  ledgers: LedgerRegistry;
  print: PrintService;
  makes: MakeService;
  /** Creates indexes and finishes reversals a crash interrupted. */
  init(): Promise<void>;
}

export function createDocuments(deps: DocumentsDeps): Documents {
  const { store, clock, records } = deps;
  const numbering = new NumberingService({
    store,
    clock,
    numberInUse: async (form, number) => (await records.collection(form).findOne({ number })) !== null,
  });
  const links = new LinkService({ records, clock });
  const ledgers = new LedgerRegistry();
  for (const ledger of deps.ledgers) ledgers.register(ledger);
  const lifecycle = new LifecycleService({
    records,
    links,
    ledgers,
    clock,
    ...(deps.runRule ? { runRule: deps.runRule } : {}),
    ...(deps.onError ? { onError: deps.onError } : {}),
  });
  const print = new PrintService({
    store,
    clock,
    records,
    links,
    userNames: deps.userNames,
    ...(deps.audit ? { audit: deps.audit } : {}),
  });
  const makes = new MakeService({
    records,
    clock,
    moduleEnabled: deps.moduleEnabled ?? (async () => false),
    settings: deps.settings ?? (async () => ({})),
  });
  records.useDocumentRules(
    new DocumentWriteRules({ links, numbering, duplicates: new DuplicateCheck(records) }),
  );
  return {
    numbering,
    links,
    lifecycle,
    ledgers,
    print,
    makes,
    async init() {
      await numbering.init();
      await print.init();
      await lifecycle.finishReversals();
    },
  };
}

export type { DocumentLedger, SourceDocument } from './ledgers.ts';
export type { NumberReservation } from './numbering-service.ts';
export type { CancelInput } from './lifecycle-service.ts';
