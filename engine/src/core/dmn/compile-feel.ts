// What the DMN compiler's parts share: the moddle node shape, a FEEL text's syntax check reported
// at its cell, and reading a list of literals (output values, which order PRIORITY results).
import { feelSyntaxError } from '../feel/feel.ts';
import { dmnProblem, type DmnProblem } from './problems.ts';

const FEEL_LANGUAGES = new Set([
  'feel',
  'https://www.omg.org/spec/DMN/20191111/FEEL/',
  'https://www.omg.org/spec/DMN/20211108/FEEL/',
  'https://www.omg.org/spec/DMN/20230324/FEEL/',
  'http://www.omg.org/spec/FEEL/20140401',
]);

/** Whether an expressionLanguage attribute names FEEL (absent: the definitions' default, FEEL). */
export const isFeelLanguage = (language: unknown): boolean =>
  language === undefined || language === null || language === '' || FEEL_LANGUAGES.has(String(language));

/** A dmn-moddle element as the compiler reads it. */
export interface DmnNode {
  $type: string;
  id?: string;
  name?: string;
  $attrs?: Record<string, string>;
  [key: string]: unknown;
}

export type ProblemPlace = Omit<DmnProblem, 'code' | 'message' | 'messageZh'>;

/** The trimmed <text> of an expression or unary tests element ('' when absent). */
export function textOf(node: DmnNode | undefined): string {
  const text = node?.text;
  return typeof text === 'string' ? text.trim() : '';
}

/** Reports a FEEL text that does not parse, at its place; `where` says what it is, in both languages. */
export function checkFeel(
  problems: DmnProblem[],
  place: ProblemPlace,
  text: string,
  kind: 'expression' | 'unaryTests',
  where: { en: string; zh: string },
): void {
  const error = feelSyntaxError(text, kind);
  if (error)
    problems.push(dmnProblem('FEEL_SYNTAX', place, { where: where.en, whereZh: where.zh, detail: error }));
}

/** The unary tests of a cell split at top-level commas (commas inside strings, brackets and calls stay). */
export function splitTopLevel(text: string): string[] | null {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
    if (depth < 0) return null;
  }
  if (inString || depth !== 0) return null;
  parts.push(text.slice(start).trim());
  return parts;
}

const STRING = /^"((?:[^"\\]|\\.)*)"$/;
const NUMBER = /^-?(?:\d+(?:\.\d+)?|\.\d+)$/;

/** A FEEL literal's value (string, number, boolean, null), or undefined when the text is something else. */
export function literalValue(text: string): string | number | boolean | null | undefined {
  const t = text.trim();
  const s = STRING.exec(t);
  if (s) return s[1]!.replace(/\\(["\\])/g, '$1');
  if (NUMBER.test(t)) return Number(t);
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (t === 'null') return null;
  return undefined;
}

/** `"a", "b"` or `1, 2` as values; null when an item is not a literal. */
export function literalList(text: string): Array<string | number | boolean> | null {
  const parts = splitTopLevel(text);
  if (!parts) return null;
  const values: Array<string | number | boolean> = [];
  for (const part of parts) {
    const v = literalValue(part);
    if (v === undefined || v === null) return null;
    values.push(v);
  }
  return values;
}
