// What a request looks like to whoever reads it, from the record it was submitted with:
//   summary    its title, amount and key fields (core/approvals/summary.ts) without the fields the
//              reader's step hides — for inbox rows, my requests, CC'd lists, notices
//   document   the form data itself, as the reader's step may see it (hidden fields left out,
//              sensitive ones masked unless the reader may read them), with each field's access
//   label      "Expense claim “Customer visit” ¥5,500.50": how notices name the request
// A request without a record (a flow started by hand) has none of these: lists fall back to the
// flow's name.
import type { LocalizedText } from '#engine/core/approvals/messages.ts';
import {
  hiddenFields,
  mergeAccess,
  REQUESTER_STEP,
  withoutHidden,
  type FieldAccess,
} from '#engine/core/approvals/field-access.ts';
import { requestLabel, requestSummary, type RequestSummary } from '#engine/core/approvals/summary.ts';
import { maskSensitive } from '#engine/core/crypto/mask.ts';
import type { FlowService } from '../flows/flow-service.ts';
import type { FieldRules } from './field-rules.ts';
import type { RequestDocument, RequestDocuments } from './ports.ts';

export interface RecordRef {
  id: string;
  form: string;
}

/** The record a request's instance was started with (`record` variable), if any. */
export function recordRefOf(variables: Record<string, unknown> | undefined): RecordRef | null {
  const r = variables?.record as { id?: unknown; form?: unknown } | undefined;
  return typeof r?.id === 'string' && typeof r.form === 'string' ? { id: r.id, form: r.form } : null;
}

/** Who reads, for what a step shows them. `steps`: their steps (several: what any of them shows). */
export interface Reader {
  steps: string[];
  userId?: string;
  roles?: readonly string[];
  /** Reads every field (an administrator). */
  all?: boolean;
}

export interface RequestDocumentView {
  form: { id: string; version: number };
  recordId: string;
  data: Record<string, unknown>;
  /** Each top-level field's access for the reader (hidden ones are not in `data`). */
  fields: Record<string, FieldAccess>;
  summary: RequestSummary;
}

/** One lookup session: a list reads each record, name and step's access once. */
export class RequestReading {
  private readonly docs = new Map<string, Promise<RequestDocument | null>>();
  private readonly names = new Map<string, Promise<LocalizedText | null>>();
  private readonly access = new Map<string, Promise<Record<string, FieldAccess>>>();

  constructor(private readonly views: RequestViews) {}

  doc(ref: RecordRef): Promise<RequestDocument | null> {
    const key = `${ref.form}\0${ref.id}`;
    let found = this.docs.get(key);
    if (!found) this.docs.set(key, (found = this.views.read(ref)));
    return found;
  }

  name(processId: string): Promise<LocalizedText | null> {
    let found = this.names.get(processId);
    if (!found) this.names.set(processId, (found = this.views.name(processId)));
    return found;
  }

  accessAt(processId: string, reader: Reader, doc: RequestDocument): Promise<Record<string, FieldAccess>> {
    const key = `${processId}\0${doc.form.key}\0${reader.all ? '*' : reader.steps.join(',')}`;
    let found = this.access.get(key);
    if (!found) this.access.set(key, (found = this.views.accessAt(processId, reader, doc)));
    return found;
  }

  /** The summary of a request for a reader, or undefined (no record, or none readable). */
  async summary(
    processId: string,
    variables: Record<string, unknown> | undefined,
    reader: Reader,
  ): Promise<RequestSummary | undefined> {
    const ref = recordRefOf(variables);
    const doc = ref ? await this.doc(ref) : null;
    if (!doc) return undefined;
    const access = await this.accessAt(processId, reader, doc);
    return requestSummary(doc.form, doc.data, { currency: doc.currency, hidden: hiddenFields(access) });
  }
}

export class RequestViews {
  constructor(
    private readonly d: {
      flows: FlowService;
      documents?: RequestDocuments;
      fields?: FieldRules;
    },
  ) {}

  get documents(): RequestDocuments | undefined {
    return this.d.documents;
  }

  reading(): RequestReading {
    return new RequestReading(this);
  }

  async read(ref: RecordRef): Promise<RequestDocument | null> {
    return (await this.d.documents?.read(ref)) ?? null;
  }

  async name(processId: string): Promise<LocalizedText | null> {
    return (await this.d.documents?.name(processId)) ?? null;
  }

  /** The reader's access to each field (what any of their steps allows; everything for `all`). */
  async accessAt(
    processId: string,
    reader: Reader,
    doc: RequestDocument,
  ): Promise<Record<string, FieldAccess>> {
    const fields = this.d.fields;
    const steps = reader.steps.length ? reader.steps : [REQUESTER_STEP];
    if (!fields) return {};
    const list = await Promise.all(steps.map((s) => fields.access(processId, s, doc.form.definition)));
    const merged = mergeAccess(list);
    if (reader.all) for (const k of Object.keys(merged)) if (merged[k] === 'hidden') merged[k] = 'readonly';
    return merged;
  }

  /** The request's form data as the reader may see it, with each field's access. */
  async document(
    instance: { processId: string; variables: Record<string, unknown> },
    reader: Reader,
    reading = this.reading(),
  ): Promise<RequestDocumentView | null> {
    const ref = recordRefOf(instance.variables);
    const doc = ref ? await reading.doc(ref) : null;
    if (!ref || !doc) return null;
    const access = await reading.accessAt(instance.processId, reader, doc);
    const data = withoutHidden(doc.data, access);
    const readsSensitive =
      reader.all ||
      (!!reader.userId && reader.userId === doc.owner) ||
      (doc.form.definition.permissions?.readSensitive ?? []).some((r) => reader.roles?.includes(r));
    if (!readsSensitive)
      for (const field of doc.form.definition.sensitiveFields ?? [])
        if (!field.includes('.') && data[field] !== undefined)
          data[field] = maskSensitive(data[field], doc.form.fields.get(field)?.format);
    return {
      form: { id: doc.ref.form, version: doc.form.version },
      recordId: doc.ref.id,
      data,
      fields: access,
      summary: requestSummary(doc.form, doc.data, {
        currency: doc.currency,
        hidden: hiddenFields(access),
      }),
    };
  }

  /**
   * How notices name a request: its catalogue name (else the flow's), title and amount — as an
   * approver sees it (fields hidden at every step stay out: notices go to several people).
   */
  async label(
    instance: { processId: string; variables: Record<string, unknown> },
    flowName: string | LocalizedText,
    reading = this.reading(),
  ): Promise<LocalizedText> {
    const fallback = typeof flowName === 'string' ? { en: flowName, 'zh-CN': flowName } : flowName;
    const name = (await reading.name(instance.processId)) ?? fallback;
    const summary = await reading
      .summary(instance.processId, instance.variables, { steps: [REQUESTER_STEP] })
      .catch(() => undefined);
    return requestLabel(name, summary);
  }
}
