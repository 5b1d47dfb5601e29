// The decision editor's calls to /api/decisions (typed by the generated client).
import { api, type ReplyOf } from '../api/client.ts';

export type DecisionSummary = ReplyOf<'/api/decisions', 'get'>['items'][number];
export type DecisionProblem = ReplyOf<'/api/decisions/validate', 'post'>['problems'][number];
export type Evaluation = ReplyOf<'/api/decisions/{decisionId}/evaluate', 'post'>;
export type Deployed = ReplyOf<'/api/decisions', 'post'>;

export const listDecisions = async (): Promise<DecisionSummary[]> => (await api.get('/api/decisions')).items;

export const loadLatest = (decisionId: string) =>
  api.get('/api/decisions/{decisionId}', { path: { decisionId } });

export const listVersions = async (decisionId: string) =>
  (await api.get('/api/decisions/{decisionId}/versions', { path: { decisionId } })).items;

export const deploy = (xml: string): Promise<Deployed> => api.post('/api/decisions', { body: { xml } });

export const validate = async (xml: string, signal?: AbortSignal): Promise<DecisionProblem[]> =>
  (await api.post('/api/decisions/validate', { body: { xml }, ...(signal ? { signal } : {}) })).problems;

export const evaluate = (decisionId: string, variables: Record<string, unknown>): Promise<Evaluation> =>
  api.post('/api/decisions/{decisionId}/evaluate', { path: { decisionId }, body: { variables } });
