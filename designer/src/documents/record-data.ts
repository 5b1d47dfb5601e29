// What a record's page loads: the record, its form (the version it was made with, as rjsf renders
// it in the user's language), what the page may offer the reader now, its history and, when it
// went through an approval, that request's timeline (comments, attachments).
import { api, type ReplyOf } from '../api/client.ts';
import type { Locale } from '../i18n/define.ts';
import { loadForm, type RenderedForm } from '../portal/form-runtime.tsx';
import { rememberTitles } from '../ui/rjsf/link-fetch.ts';

export type RecordEnvelope = ReplyOf<'/api/records/{form}/{id}', 'get'>;
export type DocumentView = ReplyOf<'/api/records/{form}/{id}/document', 'get'>;
export type HistoryEntry = ReplyOf<'/api/records/{form}/{id}/history', 'get'>['items'][number];
export type RequestDetail = ReplyOf<'/api/approvals/requests/{id}', 'get'>;
export type LinkedGroup = ReplyOf<'/api/records/{form}/{id}/linked', 'get'>['items'][number];
export type Posting = ReplyOf<'/api/records/{form}/{id}/postings', 'get'>['items'][number];
export type PrintDocument = ReplyOf<'/api/records/{form}/{id}/print', 'get'>;

export interface LoadedRecord {
  record: RecordEnvelope;
  form: RenderedForm;
  view: DocumentView;
  history: HistoryEntry[];
  request: RequestDetail | null;
}

export async function loadRecord(
  formId: string,
  id: string,
  locale: Locale,
  signal: AbortSignal,
): Promise<LoadedRecord> {
  const path = { form: formId, id };
  const [record, view, history] = await Promise.all([
    api.get('/api/records/{form}/{id}', { path, signal }),
    api.get('/api/records/{form}/{id}/document', { path, signal }),
    api.get('/api/records/{form}/{id}/history', { path, signal }),
  ]);
  rememberTitles(view.linkTitles);
  const [form, request] = await Promise.all([
    loadForm(formId, locale, record.formVersion, signal),
    record.instanceId
      ? api.get('/api/approvals/requests/{id}', { path: { id: record.instanceId }, signal }).catch(() => null)
      : Promise.resolve(null),
  ]);
  return { record, form, view, history: history.items, request };
}

/** The record's number, else its title, else the form's name: what a heading calls it. */
export function nameOf(record: Pick<RecordEnvelope, 'number' | 'title' | 'id'>, formName: string): string {
  return record.number ?? record.title ?? `${formName} ${record.id.slice(0, 8)}`;
}

/** Whether a form's schema has a code field (barcode or QR code) anywhere: its records have labels. */
export function hasCodeField(schema: unknown): boolean {
  if (!schema || typeof schema !== 'object') return false;
  if (Array.isArray(schema)) return schema.some(hasCodeField);
  const node = schema as Record<string, unknown>;
  if (node.format === 'barcode' || node.format === 'qrcode') return true;
  return Object.values(node).some(hasCodeField);
}
