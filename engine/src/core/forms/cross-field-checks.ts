// Cross-field rules (pure, browser-safe): "end date ≥ start date", "advance ≤ total". A single
// field's schema cannot say them, so the definition lists FEEL conditions over the whole data,
// each with the analyst's message in both languages and the field that shows it. The same code
// runs in the designer's preview, the portal and the server, so the browser never accepts what
// the server refuses.
//
// A condition giving null passes: FEEL gives null when a value it reads is missing, and a missing
// value is for `required` to report, not for a rule to fail on with a confusing message.
import type { ErrorDetail } from '../errors.ts';
import { FeelError } from '../feel/feel.ts';
import { DEFAULT_FORM_FUNCTIONS } from '../feel/working-days.ts';
import { toFeel } from './computed.ts';
import { evaluateFast } from './feel-fast.ts';
import type { FieldIndex } from './field-index.ts';
import { fieldLabel, type LabelLookup } from './messages.ts';
import { joinPointer } from './schema-walk.ts';

export interface CrossFieldCheck {
  field: string;
  condition: string;
  message: { en: string; 'zh-CN': string };
}

export interface CheckedModel {
  fields: FieldIndex;
  labels: LabelLookup;
  checks: ReadonlyArray<CrossFieldCheck>;
}

/** The message of every check whose condition is false (or cannot be evaluated), at its field. */
export function runCrossFieldChecks(model: CheckedModel, data: unknown): ErrorDetail[] {
  if (!model.checks.length || !data || typeof data !== 'object') return [];
  const context = {
    ...DEFAULT_FORM_FUNCTIONS,
    ...(toFeel(model.fields, data, '') as Record<string, unknown>),
  };
  const out: ErrorDetail[] = [];
  for (const check of model.checks) {
    const path = joinPointer('', ...check.field.split('.'));
    let result: unknown;
    try {
      result = evaluateFast(check.condition, context);
    } catch (e) {
      // A broken rule must not pass silently: the analyst sees it in the preview.
      const reason = e instanceof FeelError || e instanceof TypeError ? e.message : String(e);
      const label = fieldLabel(path, model.labels);
      out.push({
        path,
        message: `${label.en} could not be checked: ${reason}`,
        messageZh: `无法检查${label.zh}：${reason}`,
      });
      continue;
    }
    if (result === false) out.push({ path, message: check.message.en, messageZh: check.message['zh-CN'] });
    else if (result !== true && result !== null && result !== undefined) {
      const label = fieldLabel(path, model.labels);
      const got = JSON.stringify(result);
      out.push({
        path,
        message: `${label.en} could not be checked: the rule gave ${got}, not true or false`,
        messageZh: `无法检查${label.zh}：规则的结果是 ${got}，不是 true 或 false`,
      });
    }
  }
  return out;
}
