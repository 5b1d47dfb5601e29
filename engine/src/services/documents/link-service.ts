// Links between records (core/documents/links.ts): checked on every write, "fetch from" filled in,
// the records that link to one found through the reverse-link index, and the picker's search.
//
// Who may see what: whether a linked record exists (and what a link fetches from it) is decided
// with the system's rights — a salesperson's order may name a customer whose credit limit they
// cannot open, and the order must still be valid. What the picker *offers* is searched with the
// user's own read rights on the linked form (its row rules), and a refusal names only the records
// the user may open (the others are counted).
import type { LinkOption, LinkedDocuments } from '#schemas/generated/index.ts';
import type { DocumentRef } from '#engine/core/documents/errors.ts';
import { documentErrors } from '#engine/core/documents/errors.ts';
import { lifecycleOf } from '#engine/core/documents/lifecycle.ts';
import { linkKey, linkValues, type LinkField } from '#engine/core/documents/links.ts';
import { getAt, jsonEqual } from '#engine/core/doc-paths.ts';
import { AppError, type ErrorDetail } from '#engine/core/errors.ts';
import type { CompiledForm } from '#engine/core/forms/compiled-form.ts';
import { doctypeViews } from '#engine/core/forms/doctype-views.ts';
import { combineFilters } from '#engine/core/forms/record-query.ts';
import type { Principal } from '#engine/core/permissions/access.ts';
import { resolveAccess } from '#engine/core/permissions/resolve.ts';
import { rowMatches } from '#engine/core/permissions/row-match.ts';
import type { Clock } from '#engine/ports/clock.ts';
import type { Filter, Stored } from '#engine/ports/document-store.ts';
import type { WriteContext } from '../records/document-rules.ts';
import { PRIVILEGED_ROLES } from '../records/record-codec.ts';
import { linkFieldsOf } from '../records/record-documents.ts';
import type { StoredRecord } from '../records/record-docs.ts';
import type { RecordService } from '../records/record-service.ts';

type Data = Record<string, unknown>;
type Row = Stored<StoredRecord>;

/** Forms whose link fields point to a form, with those fields. */
interface Source {
  form: string;
  name: LinkedDocuments['name'];
  fields: string[];
}

/** How long the map of which form links to which is trusted (other replicas may publish). */
const SOURCES_TTL_MS = 15_000;
const REFERRERS_SHOWN = 50;

export class LinkService {
  private sources: { at: number; byTarget: Map<string, Source[]> } | null = null;

  constructor(private readonly deps: { records: RecordService; clock: Clock }) {
    deps.records.forms.onPublished(async () => {
      this.sources = null;
    });
  }

  private get records(): RecordService {
    return this.deps.records;
  }

  // ---- on every write ----------------------------------------------------------------------

  /**
   * Fetch from: when a link is set or changes, each field it fetches takes the linked record's
   * value — unless the same write gives that field a new value of its own (a price typed over the
   * item's). The browser does the same as the user picks; the server's pass makes API clients,
   * imports and automations get the same values.
   */
  async fetchInto(ctx: WriteContext, data: Data): Promise<Data> {
    const fields = linkFieldsOf(ctx.form).filter((f) => Object.keys(f.fetch).length > 0);
    if (fields.length === 0 || typeof data !== 'object' || data === null) return data;
    const out = structuredClone(data);
    const before = new Map(linkValues(fields, ctx.before?.data ?? {}).map((v) => [v.pointer, v]));
    const targets = new Map<string, { data: Data; sensitive: Set<string> } | null>();
    for (const link of linkValues(fields, out)) {
      const prev = before.get(link.pointer);
      if (prev && prev.value === link.value) continue;
      const key = linkKey(link.field.form, link.value);
      if (!targets.has(key)) targets.set(key, await this.plainRecord(link.field.form, link.value));
      const target = targets.get(key);
      if (!target) continue; // the check reports the dangling link
      for (const [to, from] of Object.entries(link.field.fetch)) {
        if (target.sensitive.has(from)) continue; // encrypted at rest: never copied in clear
        const mine = link.holder[to];
        const own = mine !== undefined && mine !== '' && !(prev && jsonEqual(mine, prev.holder[to]));
        if (own) continue;
        const value = getAt(target.data, from);
        if (value === undefined) delete link.holder[to];
        else link.holder[to] = structuredClone(value);
      }
    }
    return out;
  }

