// How form definitions are stored: one document per form in `forms` (the working draft and a
// summary of its versions) and one immutable document per published version in `form_versions`
// (id `<form>@<version>`; only its status changes, on deprecation).
import { createHash } from 'node:crypto';
import type { FormDefinition, FormSummary, FormVersionInfo } from '#schemas/generated/index.ts';
import { canonicalJson } from '#engine/core/canonical-json.ts';

export const FORMS = 'forms';
export const FORM_VERSIONS = 'form_versions';

// Definitions are stored as JSON text: JSON Schema keys ($schema, $ref, $defs) and field paths
// with dots (labels) are not valid MongoDB field names.
export interface FormDoc {
  id: string;
  module: string;
  name: FormDefinition['name'];
  /** The working draft as JSON text (no version or status of its own). */
  draft: string;
  draftHash: string;
  status: FormSummary['status'];
  latestVersion: number;
  currentVersion: number;
  /** Hash of the latest published version's content. */
  publishedHash?: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export interface VersionDoc extends FormVersionInfo {
  id: string;
  /** The frozen definition as JSON text. */
  definition: string;
}

export const encodeDefinition = (definition: FormDefinition): string => JSON.stringify(contentOf(definition));
export const decodeDefinition = (text: string): FormDefinition => JSON.parse(text) as FormDefinition;

export const versionId = (form: string, version: number): string => `${form}@${version}`;

/** The analyst-authored content of a definition: what a version freezes and its hash covers. */
export function contentOf(definition: FormDefinition): FormDefinition {
  const { version: _v, status: _s, ...content } = definition;
  return content as FormDefinition;
}

/** SHA-256 of canonical JSON (sorted keys): equal content, equal hash, whatever the key order. */
export function contentHash(definition: FormDefinition): string {
  return createHash('sha256')
    .update(canonicalJson(contentOf(definition)))
    .digest('hex');
}

export function summaryOf(doc: FormDoc & { rev: number }): FormSummary {
  return {
    id: doc.id,
    module: doc.module,
    name: doc.name,
    status: doc.status,
    latestVersion: doc.latestVersion,
    currentVersion: doc.currentVersion,
    draftRev: doc.rev,
    hasUnpublishedChanges: doc.publishedHash !== doc.draftHash,
    updatedAt: doc.updatedAt,
    updatedBy: doc.updatedBy,
  };
}

export function versionInfo(doc: VersionDoc): FormVersionInfo {
  const info: FormVersionInfo = {
    form: doc.form,
    version: doc.version,
    status: doc.status,
    publishedAt: doc.publishedAt,
    publishedBy: doc.publishedBy,
    hash: doc.hash,
  };
  if (doc.deprecatedAt) info.deprecatedAt = doc.deprecatedAt;
  if (doc.deprecatedBy) info.deprecatedBy = doc.deprecatedBy;
  return info;
}

/** The version's definition with its number and current status. */
export function definitionOf(doc: VersionDoc): FormDefinition {
  return { ...decodeDefinition(doc.definition), version: doc.version, status: doc.status };
}
