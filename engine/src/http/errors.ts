// The one error model of the API: every error reply is
//   { "error": { "code", "message", "messageZh", "details": [{ "path", "message", "messageZh" }] } }
// with the right 4xx. Errors come from services (AppError), the store (typed StoreErrors), request
// validation, and fastify itself (malformed JSON, wrong content type, oversized body, bad URL);
// each maps to a stable code here (the services' codes are defined once each, in their domain's
// error catalogue: see defineErrors in core/errors.ts). Anything else is a bug: 500
// INTERNAL_ERROR, logged with the request id, and nothing about it leaks to the client.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, commonErrors, type ErrorDetail } from '../core/errors.ts';
import { FeelBudgetError } from '../core/feel/feel-error.ts';
import {
  DuplicateKeyError,
  InvalidCursorError,
  NotFoundError,
  RevisionConflictError,
  UnsupportedFilterError,
} from '../ports/document-store.ts';
import { ajvErrorDetail } from './validation.ts';

export interface ErrorBody {
  error: { code: string; message: string; messageZh: string; details: ErrorDetail[] };
}

export interface MappedError {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
}

const reply = (
  status: number,
  code: string,
  message: string,
  messageZh: string,
  details: ErrorDetail[] = [],
): MappedError => ({
  status,
  body: { error: { code, message, messageZh, details } },
});

// fastify's own request errors, by their code.
const FASTIFY_ERRORS: Record<string, [number, string, string, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [
    400,
    'MALFORMED_JSON',
    'The body is not valid JSON.',
    '请求体不是有效的 JSON。',
  ],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'EMPTY_BODY', 'The JSON body is empty.', '请求体为空。'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    415,
    'UNSUPPORTED_MEDIA_TYPE',
    'Send the body as application/json.',
    '请以 application/json 格式发送请求体。',
  ],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'BODY_TOO_LARGE', 'The body is too large.', '请求体过大。'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [
    400,
    'BAD_CONTENT_LENGTH',
    'The body does not match its Content-Length.',
    '请求体长度与 Content-Length 不符。',
  ],
  FST_ERR_BAD_URL: [400, 'BAD_URL', 'The URL is malformed.', 'URL 格式错误。'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'URL_TOO_LONG', 'A part of the URL is too long.', 'URL 中的参数过长。'],
};

export function mapError(error: unknown): MappedError {
  if (error instanceof AppError) {
    const mapped = reply(error.status, error.code, error.message, error.messageZh, error.details);
    const retry = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    if (typeof retry === 'number') mapped.headers = { 'retry-after': String(retry) };
    return mapped;
  }
  // An expression over its evaluation budget (a report's filter, a rule): the definition's fault,
  // not the server's — and nothing was written.
  if (error instanceof FeelBudgetError) return mapError(commonErrors.feelBudgetExceeded(error.problem));
  if (error instanceof RevisionConflictError)
    return reply(
      409,
      'REVISION_CONFLICT',
      'Someone else changed this in the meantime; reload and try again.',
      '此内容已被他人修改，请刷新后重试。',
      [{ path: '/rev', message: 'stale revision', messageZh: '版本已过期' }],
    );
  if (error instanceof DuplicateKeyError)
    return reply(409, 'DUPLICATE', 'This already exists.', '该对象已存在。');
  if (error instanceof NotFoundError) return reply(404, 'NOT_FOUND', 'Not found.', '未找到。');
  if (error instanceof InvalidCursorError) return mapError(commonErrors.invalidCursor('/query/cursor'));
  if (error instanceof UnsupportedFilterError)
    return reply(400, 'UNSUPPORTED_FILTER', 'This filter is not supported.', '不支持该筛选条件。', [
      { path: '/query', message: error.message },
    ]);
  const fe = error as Partial<FastifyError> & { validationContext?: string };
  if (fe.validation) {
    const part = fe.validationContext ?? 'body';
    return reply(
      400,
      'VALIDATION_FAILED',
      'The request is invalid.',
      '请求数据不符合要求。',
      fe.validation.map((e) => ajvErrorDetail(e as Parameters<typeof ajvErrorDetail>[0], part)),
    );
  }
  const known = fe.code ? FASTIFY_ERRORS[fe.code] : undefined;
  if (known) return reply(...known);
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500)
    return reply(fe.statusCode, 'BAD_REQUEST', 'The request cannot be processed.', '无法处理该请求。');
  return reply(500, 'INTERNAL_ERROR', 'Something went wrong on our side.', '服务器内部错误。');
}

export function errorHandler(error: unknown, request: FastifyRequest, res: FastifyReply): FastifyReply {
  const mapped = mapError(error);
  if (mapped.status >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: mapped.body.error.code, status: mapped.status }, 'request refused');
  if (mapped.headers) void res.headers(mapped.headers);
  return res.code(mapped.status).send(mapped.body);
}

export function notFoundHandler(request: FastifyRequest, res: FastifyReply): FastifyReply {
  return res
    .code(404)
    .send(
      reply(
        404,
        'ROUTE_NOT_FOUND',
        `No route ${request.method} ${request.url.split('?')[0]}.`,
        '接口不存在。',
      ).body,
    );
}