  /**
   * No dangling links: every link `mode` covers points to a record that exists and is not
   * deleted — nor cancelled, unless `cancelledOk` (an amendment copies its original's links).
   * 'changed': links the write sets or changes; 'all': every link (on submit).
   */
  async check(
    form: CompiledForm,
    data: Data,
    options: { before?: Data; mode: 'changed' | 'all'; cancelledOk?: boolean; principal?: Principal },
  ): Promise<void> {
    const fields = linkFieldsOf(form);
    if (fields.length === 0) return;
    const had = new Set(
      options.mode === 'changed' && options.before
        ? linkValues(fields, options.before).map((v) => `${v.field.path}|${v.value}`)
        : [],
    );
    const wanted = linkValues(fields, data).filter((v) => !had.has(`${v.field.path}|${v.value}`));
    const byForm = new Map<string, string[]>();
    for (const v of wanted) byForm.set(v.field.form, [...(byForm.get(v.field.form) ?? []), v.value]);
    const found = new Map<string, Row>();
    // `readable` links are checked against the writer's row rules, which may read any field.
    const mayRead = new Map<string, (row: Row) => boolean>();
    const principal = options.principal?.roles.some((r) => PRIVILEGED_ROLES.includes(r))
      ? undefined
      : options.principal;
    for (const [target, ids] of byForm) {
      const rowRules = principal && wanted.some((v) => v.field.form === target && v.field.readable);
      if (rowRules) mayRead.set(target, await this.readable(principal, target));
      const { items } = await this.records
        .collection(target)
        .find(
          { id: { $in: [...new Set(ids)] } },
          rowRules ? {} : { projection: ['id', 'deleted', 'docstatus', 'form'] },
        );
      for (const row of items) found.set(linkKey(target, row.id), row);
    }
    const missing: ErrorDetail[] = [];
    const cancelled: ErrorDetail[] = [];
    for (const v of wanted) {
      const row = found.get(linkKey(v.field.form, v.value));
      const hidden = row && v.field.readable && mayRead.has(v.field.form) && !mayRead.get(v.field.form)!(row);
      if (!row || row.deleted || hidden)
        missing.push({
          path: v.pointer,
          message: `there is no record "${v.value}" of ${v.field.form}`,
          messageZh: `${v.field.form} 中没有记录“${v.value}”`,
        });
      else if (row.docstatus === 'cancelled' && !options.cancelledOk)
        cancelled.push({
          path: v.pointer,
          message: `"${v.value}" of ${v.field.form} is cancelled`,
          messageZh: `${v.field.form} 中的“${v.value}”已作废`,
        });
    }
    if (missing.length) throw documentErrors.linkNotFound(missing);
    if (cancelled.length) throw documentErrors.linkCancelled(cancelled);
  }

  // ---- who links here --------------------------------------------------------------------------

  /** The records linking to a record (not deleted), per linking form; `where` narrows them. */
  async referrers(
    form: string,
    id: string,
    where: Filter = {},
  ): Promise<Array<{ source: Source; rows: Row[]; total: number }>> {
    const out: Array<{ source: Source; rows: Row[]; total: number }> = [];
    for (const source of await this.sourcesOf(form)) {
      const filter = combineFilters([{ links: linkKey(form, id), deleted: false }, where]);
      const col = this.records.collection(source.form);
      const { items } = await col.find(filter, { limit: REFERRERS_SHOWN, sort: [['createdAt', -1]] });
      if (items.length === 0) continue;
      const total = items.length < REFERRERS_SHOWN ? items.length : await col.count(filter);
      out.push({ source, rows: items, total });
    }
    return out;
  }

