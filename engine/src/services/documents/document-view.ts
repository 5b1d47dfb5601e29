// What a record's page needs besides the record: which lifecycle buttons to offer the reader now
// (their grants with the row rules and the form's role lists, and the document's state), and the
// numbers or titles of the records its links point to. The buttons only spare people a refusal:
// every action is decided again on the server when it is taken.
import type { FormDefinition } from '#schemas/generated/index.ts';
import { docstatusOf, lifecycleOf } from '#engine/core/documents/lifecycle.ts';
import { linkKey, linkValues } from '#engine/core/documents/links.ts';
import type { Principal } from '#engine/core/permissions/access.ts';
import { resolveAccess, type Action } from '#engine/core/permissions/resolve.ts';
import { rowMatches } from '#engine/core/permissions/row-match.ts';
import type { Stored } from '#engine/ports/document-store.ts';
import { PRIVILEGED_ROLES } from '../records/record-codec.ts';
import { linkFieldsOf } from '../records/record-documents.ts';
import type { StoredRecord } from '../records/record-docs.ts';
import type { RecordService } from '../records/record-service.ts';
import type { LinkService } from './link-service.ts';

export type DocumentAction = 'update' | 'delete' | 'submit' | 'submitForApproval' | 'cancel' | 'amend';

export interface DocumentView {
  actions: DocumentAction[];
  /** `<form>:<id>` → the number and title of a record a link of this one points to. */
  linkTitles: Record<string, string>;
}

export async function documentView(
  deps: { records: RecordService; links: LinkService },
  principal: Principal,
  row: Stored<StoredRecord>,
): Promise<DocumentView> {
  const { records, links } = deps;
  const latest = (await records.forms.latest(row.form)).definition;
  const form = await records.forms.compiled(row.form, row.formVersion);
  const may = (action: Action, formRole?: 'create' | 'update') => {
    const decision = resolveAccess(principal, `record:${row.form}`, action);
    return decision.allowed && rowMatches(row, decision.rowFilter) && byRole(latest, principal, formRole);
  };
  const lifecycle = lifecycleOf(latest);
  const state = docstatusOf(row);
  const actions: DocumentAction[] = [];
  if (!row.deleted) {
    const editable =
      !lifecycle || state === 'draft' || (state === 'submitted' && !!lifecycle.allowedAfterSubmit?.length);
    if (editable && may('update', 'update')) actions.push('update');
    if ((!lifecycle || state !== 'submitted') && may('delete', 'update')) actions.push('delete');
    if (lifecycle && state === 'draft' && may('submit')) actions.push('submit');
    if (lifecycle && state === 'submitted' && may('cancel')) actions.push('cancel');
    const created = resolveAccess(principal, `record:${row.form}`, 'create');
    const mayCreate =
      created.allowed && rowMatches(row, created.rowFilter) && byRole(latest, principal, 'create');
    if (lifecycle && state === 'cancelled' && !row.amendedBy && mayCreate) actions.push('amend');
  }
  const { data } = records.codec.decode(form, row.id, row.data);
  const keys = linkValues(linkFieldsOf(form), data).map((v) => linkKey(v.field.form, v.value));
  const titles = await links.labels(keys);
  return { actions, linkTitles: Object.fromEntries(titles) };
}

function byRole(definition: FormDefinition, principal: Principal, action?: 'create' | 'update'): boolean {
  const roles = action ? definition.permissions?.[action] : undefined;
  return !roles || principal.roles.some((r) => roles.includes(r) || PRIVILEGED_ROLES.includes(r));
}
