// The compiled decision requirements graph (DRG): plain JSON made once per deployed DMN file
// (compile.ts) and cached, so evaluating a decision never walks moddle objects. One DMN file is
// one DRG: its decisions, each a decision table or a literal expression, and which decisions
// each one requires (their results are its inputs).

/** DMN hit policies (DMN 1.3 §8.2.11); the default is UNIQUE. */
export type HitPolicy = 'UNIQUE' | 'FIRST' | 'PRIORITY' | 'ANY' | 'COLLECT' | 'RULE ORDER' | 'OUTPUT ORDER';

/** COLLECT aggregations (C+, C<, C>, C#). */
export type Aggregation = 'SUM' | 'MIN' | 'MAX' | 'COUNT';

export interface InputClause {
  id: string;
  label?: string;
  /** FEEL expression giving the input value (e.g. `amount`, `requester.department`). */
  expression: string;
  typeRef?: string;
}

export interface OutputClause {
  id: string;
  /** The name the value is known by (required when the table has several outputs). */
  name?: string;
  label?: string;
  typeRef?: string;
  /** Output values in priority order (PRIORITY and OUTPUT ORDER), as their FEEL literals' values. */
  priorities?: Array<string | number | boolean>;
  /** FEEL giving the value when no rule matches. */
  defaultExpression?: string;
}

export interface Rule {
  id: string;
  /** 1-based, as the table shows it. */
  index: number;
  description?: string;
  /** FEEL unary tests per input ('' or '-' matches anything). */
  inputEntries: string[];
  /** FEEL expressions per output ('' gives null). */
  outputEntries: string[];
  /** The cells' ids (for problems and highlighting): inputs, then outputs. */
  inputIds: string[];
  outputIds: string[];
}

export interface DecisionTableLogic {
  kind: 'table';
  id: string;
  hitPolicy: HitPolicy;
  aggregation?: Aggregation;
  inputs: InputClause[];
  outputs: OutputClause[];
  rules: Rule[];
}

export interface LiteralExpressionLogic {
  kind: 'literal';
  id: string;
  expression: string;
  typeRef?: string;
}

export interface DecisionModel {
  id: string;
  name?: string;
  /** Its Chinese name (forma:nameZh), as flows and steps have; `name` is the default, English. */
  nameZh?: string;
  /** The name its result is known by in decisions that require it: its variable, else its id. */
  resultName: string;
  /** zeebe:versionTag on the decision (bindingType="versionTag"). */
  versionTag?: string;
  /** Ids of the decisions it requires, in the order written. */
  requires: string[];
  logic: DecisionTableLogic | LiteralExpressionLogic;
}

export interface DrgModel {
  /** Bumped when the compiled shape changes, so cached models of an old shape are recompiled. */
  format: number;
  /** The definitions' id (the decision requirements graph). */
  id: string;
  name?: string;
  /** The file's Chinese name (forma:nameZh on the definitions). */
  nameZh?: string;
  namespace?: string;
  decisions: Record<string, DecisionModel>;
}

export const DRG_FORMAT = 1;