  /** The referrers as a refusal names them: those `principal` may open, and how many others. */
  async dependents(
    principal: Principal,
    form: string,
    id: string,
    where: Filter = {},
  ): Promise<{ visible: DocumentRef[]; hidden: number }> {
    const visible: DocumentRef[] = [];
    let hidden = 0;
    for (const { source, rows, total } of await this.referrers(form, id, where)) {
      const may = await this.readable(principal, source.form);
      const shown = rows.filter((r) => may(r));
      visible.push(
        ...shown.map((r) => ({ form: source.form, id: r.id, ...(label(r) ? { label: label(r) } : {}) })),
      );
      hidden += total - shown.length;
    }
    return { visible, hidden };
  }

  /** The record page's "linked documents": per linking form, those the reader may open. */
  async linked(principal: Principal, form: string, id: string): Promise<LinkedDocuments[]> {
    const out: LinkedDocuments[] = [];
    for (const { source, rows, total } of await this.referrers(form, id)) {
      const may = await this.readable(principal, source.form);
      out.push({
        form: source.form,
        name: source.name,
        fields: source.fields,
        total,
        items: rows.filter((r) => may(r)).map(summary),
      });
    }
    return out;
  }

  // ---- the picker ------------------------------------------------------------------------------

  /** What a link field of `sourceForm` may point to, as `principal` may read it, matching `q`. */
  async options(
    principal: Principal,
    sourceForm: string,
    fieldPath: string,
    query: { q?: string; code?: string; limit?: number },
  ): Promise<LinkOption[]> {
    const source = await this.records.forms.current(sourceForm);
    const field = linkFieldsOf(source).find((f) => f.path === fieldPath);
    if (!field) throw documentErrors.notALink(sourceForm, fieldPath);
    const actor = { principal, decision: resolveAccess(principal, `record:${field.form}`, 'read') };
    // A link into a module worked beside that is not installed offers nothing (rather than a 404).
    const target = await this.records.forms.latest(field.form).catch((e: unknown) => {
      if (field.requiresModules?.length) return null;
      throw e;
    });
    if (!target) return [];
    const limit = query.limit ?? 20;
    const notCancelled = lifecycleOf(target.definition) ? { docstatus: { ne: 'cancelled' } } : {};
    const rows = query.code
      ? await this.byCode(actor, target, query.code.trim(), notCancelled, limit)
      : (
          await this.records.list(actor, field.form, {
            limit,
            ...(query.q ? { q: query.q } : {}),
            ...(lifecycleOf(target.definition) ? { where: notCancelled } : {}),
          })
        ).items;
    return rows.map((r) => ({
      id: r.id,
      ...(r.title ? { title: r.title } : {}),
      ...(r.number ? { number: r.number } : {}),
      ...(r.docstatus ? { docstatus: r.docstatus } : {}),
      fetched: fetched(field, r.data, r.masked ?? []),
    }));
  }

  /**
   * A scanned code: the linked form's records holding it in a code field (barcode, QR code, in
   * lists too) — an item by its barcode, a batch by its label. Fields the reader may not search
   * (hidden, masked) are skipped, as in the code lookup.
   */
  private async byCode(
    actor: Parameters<RecordService['list']>[0],
    target: CompiledForm,
    code: string,
    where: Record<string, unknown>,
    limit: number,
  ) {
    const out = new Map<string, Awaited<ReturnType<RecordService['list']>>['items'][number]>();
    for (const path of doctypeViews(target.definition, target.fields).codeFields) {
      if (out.size >= limit) break;
      const page = await this.records
        .list(actor, target.definition.id, { where: { ...where, [path]: code }, limit })
        .catch((e: unknown) => {
          if (e instanceof AppError && e.code === 'INVALID_QUERY') return { items: [] };
          throw e;
        });
      for (const r of page.items) if (out.size < limit) out.set(r.id, r);
    }
    return [...out.values()];
  }

