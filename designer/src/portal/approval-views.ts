// What the approvals API says about a request beyond its status — its summary, the fields a step
// may see and edit, the road it takes — under the names the portal uses. The generated client
// types these replies loosely (open objects), so the shapes are named
// once (the server's own types), and read through `summaryOf` / `documentOf` / `roadOf`.
import type { RequestSummary as Summary, SummaryField } from '#engine/core/approvals/summary.ts';
import type { RoadStep } from '#engine/core/approvals/road.ts';

export type {
  RequestSummary as Summary,
  SummaryAmount,
  SummaryField,
} from '#engine/core/approvals/summary.ts';
export type { RoadState, RoadStep } from '#engine/core/approvals/road.ts';

export type FieldAccess = 'editable' | 'readonly' | 'hidden';

export interface DocumentView {
  form: { id: string; version: number };
  recordId: string;
  /** The data without the fields hidden from the reader. */
  data: Record<string, unknown>;
  fields: Record<string, FieldAccess>;
  summary?: Summary;
}

export interface Road {
  processId: string;
  flowName: string;
  steps: RoadStep[];
  skipped: RoadStep[];
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The summary an inbox row, task or request carries (undefined when its form declares none). */
export function summaryOf(item: unknown): Summary | undefined {
  const s = isObject(item) ? item.summary : undefined;
  if (!isObject(s)) return undefined;
  return {
    ...(s as unknown as Summary),
    fields: Array.isArray(s.fields) ? (s.fields as SummaryField[]) : [],
  };
}

/** The form data and per-field access of a task or request reply (`document`). */
export function documentOf(item: unknown): DocumentView | undefined {
  const d = isObject(item) ? item.document : undefined;
  return isObject(d) && isObject(d.fields) && isObject(d.data) ? (d as unknown as DocumentView) : undefined;
}

/** A preview or chain reply as a road. */
export function roadOf(reply: {
  steps: unknown[];
  skipped: unknown[];
  processId: string;
  flowName: string;
}): Road {
  return reply as unknown as Road;
}
