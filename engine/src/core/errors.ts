// The platform's typed errors. Every error a user can cause carries a stable code, an HTTP status
// (4xx), a message in English and in Chinese, and the JSON pointers of the offending fields; the
// HTTP layer turns them into the one error reply shape (schemas/api-error.schema.json).

export interface ErrorDetail {
  /** JSON pointer of the offending field ("" for the whole input). */
  path: string;
  message: string;
  messageZh?: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly messageZh: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, en: string, zh: string, details: ErrorDetail[] = []): AppError =>
  new AppError(400, code, en, zh, details);

export const notFound = (code: string, en: string, zh: string): AppError => new AppError(404, code, en, zh);

export const conflict = (code: string, en: string, zh: string, details: ErrorDetail[] = []): AppError =>
  new AppError(409, code, en, zh, details);

export const forbidden = (code: string, en: string, zh: string): AppError => new AppError(403, code, en, zh);

export const unprocessable = (code: string, en: string, zh: string, details: ErrorDetail[] = []): AppError =>
  new AppError(422, code, en, zh, details);
