// Printing documents: the print formats modules bring (installed like reports, replaced on
// upgrade) and a document laid out by one of them, every label and value in both languages,
// amounts also in Chinese capital numerals where the format says so (core/print). A record prints
// as its reader may read it (row rules, masks) and each print is audited like an export; a voucher
// prints for whoever may read the ledger.
import type { PrintDocument, PrintFormat, RecordEnvelope } from '#schemas/generated/index.ts';
import { documentErrors } from '#engine/core/documents/errors.ts';
import { linkKey, linkValues } from '#engine/core/documents/links.ts';
import { DEFAULT_TIME_ZONE } from '#engine/core/documents/numbering.ts';
import { both, layOut } from '#engine/core/print/layout.ts';
import { defaultFormat, recordSubject, voucherSubject, type Lookups } from '#engine/core/print/subjects.ts';
import type { Clock } from '#engine/ports/clock.ts';
import type { Collection, DocumentStore, Stored } from '#engine/ports/document-store.ts';
import type { DecidedActor } from '#engine/core/actor.ts';
import { recordAudit, type AuditSink } from '../audit/record-audit.ts';
import type { PostedVoucher } from '../ledger/ledger-service.ts';
import { linkFieldsOf } from '../records/record-documents.ts';
import type { RecordService } from '../records/record-service.ts';
import type { LinkService } from './link-service.ts';

export const PRINT_FORMATS = 'print_formats';

type Format = PrintFormat & { id: string };

export interface PrintDeps {
  store: DocumentStore;
  clock: Clock;
  records: RecordService;
  links: LinkService;
  /** Display names of users by id. */
  userNames(ids: string[]): Promise<Map<string, string>>;
  audit?: AuditSink;
}

export class PrintService {
  readonly formats: Collection<Format>;

  constructor(private readonly deps: PrintDeps) {
    this.formats = deps.store.collection<Format>(PRINT_FORMATS);
  }

  async init(): Promise<void> {
    await this.formats.ensureIndex({ fields: [['module', 1]] });
    await this.formats.ensureIndex({ fields: [['form', 1]] });
  }

  /** The module's print formats become these (install and upgrade; idempotent). */
  async replaceModule(module: string, formats: Format[]): Promise<void> {
    const keep = new Set(formats.map((f) => f.id));
    const { items } = await this.formats.find({ module });
    for (const old of items) if (!keep.has(old.id)) await this.formats.delete(old.id);
    for (const format of formats) {
      const doc = { ...format, module };
      const current = await this.formats.get(format.id);
      if (!current) await this.formats.insert(doc);
      else await this.formats.replace(format.id, current.rev, doc);
    }
  }

  /** A record laid out by its form's format `formatId` (default: the format marked default). */
  async record(actor: DecidedActor, formId: string, id: string, formatId?: string): Promise<PrintDocument> {
    const { records, links } = this.deps;
    const record = (await records.get(actor, formId, id)) as RecordEnvelope & Record<string, unknown>;
    const form = await records.forms.compiled(formId, record.formVersion);
    const own = (await this.formats.find({ form: formId }, { sort: [['id', 1]] })).items;
    const formats: Format[] = own.length
      ? own
      : [{ ...defaultFormat(form.definition, form.fields), id: 'default' }];
    const format = choose(formats, formatId);
    const fields = linkFieldsOf(form);
    const keys = linkValues(fields, record.data).map((v) => linkKey(v.field.form, v.value));
    const lookups: Lookups = {
      users: await this.deps.userNames(userIds(record)),
      links: await links.labels(keys),
      timeZone: DEFAULT_TIME_ZONE,
    };
    const subject = recordSubject(form.definition, form.fields, fields, record, lookups);
    await recordAudit(this.deps.audit, actor, {
      action: 'record.print',
      resource: `record:${formId}`,
      resourceId: id,
      details: { format: format.id },
    });
    return this.document(actor.principal.userId, format, formats, {
      title: format.title ?? form.definition.name,
      ...(record.number ? { number: record.number } : {}),
      ...(record.docstatus ? { docstatus: record.docstatus } : {}),
      sections: layOut(format, subject),
    });
  }

  /** A voucher laid out by a format for the ledger's vouchers. */
  async voucher(by: string, voucher: Stored<PostedVoucher>, formatId?: string): Promise<PrintDocument> {
    const formats = (await this.formats.find({ source: 'ledger-voucher' }, { sort: [['id', 1]] })).items;
    if (formats.length === 0) throw documentErrors.printFormatNotFound(formatId ?? 'ledger-voucher');
    const format = choose(formats, formatId);
    const lookups: Lookups = {
      users: await this.deps.userNames([voucher.postedBy]),
      links: new Map(),
      timeZone: DEFAULT_TIME_ZONE,
    };
    return this.document(by, format, formats, {
      title: format.title ?? { en: 'Accounting voucher', 'zh-CN': '记账凭证' },
      number: voucher.number,
      sections: layOut(format, voucherSubject(voucher as unknown as Record<string, unknown>, lookups)),
    });
  }

  private document(
    by: string,
    format: Format,
    formats: Format[],
    body: Pick<PrintDocument, 'title' | 'number' | 'docstatus' | 'sections'>,
  ): PrintDocument {
    return {
      format: { id: format.id, name: format.name, paper: format.paper ?? 'A4' },
      formats: formats.map((f) => ({ id: f.id, name: f.name })),
      ...body,
      title: body.title ?? both(''),
      printedAt: new Date(this.deps.clock.now()).toISOString(),
      printedBy: by,
    };
  }
}

function choose(formats: Format[], id: string | undefined): Format {
  const chosen = id ? formats.find((f) => f.id === id) : (formats.find((f) => f.default) ?? formats[0]);
  if (!chosen) throw documentErrors.printFormatNotFound(id ?? '');
  return chosen;
}

function userIds(record: Record<string, unknown>): string[] {
  return ['owner', 'createdBy', 'updatedBy', 'submittedBy', 'cancelledBy']
    .map((k) => record[k])
    .filter((v): v is string => typeof v === 'string');
}
