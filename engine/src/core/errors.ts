// The platform's typed errors. Every error a user can cause carries a stable code, an HTTP status
// (4xx), a message in English and in Chinese, and the JSON pointers of the offending fields; the
// HTTP layer turns them into the one error reply shape (schemas/api-error.schema.json).

export interface ErrorDetail {
  /** JSON pointer of the offending field ("" for the whole input). */
  path: string;
  message: string;
  messageZh?: string;
  /** The stable code of this one problem, when it has its own (a module's submit check). */
  code?: string;
}

/** The detail of one offending field, in both languages (what checks collect and errors carry). */
export function errorDetail(path: string, en: string, zh: string): ErrorDetail {
  return { path, message: en, messageZh: zh };
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

// ---- error catalogues ------------------------------------------------------------------------
// Each domain (forms, records, flows, approvals …) defines its errors once, in one file, as
// fastify does in lib/errors.js: a stable code, the HTTP status, and the message in English and
// Chinese (with the field paths) made from the arguments. Call sites then say what went wrong
// (`formErrors.notFound(id)`) and cannot drift apart in code, status or wording.

/** What an error says, in both languages, and at which fields. */
export interface ErrorText {
  en: string;
  zh: string;
  details?: ErrorDetail[];
}

export interface ErrorDefinition {
  code: string;
  status: number;
  /** The text, or a function of the call's arguments that makes it. */
  text: ErrorText | ((...args: never[]) => ErrorText);
}

/** A catalogue: one factory per definition, taking what its text needs (and naming its code and status). */
export type ErrorCatalogue<S extends Record<string, ErrorDefinition>> = {
  readonly [K in keyof S]: (S[K]['text'] extends (...args: infer A) => ErrorText
    ? (...args: A) => AppError
    : () => AppError) & { readonly code: S[K]['code']; readonly status: number };
};

/** Every code defined so far, with the domains that define it (one, unless something is wrong). */
const definedCodes = new Map<string, Set<string>>();

export function defineErrors<S extends Record<string, ErrorDefinition>>(
  domain: string,
  definitions: S,
): ErrorCatalogue<S> {
  const catalogue: Record<string, (...args: never[]) => AppError> = {};
  for (const [name, def] of Object.entries(definitions)) {
    const domains = definedCodes.get(def.code) ?? new Set();
    definedCodes.set(def.code, domains.add(`${domain}.${name}`));
    const make = (...args: never[]) => {
      const text = typeof def.text === 'function' ? def.text(...args) : def.text;
      return new AppError(def.status, def.code, text.en, text.zh, text.details ?? []);
    };
    catalogue[name] = Object.assign(make, { code: def.code, status: def.status });
  }
  return catalogue as ErrorCatalogue<S>;
}

/** The catalogue entries (`domain.name`) defining each code, for the check that each code has one. */
export function errorCodeDefinitions(): ReadonlyMap<string, ReadonlySet<string>> {
  return definedCodes;
}

/** Errors every domain can raise. */
export const commonErrors = defineErrors('common', {
  unauthenticated: {
    code: 'UNAUTHENTICATED',
    status: 401,
    text: { en: 'Please log in.', zh: '请先登录。' },
  },
  /** Refused by the caller's grants; `what` says what they may not do when it helps. */
  forbidden: {
    code: 'FORBIDDEN',
    status: 403,
    text: (what?: ErrorText) =>
      what ?? { en: 'You do not have permission for this action.', zh: '您没有执行此操作的权限。' },
  },
  invalidCursor: {
    code: 'INVALID_CURSOR',
    status: 400,
    text: (path: string) => ({
      en: 'The page cursor is invalid for this query.',
      zh: '分页游标与此查询不符。',
      details: [{ path, message: 'invalid cursor', messageZh: '无效的游标' }],
    }),
  },
  /**
   * A FEEL expression that needs more steps, time or memory than one evaluation may take
   * (core/feel/budget.ts): the definition's fault, not the server's, and nothing was written.
   * With `field`: the computed field whose expression it is.
   */
  feelBudgetExceeded: {
    code: 'FEEL_BUDGET_EXCEEDED',
    status: 422,
    text: (
      problem: { en: string; zh: string },
      field?: { pointer: string; label: { en: string; zh: string } },
    ) =>
      field
        ? {
            en: `${field.label.en} could not be computed: ${problem.en}. Ask whoever designed the form to simplify its expression.`,
            zh: `无法计算${field.label.zh}：${problem.zh}。请联系表单设计者简化该表达式。`,
            details: [{ path: field.pointer, message: problem.en, messageZh: problem.zh }],
          }
        : {
            en: `An expression could not be evaluated: ${problem.en}.`,
            zh: `表达式无法计算：${problem.zh}。`,
          },
  },
  /**
   * Text holding U+0000 anywhere in a request (`path`: its JSON pointer). PostgreSQL cannot store
   * that character, so FerretDB on it would fail the write; both run modes refuse it up front.
   */
  textNulCharacter: {
    code: 'TEXT_NUL_CHARACTER',
    status: 400,
    text: (path: string) => ({
      en: 'Text may not contain the NUL character (U+0000).',
      zh: '文本不能包含空字符（U+0000）。',
      details: [{ path, message: 'contains U+0000', messageZh: '包含空字符 U+0000' }],
    }),
  },
  rowOutOfScope: {
    code: 'ROW_OUT_OF_SCOPE',
    status: 403,
    text: (noun: { en: string; zh: string }) => ({
      en: `The ${noun.en} would be outside the ${noun.en}s you may access.`,
      zh: `该${noun.zh}将超出您的数据权限范围。`,
    }),
  },
});
