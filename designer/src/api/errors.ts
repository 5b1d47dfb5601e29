// The API's one error shape as an exception the UI can show in the user's language, with the
// offending fields (details[].path is a JSON pointer: /newPassword, /query/limit, /items/0/amount).
import type { ApiErrorReply } from '#schemas/generated/index.ts';
import type { Locale } from '../i18n/define.ts';

export type ErrorDetail = NonNullable<ApiErrorReply['error']['details']>[number];

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messageZh: string;
  readonly details: ErrorDetail[];

  constructor(status: number, error: ApiErrorReply['error']) {
    super(error.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = error.code;
    this.messageZh = error.messageZh;
    this.details = error.details ?? [];
  }

  static fromReply(status: number, payload: unknown): ApiError {
    const error = (payload as Partial<ApiErrorReply> | null)?.error;
    if (error && typeof error.code === 'string' && typeof error.message === 'string')
      return new ApiError(status, { ...error, messageZh: error.messageZh ?? error.message });
    return new ApiError(status, {
      code: status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REPLY',
      message: `The server answered ${status}.`,
      messageZh: `服务器返回 ${status}。`,
    });
  }

  static network(cause: unknown): ApiError {
    const error = new ApiError(0, {
      code: 'NETWORK_ERROR',
      message: 'The server cannot be reached. Check your connection and try again.',
      messageZh: '无法连接服务器，请检查网络后重试。',
    });
    error.cause = cause;
    return error;
  }

  /** The message in a language. */
  text(locale: Locale): string {
    return locale === 'zh-CN' ? this.messageZh : this.message;
  }

  /** The messages of the details, by JSON pointer (the first one for each field). */
  fieldErrors(locale: Locale): Record<string, string> {
    const out: Record<string, string> = {};
    for (const d of this.details) out[d.path] ??= locale === 'zh-CN' ? (d.messageZh ?? d.message) : d.message;
    return out;
  }
}

/** Any thrown value as an ApiError (a bug in our code becomes a generic one, never a blank screen). */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const wrapped = new ApiError(0, {
    code: 'CLIENT_ERROR',
    message: 'Something went wrong in the app. Reload the page and try again.',
    messageZh: '应用出错，请刷新页面后重试。',
  });
  wrapped.cause = error;
  return wrapped;
}
