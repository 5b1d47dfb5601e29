// The flow modeler's calls to /api/flows, /api/forms and the directory (typed by the generated client).
import { api, type BodyOf, type ReplyOf } from '../api/client.ts';

export type FlowSummary = ReplyOf<'/api/flows', 'get'>['items'][number];
export type FlowVersion = ReplyOf<'/api/flows/{processId}/versions', 'get'>['items'][number];
export type ApprovalSettings = ReplyOf<'/api/flows/{processId}/approval-settings', 'get'>;
export type FlowProblem = ReplyOf<'/api/flows/validate', 'post'>['problems'][number];

export const listFlows = async (): Promise<FlowSummary[]> => (await api.get('/api/flows')).items;

export const loadLatest = (processId: string) => api.get('/api/flows/{processId}', { path: { processId } });

export const loadVersion = (processId: string, version: number) =>
  api.get('/api/flows/{processId}/versions/{version}', { path: { processId, version } });

export const listVersions = async (processId: string): Promise<FlowVersion[]> =>
  (await api.get('/api/flows/{processId}/versions', { path: { processId } })).items;

export const deploy = (xml: string) => api.post('/api/flows', { body: { xml } });

export const validate = async (xml: string, signal?: AbortSignal): Promise<FlowProblem[]> =>
  (await api.post('/api/flows/validate', { body: { xml }, ...(signal ? { signal } : {}) })).problems;

export const loadSettings = (processId: string) =>
  api.get('/api/flows/{processId}/approval-settings', { path: { processId } });

export type SettingsInput = BodyOf<'/api/flows/{processId}/approval-settings', 'put'>;

export const saveSettings = (processId: string, body: SettingsInput) =>
  api.put('/api/flows/{processId}/approval-settings', { path: { processId }, body });

/** Published forms (the ones a flow can use), with their ids and names. */
export async function publishedForms() {
  const { items } = await api.get('/api/forms');
  return items.filter((f) => f.currentVersion > 0);
}

export const formVersion = (id: string) =>
  api.get('/api/forms/{id}/versions/{version}', { path: { id, version: 'current' } });

export const listRoles = async () => (await api.get('/api/roles')).items;

export async function searchUsers(q: string, signal?: AbortSignal) {
  return (
    await api.get('/api/users', { query: { q, active: true, limit: 8 }, ...(signal ? { signal } : {}) })
  ).items;
}

export const getUser = (id: string) => api.get('/api/users/{id}', { path: { id } });

// ---- the catalogue: a deployed flow with its form as a request employees can start -------------

export type CatalogueEntry = ReplyOf<'/api/catalogue/entries', 'get'>['items'][number];
export type CatalogueEntryInput = BodyOf<'/api/catalogue/entries', 'post'>;
export type CatalogueEntryPatch = BodyOf<'/api/catalogue/entries/{id}', 'patch'>;

/** The entries published from the designer (GET needs catalogue:read; analysts and admins have it). */
export const listEntries = async (): Promise<CatalogueEntry[]> =>
  (await api.get('/api/catalogue/entries')).items;

export const createEntry = (body: CatalogueEntryInput) => api.post('/api/catalogue/entries', { body });

export const updateEntry = (id: string, body: CatalogueEntryPatch) =>
  api.patch('/api/catalogue/entries/{id}', { path: { id }, body });

export const deleteEntry = (id: string) => api.delete('/api/catalogue/entries/{id}', { path: { id } });

/** The entries that start each flow, by process id. */
export function entriesByFlow(entries: readonly CatalogueEntry[]): Map<string, CatalogueEntry[]> {
  const out = new Map<string, CatalogueEntry[]>();
  for (const entry of entries) if (entry.flow) out.set(entry.flow, [...(out.get(entry.flow) ?? []), entry]);
  return out;
}
