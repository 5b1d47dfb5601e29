// Deploying the diagram: the server's answer as the page needs it — the deployed version, or the
// problems that stopped it (each with its element), or another error.
import { asApiError, type ApiError } from '#designer/api/errors.ts';
import { deploy, type FlowProblem } from '../api.ts';

export type Deployment =
  | { ok: true; result: Awaited<ReturnType<typeof deploy>> }
  | { ok: false; problems: FlowProblem[] }
  | { ok: false; error: ApiError };

export async function deployXml(xml: string): Promise<Deployment> {
  try {
    return { ok: true, result: await deploy(xml) };
  } catch (e) {
    const error = asApiError(e);
    if (error.status !== 422 || !error.details.length) return { ok: false, error };
    return {
      ok: false,
      problems: error.details.map((d) => {
        const detail = d as typeof d & { code?: string; elementId?: string; elementName?: string };
        return {
          code: detail.code ?? error.code,
          message: detail.message,
          messageZh: detail.messageZh ?? detail.message,
          ...(detail.elementId ? { elementId: detail.elementId } : {}),
          ...(detail.elementName ? { elementName: detail.elementName } : {}),
        };
      }),
    };
  }
}
