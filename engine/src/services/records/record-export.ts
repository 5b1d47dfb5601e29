// Exporting records to CSV or XLSX as the exporter may read them: the `export` decision's row
// rules select the rows, its field restrictions (and the form's sensitive fields) hide and mask
// values exactly as on screen. Every export is recorded in the audit log and counted for the
// abnormal-export alert. Headers are field labels in the exporter's language, which import
// understands, so an export can be edited and imported again.
import type { RecordEnvelope } from '#schemas/generated/index.ts';
import { recordErrors } from '#engine/core/forms/record-errors.ts';
import type { RecordQuery } from '#engine/core/forms/record-query.ts';
import { valueToCell } from '#engine/core/tabular/cells.ts';
import { writeCsv } from '#engine/core/tabular/csv.ts';
import { writeXlsx, type CellValue } from '#engine/core/tabular/xlsx.ts';
import type { Clock } from '#engine/ports/clock.ts';
import type { DecidedActor } from '#engine/core/actor.ts';
import { recordAudit, type AuditSink } from '../audit/record-audit.ts';
import type { ExportAlertMonitor } from './export-alerts.ts';
import { getAt } from '#engine/core/doc-paths.ts';
import type { RecordService } from './record-service.ts';

export interface ExportOptions {
  format: 'csv' | 'xlsx';
  query?: Omit<RecordQuery, 'limit' | 'cursor'>;
  locale?: 'en' | 'zh-CN';
  /** Record paths to export (default: id, every data column, status, owner, createdAt, updatedAt). */
  columns?: string[];
}

export interface ExportResult {
  fileName: string;
  contentType: string;
  body: Buffer;
  rows: number;
}

const META_LABELS: Record<string, { en: string; 'zh-CN': string }> = {
  id: { en: 'ID', 'zh-CN': '编号' },
  title: { en: 'Title', 'zh-CN': '标题' },
  status: { en: 'Status', 'zh-CN': '状态' },
  owner: { en: 'Owner', 'zh-CN': '所有者' },
  department: { en: 'Department', 'zh-CN': '部门' },
  formVersion: { en: 'Form version', 'zh-CN': '表单版本' },
  createdAt: { en: 'Created', 'zh-CN': '创建时间' },
  createdBy: { en: 'Created by', 'zh-CN': '创建人' },
  updatedAt: { en: 'Updated', 'zh-CN': '更新时间' },
  updatedBy: { en: 'Updated by', 'zh-CN': '更新人' },
  number: { en: 'No.', 'zh-CN': '单据编号' },
  docstatus: { en: 'Document status', 'zh-CN': '单据状态' },
};

const DOCSTATUS: Record<string, { en: string; 'zh-CN': string }> = {
  draft: { en: 'Draft', 'zh-CN': '草稿' },
  submitted: { en: 'Submitted', 'zh-CN': '已提交' },
  cancelled: { en: 'Cancelled', 'zh-CN': '已作废' },
};

export class RecordExporter {
  constructor(
    private readonly options: {
      records: RecordService;
      monitor: ExportAlertMonitor;
      clock: Clock;
      audit?: AuditSink;
      /** Rows per export at most (default 100 000): narrow the query beyond that. */
      maxRows?: number;
    },
  ) {}

  async export(actor: DecidedActor, formId: string, options: ExportOptions): Promise<ExportResult> {
    const records = this.options.records;
    const locale = options.locale ?? actor.principal.locale;
    const total = await records.count(actor, formId, options.query ?? {});
    const maxRows = this.options.maxRows ?? 100_000;
    if (total > maxRows) throw recordErrors.exportTooLarge(total, maxRows);
    const form = await records.forms.latest(formId);
    const hidden = new Set(actor.decision.fields.hidden);
    const paths = (
      options.columns ?? [
        'id',
        // A document's number and lifecycle state, when its form has them.
        ...(form.definition.numbering ? ['number'] : []),
        ...form.fields.columns().map((f) => `data.${f.path}`),
        'status',
        ...(form.definition.lifecycle?.submittable ? ['docstatus'] : []),
        'owner',
        'createdAt',
        'updatedAt',
      ]
    ).filter((p) => ![...hidden].some((h) => p === h || p.startsWith(`${h}.`)));
    const header = paths.map((p) => {
      const field = p.startsWith('data.') ? form.fields.get(p.slice(5)) : undefined;
      return (field ? form.definition.labels?.[field.path]?.[locale] : META_LABELS[p]?.[locale]) ?? p;
    });
    const rows: CellValue[][] = [];
    for await (const { record } of records.scan(actor, formId, options.query ?? {}))
      rows.push(this.row(record, paths, form, options.format, locale));
    const stamp = new Date(this.options.clock.now()).toISOString().slice(0, 10);
    let body: Buffer;
    let contentType: string;
    if (options.format === 'xlsx') {
      const numFmt = (p: string) => {
        const f = p.startsWith('data.') ? form.fields.get(p.slice(5)) : undefined;
        return f?.format === 'money' ? '#,##0.00' : undefined;
      };
      body = await writeXlsx(
        formId,
        header.map((h, i) => ({
          header: h,
          ...(numFmt(paths[i] as string) ? { numFmt: numFmt(paths[i] as string) } : {}),
        })),
        rows,
      );
      contentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    } else {
      // A byte order mark makes Excel read the UTF-8 (Chinese text) correctly.
      body = Buffer.from(
        `\ufeff${writeCsv([header, ...rows.map((r) => r.map((c) => (c === null ? '' : String(c))))])}`,
        'utf8',
      );
      contentType = 'text/csv; charset=utf-8';
    }
    await recordAudit(this.options.audit, actor, {
      action: 'record.export',
      resource: `record:${formId}`,
      details: { rows: rows.length, format: options.format, query: options.query ?? {} },
    });
    await this.options.monitor.recordExport(actor, formId, rows.length);
    return { fileName: `${formId}-${stamp}.${options.format}`, contentType, body, rows: rows.length };
  }

  private row(
    record: RecordEnvelope,
    paths: string[],
    form: Awaited<ReturnType<RecordService['forms']['latest']>>,
    target: 'csv' | 'xlsx',
    locale: 'en' | 'zh-CN',
  ): CellValue[] {
    const optionLabels = form.definition.optionLabels ?? {};
    return paths.map((p) => {
      const field = p.startsWith('data.') ? form.fields.get(p.slice(5)) : undefined;
      const masked = record.masked?.includes(p);
      const value = getAt(record, p.split('.'));
      if (masked) return value === undefined ? (target === 'csv' ? '' : null) : String(value);
      if (p === 'docstatus') return DOCSTATUS[String(value ?? 'draft')]?.[locale] ?? String(value);
      return valueToCell(value, field, target, locale, field ? optionLabels[field.path] : undefined);
    });
  }
}
