// The form designer's calls to /api/forms (typed by the generated client).
import { api, type ReplyOf } from '../api/client.ts';
import type { FormDefinition, LocalizedText } from './model/types.ts';

export type FormSummary = ReplyOf<'/api/forms', 'get'>['items'][number];
export type FormVersion = ReplyOf<'/api/forms/{id}/versions', 'get'>['items'][number];
export type Problem = ReplyOf<'/api/forms/check', 'post'>['problems'][number];

/** A new form's first draft: no fields yet. */
export function emptyDefinition(id: string, module: string, name: LocalizedText): FormDefinition {
  return { id, module, name, schema: { type: 'object', properties: {} }, uiSchema: {}, labels: {} };
}

export async function loadDraft(id: string) {
  return api.get('/api/forms/{id}', { path: { id } });
}

export async function saveDraft(definition: FormDefinition, rev: number) {
  return api.put('/api/forms/{id}', { path: { id: definition.id }, body: { rev, definition } });
}

export async function publish(id: string, rev: number) {
  return api.post('/api/forms/{id}/publish', { path: { id }, body: { rev } });
}

export async function checkDefinition(definition: FormDefinition, signal?: AbortSignal): Promise<Problem[]> {
  const body = { definition: definition as unknown as Record<string, unknown> };
  const reply = await api.post('/api/forms/check', { body, ...(signal ? { signal } : {}) });
  return reply.problems;
}

export async function listVersions(id: string): Promise<FormVersion[]> {
  return (await api.get('/api/forms/{id}/versions', { path: { id } })).items;
}

export async function loadVersion(id: string, version: number): Promise<FormDefinition> {
  return api.get('/api/forms/{id}/versions/{version}', { path: { id, version } });
}
