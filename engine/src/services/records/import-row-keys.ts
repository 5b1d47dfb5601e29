// What an import row needs from the stored records before it is checked (record-import.ts):
//
// - A link cell may name the linked record by a key field instead of its id (`x-link.importKey`):
//   a time clock's log names employees by their device code, not by a record id nobody outside
//   the platform knows. The cell is resolved to the id of the one live record holding that value;
//   none, or more than one, is a problem of the row at that column.
// - A row that duplicates a stored record, or an earlier row of the same file, for a `duplicates`
//   entry whose `onImport` is `skip` is left out and counted instead of reported: importing the
//   same device log twice (or two logs that overlap) stores each punch once.
import type { FormDefinition, ImportProblem } from '#schemas/generated/index.ts';
import type { CompiledForm } from '#engine/core/forms/compiled-form.ts';
import type { FieldInfo } from '#engine/core/forms/field-index.ts';
import { linkFieldsOf } from './record-documents.ts';
import type { RecordService } from './record-service.ts';

type Data = Record<string, unknown>;

export interface KeyedColumn {
  header: string;
  field?: FieldInfo;
}

/** Replaces key values in link cells by the linked record's id; returns the row's problems. */
export async function resolveImportKeys(
  records: RecordService,
  form: CompiledForm,
  columns: readonly KeyedColumn[],
  data: Data,
  row: number,
): Promise<ImportProblem[]> {
  const problems: ImportProblem[] = [];
  for (const link of linkFieldsOf(form)) {
    if (!link.importKey || link.segments.length !== 1) continue;
    const value = data[link.path];
    if (typeof value !== 'string' || value === '') continue;
    const column = columns.find((c) => c.field?.path === link.path);
    const { items } = await records
      .collection(link.form)
      .find({ [`data.${link.importKey}`]: value, deleted: false }, { limit: 2, projection: ['id'] });
    if (items.length === 1) {
      data[link.path] = items[0]!.id;
      continue;
    }
    const header = column?.header ?? link.path;
    const none = items.length === 0;
    problems.push({
      row,
      column: header,
      code: none ? 'IMPORT_KEY_NOT_FOUND' : 'IMPORT_KEY_AMBIGUOUS',
      path: `/${link.path}`,
      message: none
        ? `${header}: no record has ${link.importKey} "${value}"`
        : `${header}: more than one record has ${link.importKey} "${value}"`,
      messageZh: none
        ? `${header}：没有 ${link.importKey} 为“${value}”的记录`
        : `${header}：有多条记录的 ${link.importKey} 为“${value}”`,
    });
  }
  return problems;
}

type SkipEntry = NonNullable<FormDefinition['duplicates']>[number];

/** The `duplicates` entries an import skips, and the keys of the file's rows seen so far. */
export class ImportDuplicates {
  private readonly entries: SkipEntry[];
  private readonly seen = new Set<string>();

  constructor(
    private readonly records: RecordService,
    private readonly form: CompiledForm,
  ) {
    this.entries = (form.definition.duplicates ?? []).filter((d) => d.onImport === 'skip');
  }

  /** Whether the (prepared) row repeats a stored record or an earlier row of the file. */
  async repeats(data: Data): Promise<boolean> {
    for (const entry of this.entries) {
      const key = keyOf(entry, data);
      if (key === null) continue;
      if (this.seen.has(key)) return true;
      const filter: Record<string, unknown> = { deleted: false };
      for (const f of entry.fields) filter[`data.${f}`] = data[f];
      if (await this.records.collection(this.form.definition.id).findOne(filter)) return true;
    }
    return false;
  }

  /** Remembers a row that will be imported, so a later equal row is skipped. */
  remember(data: Data): void {
    for (const entry of this.entries) {
      const key = keyOf(entry, data);
      if (key !== null) this.seen.add(key);
    }
  }
}

function keyOf(entry: SkipEntry, data: Data): string | null {
  const values = entry.fields.map((f) => data[f]);
  if (values.some((v) => v === undefined || v === null || v === '')) return null;
  return JSON.stringify([entry.fields, values]);
}