  /** Titles or numbers of linked records, for print and display (system read; missing: absent). */
  async labels(keys: Iterable<string>): Promise<Map<string, string>> {
    const byForm = new Map<string, string[]>();
    for (const key of keys) {
      const at = key.indexOf(':');
      const form = key.slice(0, at);
      byForm.set(form, [...(byForm.get(form) ?? []), key.slice(at + 1)]);
    }
    const out = new Map<string, string>();
    for (const [form, ids] of byForm) {
      const { items } = await this.records
        .collection(form)
        .find({ id: { $in: [...new Set(ids)] } }, { projection: ['id', 'title', 'number'] });
      for (const r of items) {
        const text = [r.number, r.title].filter(Boolean).join(' ');
        if (text) out.set(linkKey(form, r.id), text);
      }
    }
    return out;
  }

  // ---- internals -----------------------------------------------------------------------------

  /** The forms linking to `target` (from every published form's newest version). */
  private async sourcesOf(target: string): Promise<Source[]> {
    const now = this.deps.clock.now();
    if (!this.sources || now - this.sources.at > SOURCES_TTL_MS || now < this.sources.at) {
      const byTarget = new Map<string, Source[]>();
      for (const id of await this.records.forms.publishedFormIds()) {
        const latest = await this.records.forms.latest(id).catch(() => null);
        if (!latest) continue;
        const fields = new Map<string, string[]>();
        for (const f of linkFieldsOf(latest)) fields.set(f.form, [...(fields.get(f.form) ?? []), f.path]);
        for (const [to, paths] of fields)
          byTarget.set(to, [
            ...(byTarget.get(to) ?? []),
            { form: id, name: latest.definition.name, fields: paths },
          ]);
      }
      this.sources = { at: now, byTarget };
    }
    return this.sources.byTarget.get(target) ?? [];
  }

  /** Whether `principal` may read a row of `form` (its grants' row rules and the form's role list). */
  async readable(principal: Principal, form: string): Promise<(row: Row) => boolean> {
    const decision = resolveAccess(principal, `record:${form}`, 'read');
    const roles = (await this.records.forms.latest(form).catch(() => null))?.definition.permissions?.read;
    const byRole = !roles || principal.roles.some((r) => roles.includes(r) || PRIVILEGED_ROLES.includes(r));
    return (row) => decision.allowed && byRole && rowMatches(row, decision.rowFilter);
  }

  /** A record's plain data (system read) and its form's sensitive fields; null when missing. */
  private async plainRecord(
    form: string,
    id: string,
  ): Promise<{ data: Data; sensitive: Set<string> } | null> {
    const row = await this.records.collection(form).get(id);
    if (!row || row.deleted) return null;
    const compiled = await this.records.forms.compiled(form, row.formVersion);
    const { data } = this.records.codec.decode(compiled, id, row.data);
    return {
      data,
      sensitive: new Set(
        compiled.fields
          .all()
          .filter((f) => f.sensitive)
          .map((f) => f.path),
      ),
    };
  }
}

/** What a link would fetch, as the reader sees it: a masked value is left for the server to fill. */
function fetched(field: LinkField, data: Data, masked: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [to, from] of Object.entries(field.fetch)) {
    if (masked.includes(`data.${from}`)) continue;
    const value = getAt(data, from);
    if (value !== undefined) out[to] = value;
  }
  return out;
}

function label(r: Row): string | undefined {
  return [r.number, r.title].filter(Boolean).join(' ') || undefined;
}

function summary(r: Row): LinkedDocuments['items'][number] {
  return {
    id: r.id,
    ...(r.title ? { title: r.title } : {}),
    ...(r.number ? { number: r.number } : {}),
    status: r.status,
    ...(r.docstatus ? { docstatus: r.docstatus } : {}),
    createdAt: r.createdAt,
  };
}
