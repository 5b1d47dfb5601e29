// Durations and rules across fields, built from pickers so an analyst never types FEEL: a duration
// field's computed expression (days or working days between two dates) and a rule's condition
// ("Last day ≥ First day") are generated here, and read back from a definition when they have the
// shape written here. Anything else an analyst wrote by hand stays as it is (a computed expression,
// or a rule's condition edited as text).
import { flatten } from './ops.ts';
import {
  newUid,
  rangeLabelsOf,
  RULE_OPS,
  type DesignField,
  type DesignForm,
  type DesignRule,
  type Duration,
  type FieldKind,
  type FormDefinition,
  type LocalizedText,
  type RuleOp,
} from './types.ts';

const PATH = '[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)*';

// ---- durations ---------------------------------------------------------------------------------

/** The FEEL a duration field computes: both ends included, so a one-day leave counts 1. */
export function durationExpression(d: Duration): string {
  return d.unit === 'workingDays'
    ? `working days(${d.from}, ${d.to})`
    : `(date(${d.to}) - date(${d.from})).days + 1`;
}

const DAYS = new RegExp(`^\\(date\\((${PATH})\\) - date\\((${PATH})\\)\\)\\.days \\+ 1$`);
const WORKING = new RegExp(`^working days\\((${PATH}), (${PATH})\\)$`);

/** The duration an expression written by durationExpression describes, or null. */
export function parseDuration(expression: string): Duration | null {
  const text = expression.trim();
  const days = DAYS.exec(text);
  if (days) return { unit: 'days', from: days[2]!, to: days[1]! };
  const working = WORKING.exec(text);
  if (working) return { unit: 'workingDays', from: working[1]!, to: working[2]! };
  return null;
}

// ---- what a picker offers ----------------------------------------------------------------------

export interface FieldChoice {
  path: string;
  kind: FieldKind;
  /** The label (a date range's part: the range's label and the part's). */
  label: LocalizedText;
}

const join = (a: LocalizedText, b: LocalizedText): LocalizedText => ({
  en: `${a.en} · ${b.en}`,
  'zh-CN': `${a['zh-CN']} · ${b['zh-CN']}`,
});

/** Every value outside line items a rule may compare: dates (and range ends), numbers, amounts. */
export function ruleChoices(form: DesignForm): FieldChoice[] {
  const out: FieldChoice[] = [];
  for (const { field, path, parent } of flatten(form.fields)) {
    if (parent?.kind === 'table' || insideTable(form.fields, path)) continue;
    if (field.kind === 'dateRange') {
      const labels = rangeLabelsOf(field);
      out.push({ path: `${path}.start`, kind: 'date', label: join(field.label, labels.start) });
      out.push({ path: `${path}.end`, kind: 'date', label: join(field.label, labels.end) });
    } else if (['date', 'number', 'money', 'duration'].includes(field.kind))
      out.push({ path, kind: field.kind, label: field.label });
  }
  return out;
}

/** The dates a duration may count between. */
export function dateChoices(form: DesignForm): FieldChoice[] {
  return ruleChoices(form).filter((c) => c.kind === 'date');
}

function insideTable(fields: DesignField[], path: string): boolean {
  let level = fields;
  for (const key of path.split('.')) {
    const field = level.find((f) => f.key === key);
    if (!field) return false;
    if (field.kind === 'table') return true;
    level = field.children ?? [];
  }
  return false;
}

/** A new duration field counts the first date range (or the first two dates) of the form. */
export function defaultDuration(form: DesignForm): Duration {
  const dates = dateChoices(form);
  return { unit: 'workingDays', from: dates[0]?.path ?? '', to: dates[1]?.path ?? dates[0]?.path ?? '' };
}

// ---- rules -------------------------------------------------------------------------------------

const SYMBOL: Record<RuleOp, string> = { gte: '>=', gt: '>', lte: '<=', lt: '<', eq: '=', neq: '!=' };

