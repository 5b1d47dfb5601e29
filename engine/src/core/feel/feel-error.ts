// The errors FEEL evaluation throws (pure, browser-safe): a FeelError for an expression that is
// wrong or fails, and its FeelBudgetError for one that needs more steps, time or memory than one
// evaluation may take (budget.ts). The HTTP layer answers the latter 422 FEEL_BUDGET_EXCEEDED.

export class FeelError extends Error {
  constructor(
    readonly expression: string,
    message: string,
  ) {
    super(message);
    this.name = 'FeelError';
  }
}

/** A budget problem in both languages. */
export interface BudgetProblem {
  en: string;
  zh: string;
}

export class FeelBudgetError extends FeelError {
  /** Stable error code (the HTTP error reply's `code`). */
  readonly code = 'FEEL_BUDGET_EXCEEDED';

  constructor(
    expression: string,
    readonly problem: BudgetProblem,
  ) {
    super(expression, problem.en);
    this.name = 'FeelBudgetError';
  }

  get messageZh(): string {
    return this.problem.zh;
  }
}
