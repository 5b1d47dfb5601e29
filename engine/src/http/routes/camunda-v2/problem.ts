// Errors of the /v2 API in Camunda's shape: RFC 9457 problem details (`type`, `title`, `status`,
// `detail`, `instance`, sent as application/problem+json), the title being Camunda's category for
// the status (INVALID_ARGUMENT, UNAUTHORIZED, NOT_FOUND, INVALID_STATE …) so that Camunda's
// clients classify them as they would Camunda's own. Forma's stable code, the Chinese message and
// the field paths ride along as extension members (`code`, `detailZh`, `details`): the mapping
// itself is the one the rest of the API uses (http/errors.ts), only the envelope differs.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { mapError, type MappedError } from '#engine/http/errors.ts';

const TITLES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'INVALID_STATE',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  503: 'RESOURCE_EXHAUSTED',
};

export interface ProblemDetail {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  detailZh: string;
  details: MappedError['body']['error']['details'];
}

export function problemOf(mapped: MappedError, instance: string): ProblemDetail {
  const { code, message, messageZh, details } = mapped.body.error;
  return {
    type: 'about:blank',
    title: TITLES[mapped.status] ?? (mapped.status >= 500 ? 'INTERNAL_ERROR' : 'INVALID_ARGUMENT'),
    status: mapped.status,
    detail: message,
    instance,
    code,
    detailZh: messageZh,
    details,
  };
}

function send(request: FastifyRequest, reply: FastifyReply, mapped: MappedError): FastifyReply {
  if (mapped.headers) void reply.headers(mapped.headers);
  const body = problemOf(mapped, request.url.split('?')[0]!);
  return reply.code(mapped.status).type('application/problem+json').send(JSON.stringify(body));
}

export function problemHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const mapped = mapError(error);
  if (mapped.status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: mapped.body.error.code, status: mapped.status }, 'request refused');
  if (mapped.status === 401) void reply.header('www-authenticate', 'Basic realm="Forma", charset="UTF-8"');
  return send(request, reply, mapped);
}

export function problemNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return send(request, reply, {
    status: 404,
    body: {
      error: {
        code: 'ROUTE_NOT_FOUND',
        message: `No route ${request.method} ${request.url.split('?')[0]}: Forma serves part of Camunda's /v2 API (see the README, "Camunda compatibility").`,
        messageZh: '接口不存在：Forma 只提供 Camunda /v2 API 的一部分（见 README“Camunda 兼容”）。',
        details: [],
      },
    },
  });
}

/** The OpenAPI schema of a problem detail (documentation of the refusals). */
export const problemSchema = {
  type: 'object',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string' },
    detailZh: { type: 'string' },
    details: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
  required: ['type', 'title', 'status', 'detail', 'code', 'detailZh'],
};
