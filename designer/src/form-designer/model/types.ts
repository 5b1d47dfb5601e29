// The form designer's own model of a form: a tree of fields as an analyst thinks of them (a text,
// a money amount, a table of line items, a section…), each with its properties. It is converted to
// the platform's FormDefinition (JSON Schema + uiSchema + labels, to-definition.ts) and read back
// from one (from-definition.ts); whatever the model cannot express is kept verbatim in `extra`
// bags, so a hand-written definition survives a round trip through the designer.
import type { FormDefinition, LocalizedText } from '#schemas/generated/index.ts';

export type { FormDefinition, LocalizedText };

export type JsonObject = Record<string, unknown>;

export const FIELD_KINDS = [
  'text',
  'longText',
  'number',
  'money',
  'date',
  'dateRange',
  'duration',
  'select',
  'multiSelect',
  'checkbox',
  'user',
  'department',
  'file',
  'table',
  'section',
] as const;

/** `custom`: a field the designer shows but does not edit visually (edit it in the raw JSON). */
export type FieldKind = (typeof FIELD_KINDS)[number] | 'custom';

/** Kinds that may be a column of a table of line items. */
export const COLUMN_KINDS: readonly FieldKind[] = [
  'text',
  'number',
  'money',
  'date',
  'select',
  'checkbox',
  'user',
  'department',
];

/** Extra checks a text field can carry (JSON Schema `format`). */
export const TEXT_FORMATS = ['cn-mobile', 'email', 'cn-uscc', 'cn-id-card', 'iban', 'percentage'] as const;
export type TextFormat = (typeof TEXT_FORMATS)[number];

export const CONDITION_OPS = [
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'filled',
  'empty',
  'checked',
  'unchecked',
] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

/** "Show this field when <field> <op> <value>" — a sibling field at the same level. */
export interface Condition {
  field: string;
  op: ConditionOp;
  /** The compared value as typed (a number or amount as text); a list for `in`. */
  value?: string | string[];
}

export interface OptionItem {
  value: string;
  label: LocalizedText;
}

/** Labels, help and option labels of a custom field's sub-fields, keyed by their full path. */
export interface SubTexts {
  labels?: Record<string, LocalizedText>;
  help?: Record<string, LocalizedText>;
  optionLabels?: Record<string, Record<string, LocalizedText>>;
}

/**
 * What a duration field counts between two dates: calendar days, or working days (on the person's
 * business calendar; Monday to Friday when none applies).
 */
export const DURATION_UNITS = ['days', 'workingDays'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

/** A duration field: its value is computed from two date fields (paths like `period.start`). */
export interface Duration {
  unit: DurationUnit;
  from: string;
  to: string;
}

/** Comparisons a cross-field rule may make ("field A ≥ field B"). */
export const RULE_OPS = ['gte', 'gt', 'lte', 'lt', 'eq', 'neq'] as const;
export type RuleOp = (typeof RULE_OPS)[number];

/**
 * A rule across fields (the definition's `checks`): `field op other` must hold, otherwise the
 * message shows at `field`. A hand-written FEEL condition the pickers cannot show is kept in
 * `condition` (and edited as text).
 */
export interface DesignRule {
  uid: string;
  field: string;
  op?: RuleOp;
  other?: string;
  condition?: string;
  message: LocalizedText;
}

export interface DesignField {
  /** Stable id inside the designer session (not saved). */
  uid: string;
  /**
   * Added in this session (not saved): its name still follows its English label. A field read
   * from a definition keeps its name — flows and reports may already use it.
   */
  fresh?: boolean;
  /** The property name (identifier); with its parents' keys it forms the field path. */
  key: string;
  kind: FieldKind;
  label: LocalizedText;
  help?: LocalizedText;
  required: boolean;
  /** Lower / upper bound as typed: length (text), value (number, money), rows (table, multi-select). */
  min?: string;
  max?: string;
  pattern?: string;
  /** Text fields: an extra format check (mobile number, e-mail…). */
  format?: TextFormat;
  /** Numbers: whole numbers only. */
  integer?: boolean;
  options?: OptionItem[];
  default?: unknown;
  sensitive?: boolean;
  /** Read-only field whose value the server computes with FEEL (e.g. `sum(lines.amount)`). */
  computed?: string;
  visibleWhen?: Condition;
  /** Date ranges: the labels of the first and the last date. */
  rangeLabels?: { start: LocalizedText; end: LocalizedText };
  /** Duration fields: what they count, between which dates. */
  duration?: Duration;
  /** Section fields, or the columns of a table. */
  children?: DesignField[];
  /** Schema keywords of this field the model does not cover (kept as they are). */
  extra?: JsonObject;
  /** uiSchema entries of this field the model does not cover. */
  uiExtra?: JsonObject;
  /** `custom` fields: the whole schema and uiSchema, and the texts of their sub-fields by path. */
  raw?: { schema: JsonObject; ui?: JsonObject; texts?: SubTexts };
}

export interface DesignForm {
  id: string;
  module: string;
  name: LocalizedText;
  description?: LocalizedText;
  titleField?: string;
  fields: DesignField[];
  /** Definition members the designer does not edit (permissions, listColumns, indexes…). */
  rest: Partial<FormDefinition>;
  /** Root schema keywords not covered ($defs, dependentRequired, allOf entries of our own…). */
  schemaExtra: JsonObject;
  /** Root uiSchema entries not covered. */
  uiExtra: JsonObject;
  /** Computed values the designer could not attach to a field. */
  otherComputed: NonNullable<FormDefinition['computed']>;
  /** Rules across fields (checked in the browser and on the server). */
  rules: DesignRule[];
}

export const emptyText = (): LocalizedText => ({ en: '', 'zh-CN': '' });

let counter = 0;
/** A new designer-session id. */
export const newUid = (): string => `f${++counter}`;

/** A date range's part labels (a range read from a hand-written definition may lack them). */
export function rangeLabelsOf(field: DesignField): { start: LocalizedText; end: LocalizedText } {
  return (
    field.rangeLabels ?? {
      start: { en: 'Start date', 'zh-CN': '开始日期' },
      end: { en: 'End date', 'zh-CN': '结束日期' },
    }
  );
}
