// E-mail as an import format: an .eml file (one message) or an mbox (a mailbox export) becomes the
// rows of the ordinary import (record-import.ts), so mail takes the same dry run, commit, row
// problems, duplicates and automations as a spreadsheet. The form declares the mapping
// (`mailImport`): which message field fills which field, which link the sender's address fills
// (matched against fields of the linked records, e.g. a customer's e-mail or a contact's), and
// constant values (the channel). The rows are built as a sheet whose header names the fields.
//
// A sender no record has leaves the link empty rather than failing the message: a support desk
// takes mail from people it does not know yet, and the address stays in the mapped `from` field
// for whoever links it later. Text longer than its field allows is cut to it for the same reason.
// Messages are read one at a time (an mbox is not held twice); only the cells stay. The field
// mapped to `messageId` gets the message's key — its Message-ID, or for mail without one a hash
// of what it says — so the form's `duplicates` rule on that field skips it on a re-import too.
import type { FormDefinition } from '#schemas/generated/index.ts';
import type { CompiledForm } from '#engine/core/forms/compiled-form.ts';
import { recordErrors } from '#engine/core/forms/record-errors.ts';
import { mailMessages, type MailMessage } from '#engine/core/tabular/mail-messages.ts';
import type { CellValue, SheetRow } from '#engine/core/tabular/xlsx.ts';
import type { ImportLimits } from './import-rows.ts';
import { linkFieldsOf } from './record-documents.ts';
import type { RecordService } from './record-service.ts';

export type ImportFormat = 'csv' | 'xlsx' | 'eml' | 'mbox';
type MailImport = NonNullable<FormDefinition['mailImport']>;
type MailField = keyof MailMessage & keyof NonNullable<MailImport['fields']>;

/** The format a file name implies (CSV when it names none of the others). */
export function formatOfFile(fileName: string): ImportFormat {
  const ext = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'xlsx' || ext === 'eml' || ext === 'mbox') return ext;
  return ext === 'mbx' ? 'mbox' : 'csv';
}

export function isMailFormat(format: ImportFormat): format is 'eml' | 'mbox' {
  return format === 'eml' || format === 'mbox';
}

const notMail = () =>
  recordErrors.importFileInvalid(
    null,
    'The file is not an e-mail message (.eml) or a mailbox (mbox)',
    '文件不是电子邮件（.eml）或邮箱导出文件（mbox）',
  );

/** The header a message needs to be one: a file of other text parses as a message without them. */
function isMessage(m: MailMessage): boolean {
  return m.from !== null || m.messageId !== null || m.date !== null;
}

/** The sheet of a mail file for the form: a header row of field paths, then one row per message. */
export async function mailImportRows(
  records: RecordService,
  form: CompiledForm,
  content: Uint8Array,
  limits: ImportLimits,
): Promise<SheetRow[]> {
  const spec = form.definition.mailImport;
  if (!spec)
    throw recordErrors.importFileInvalid(
      null,
      `${form.definition.id} does not import e-mail; import a CSV or XLSX file`,
      `${form.definition.id} 不支持导入电子邮件，请导入 CSV 或 XLSX 文件`,
    );
  // The first line of mail is a header ("Name: value") or an mbox separator ("From …").
  const first = Buffer.from(content.subarray(0, 1000)).toString('latin1').trimStart().split(/\r?\n/, 1)[0];
  if (!first || !/^(From |[A-Za-z][A-Za-z0-9-]*:)/.test(first)) throw notMail();
  const mapped = Object.entries(spec.fields) as Array<[MailField, string]>;
  const values = Object.entries(spec.values ?? {});
  const header: CellValue[] = [
    ...mapped.map(([, field]) => field),
    ...(spec.sender ? [spec.sender.field] : []),
    ...values.map(([field]) => field),
  ];
  const properties =
    (form.schema as { properties?: Record<string, { maxLength?: number }> }).properties ?? {};
  const senders = new SenderLinks(records, form, spec.sender);
  const rows: SheetRow[] = [{ row: 0, cells: header }];
  let anyMessage = false;
  for (const message of mailMessages(content)) {
    if (rows.length > limits.maxRows) throw recordErrors.importTooManyRows(limits.maxRows);
    anyMessage ||= isMessage(message);
    const cells: CellValue[] = mapped.map(([name, field]) => {
      const value = name === 'messageId' ? message.key : message[name];
      if (typeof value !== 'string') return null;
      const max = properties[field]?.maxLength;
      return max !== undefined && value.length > max ? value.slice(0, max) : value;
    });
    if (spec.sender) cells.push(await senders.of(message.from));
    cells.push(...values.map(([, v]) => v));
    // Row n is the n-th message of the file (there is no header line to count).
    rows.push({ row: rows.length, cells });
  }
  if (!anyMessage) throw notMail();
  return rows;
}

/** The id of the one live linked record holding the sender's address, or null (none or several). */
class SenderLinks {
  private readonly known = new Map<string, string | null>();

  constructor(
    private readonly records: RecordService,
    private readonly form: CompiledForm,
    private readonly sender: MailImport['sender'],
  ) {}

  async of(address: string | null): Promise<string | null> {
    if (!address || !this.sender) return null;
    if (!this.known.has(address)) this.known.set(address, await this.find(address, this.sender));
    return this.known.get(address)!;
  }

  private async find(address: string, sender: NonNullable<MailImport['sender']>): Promise<string | null> {
    const link = linkFieldsOf(this.form).find((l) => l.path === sender.field);
    if (!link)
      throw recordErrors.importFileInvalid(
        null,
        `mailImport.sender.field "${sender.field}" is not a link field`,
        `mailImport.sender.field“${sender.field}”不是关联字段`,
      );
    const collection = this.records.collection(link.form);
    // In the declared order: a customer's own address before a contact's.
    for (const field of sender.match) {
      const { items } = await collection.find(
        { [`data.${field}`]: address, deleted: false },
        { limit: 2, projection: ['id'] },
      );
      if (items.length === 1) return items[0]!.id;
      if (items.length > 1) return null;
    }
    return null;
  }
}