/** The FEEL condition of a rule; dates are compared as dates. */
export function ruleCondition(rule: DesignRule, kindOf: (path: string) => FieldKind | undefined): string {
  if (rule.condition !== undefined || !rule.op || !rule.other) return rule.condition ?? '';
  const side = (path: string): string => (kindOf(path) === 'date' ? `date(${path})` : path);
  return `${side(rule.field)} ${SYMBOL[rule.op]} ${side(rule.other)}`;
}

const OPERAND = `(?:date\\((${PATH})\\)|(${PATH}))`;
const COMPARISON = new RegExp(`^${OPERAND} (>=|>|<=|<|=|!=) ${OPERAND}$`);

/** A check of a definition as the designer edits it. */
export function readRule(check: NonNullable<FormDefinition['checks']>[number]): DesignRule {
  const base = { uid: newUid(), field: check.field, message: { ...check.message } };
  const m = COMPARISON.exec(check.condition.trim());
  const left = m?.[1] ?? m?.[2];
  const right = m?.[4] ?? m?.[5];
  const op = m ? RULE_OPS.find((o) => SYMBOL[o] === m[3]) : undefined;
  if (m && left === check.field && right && op) return { ...base, op, other: right };
  return { ...base, condition: check.condition };
}

/** The definition's checks: rules with a field and a condition (an unfinished one is left out). */
export function writeRules(form: DesignForm): NonNullable<FormDefinition['checks']> {
  const kinds = new Map(ruleChoices(form).map((c) => [c.path, c.kind]));
  return form.rules.flatMap((rule) => {
    const condition = ruleCondition(rule, (p) => kinds.get(p)).trim();
    if (!rule.field || !condition) return [];
    return [{ field: rule.field, condition, message: { ...rule.message } }];
  });
}

const PHRASE: Record<'date' | 'value', Record<RuleOp, LocalizedText>> = {
  date: {
    gte: { en: 'must not be before', 'zh-CN': '不能早于' },
    gt: { en: 'must be after', 'zh-CN': '必须晚于' },
    lte: { en: 'must not be after', 'zh-CN': '不能晚于' },
    lt: { en: 'must be before', 'zh-CN': '必须早于' },
    eq: { en: 'must be the same day as', 'zh-CN': '必须与以下日期相同：' },
    neq: { en: 'must not be the same day as', 'zh-CN': '不能与以下日期相同：' },
  },
  value: {
    gte: { en: 'must be at least', 'zh-CN': '不能小于' },
    gt: { en: 'must be more than', 'zh-CN': '必须大于' },
    lte: { en: 'must be at most', 'zh-CN': '不能大于' },
    lt: { en: 'must be less than', 'zh-CN': '必须小于' },
    eq: { en: 'must equal', 'zh-CN': '必须等于' },
    neq: { en: 'must not equal', 'zh-CN': '不能等于' },
  },
};

/** The message a rule gets until the analyst writes their own: "Last day must not be before First day". */
export function suggestedMessage(rule: DesignRule, choices: FieldChoice[]): LocalizedText | null {
  const a = choices.find((c) => c.path === rule.field);
  const b = choices.find((c) => c.path === rule.other);
  if (!a || !b || !rule.op) return null;
  const phrase = PHRASE[a.kind === 'date' ? 'date' : 'value'][rule.op];
  const short = (c: FieldChoice, l: 'en' | 'zh-CN'): string => c.label[l].split(' · ').pop() ?? c.label[l];
  return {
    en: `${short(a, 'en')} ${phrase.en} ${short(b, 'en')}`,
    'zh-CN': `${short(a, 'zh-CN')}${phrase['zh-CN']}${short(b, 'zh-CN')}`,
  };
}

/** A new rule: the last date must not be before the first, when the form has two dates. */
export function newRule(form: DesignForm): DesignRule {
  const choices = ruleChoices(form);
  const dates = choices.filter((c) => c.kind === 'date');
  const [first, second] = dates.length >= 2 ? dates : choices;
  const rule: DesignRule = {
    uid: newUid(),
    field: second?.path ?? '',
    op: 'gte',
    other: first?.path ?? '',
    message: { en: '', 'zh-CN': '' },
  };
  return { ...rule, message: suggestedMessage(rule, choices) ?? rule.message };
}
