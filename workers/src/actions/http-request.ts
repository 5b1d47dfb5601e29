// `http.request`: calls an HTTP endpoint that the module's settings allow (`httpAllowList`: URL
// prefixes such as "https://einvoice.example.com/api/"); any other URL is refused with the BPMN
// error HTTP_NOT_ALLOWED before a connection is made. The job's idempotency key goes along as the
// Idempotency-Key header, so a retried job does not make the receiver act twice. A 5xx answer or
// a network failure is retried by the queue; a 4xx answer is returned (the model decides).
//   input: url, [method], [headers], [body], [timeoutMs]   →   { status, body }
import { actionInput, requireText } from './input.ts';
import { BpmnError, type ActionDefinition } from './registry.ts';
import { servicesOf, type ActionServicesProvider } from './services.ts';

const MAX_BODY = 256 * 1024;
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** Whether a URL starts with one of the allowed prefixes (scheme, host and port compared exactly). */
export function urlAllowed(url: string, allowList: readonly string[]): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (target.username || target.password) return false;
  return allowList.some((prefix) => {
    let allowed: URL;
    try {
      allowed = new URL(prefix);
    } catch {
      return false;
    }
    return (
      allowed.protocol === target.protocol &&
      allowed.host === target.host &&
      target.pathname.startsWith(allowed.pathname)
    );
  });
}

export function httpRequestAction(services: ActionServicesProvider): ActionDefinition {
  return {
    name: 'http.request',
    description: {
      en: 'Calls an allow-listed HTTP endpoint (module settings: httpAllowList).',
      zh: '调用白名单内的 HTTP 接口（模块设置 httpAllowList）。',
    },
    async run(ctx) {
      const { modules } = servicesOf(services);
      const input = actionInput(ctx);
      const url = requireText(input, 'url');
      const module = ctx.automation?.module ?? (await modules.moduleOfProcess(ctx.processId));
      const settings = module ? await modules.settings(module) : {};
      const allowList = Array.isArray(settings.httpAllowList) ? settings.httpAllowList.map(String) : [];
      if (!urlAllowed(url, allowList))
        throw new BpmnError(
          'HTTP_NOT_ALLOWED',
          `${url} is not in the allow-list of module ${module ?? '(none)'}`,
        );
      const method = String(input.method ?? 'GET').toUpperCase();
      if (!METHODS.has(method)) throw new BpmnError('INPUT_INVALID', `method ${method} is not supported`);
      const headers: Record<string, string> = { 'idempotency-key': ctx.idempotencyKey };
      if (input.headers && typeof input.headers === 'object')
        for (const [k, v] of Object.entries(input.headers)) headers[k.toLowerCase()] = String(v);
      let body: string | undefined;
      if (input.body !== undefined && method !== 'GET') {
        body = typeof input.body === 'string' ? input.body : JSON.stringify(input.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(url, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
        redirect: 'manual', // a redirect could leave the allow-list
        signal: AbortSignal.timeout(Math.min(Number(input.timeoutMs ?? 10_000), 60_000)),
      });
      const text = (await response.text()).slice(0, MAX_BODY);
      if (response.status >= 500) throw new Error(`${url} answered ${response.status}`);
      let parsed: unknown = text;
      if ((response.headers.get('content-type') ?? '').includes('json'))
        try {
          parsed = JSON.parse(text);
        } catch {
          // not JSON after all: keep the text
        }
      return { status: response.status, body: parsed };
    },
  };
}
