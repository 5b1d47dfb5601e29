// How a document type is shown (pure): the fields a screen may list, filter and sort, with their
// labels in both languages and what kind of value they hold; the list's columns and sort; the
// board (kanban) and the calendar. Declared in the definition (views.json of a module's document
// type: `list`, `kanban`, `calendar`), or — for a form that declares nothing, such as one made in
// the designer — made from its schema: its title and first plain fields as columns, its first
// choice field as the board's columns, its first date as the calendar's day.
import type { CalendarView, FormDefinition, KanbanView, LocalizedText } from '#schemas/generated/index.ts';
import type { ErrorDetail } from '../errors.ts';
import type { FieldIndex, FieldInfo } from './field-index.ts';
import { CODE_FORMATS, DECIMAL_FORMATS } from './formats.ts';
import { RECORD_META_PATHS } from './record-paths.ts';

export type ViewFieldKind =
  | 'text'
  | 'number'
  | 'money'
  | 'date'
  | 'datetime'
  | 'select'
  | 'boolean'
  | 'code'
  | 'user'
  | 'status'
  | 'other';

export interface ViewField {
  /** Record path: `data.<field>` or an envelope field (status, owner, createdAt …). */
  path: string;
  label: LocalizedText;
  kind: ViewFieldKind;
  format?: string;
  options?: Array<{ value: string; label: LocalizedText }>;
  /** Lists may sort on it (not a list, a group or a sensitive field). */
  sortable: boolean;
  /** Encrypted at rest: equality is the only filter that works on it. */
  sensitive?: boolean;
}

export interface DoctypeViews {
  fields: ViewField[];
  list: { columns: string[]; sort: { field: string; direction: 'asc' | 'desc' } };
  /** Absent when the form has no choice field to group by. */
  kanban?: Required<KanbanView>;
  /** Absent when the form has no date. */
  calendar?: CalendarView;
  /** Record paths of code fields (barcode, QR code), inside lists too. */
  codeFields: string[];
  /** Whether kanban and calendar were declared, or made up from the schema. */
  declared: { list: boolean; kanban: boolean; calendar: boolean };
}

const META: Record<string, { label: LocalizedText; kind: ViewFieldKind }> = {
  id: { label: { en: 'ID', 'zh-CN': '编号' }, kind: 'text' },
  title: { label: { en: 'Title', 'zh-CN': '标题' }, kind: 'text' },
  status: { label: { en: 'Status', 'zh-CN': '状态' }, kind: 'status' },
  owner: { label: { en: 'Owner', 'zh-CN': '负责人' }, kind: 'user' },
  department: { label: { en: 'Department', 'zh-CN': '部门' }, kind: 'text' },
  formVersion: { label: { en: 'Form version', 'zh-CN': '表单版本' }, kind: 'number' },
  createdAt: { label: { en: 'Created', 'zh-CN': '创建时间' }, kind: 'datetime' },
  createdBy: { label: { en: 'Created by', 'zh-CN': '创建人' }, kind: 'user' },
  updatedAt: { label: { en: 'Updated', 'zh-CN': '更新时间' }, kind: 'datetime' },
  updatedBy: { label: { en: 'Updated by', 'zh-CN': '更新人' }, kind: 'user' },
  deletedAt: { label: { en: 'Deleted', 'zh-CN': '删除时间' }, kind: 'datetime' },
};

/** A document's own fields, shown when its form has them: its number and its lifecycle state. */
const NUMBER_FIELD: ViewField = {
  path: 'number',
  label: { en: 'No.', 'zh-CN': '单据编号' },
  kind: 'text',
  sortable: true,
};
const DOCSTATUS_FIELD: ViewField = {
  path: 'docstatus',
  label: { en: 'Document status', 'zh-CN': '单据状态' },
  kind: 'select',
  options: [
    { value: 'draft', label: { en: 'Draft', 'zh-CN': '草稿' } },
    { value: 'submitted', label: { en: 'Submitted', 'zh-CN': '已提交' } },
    { value: 'cancelled', label: { en: 'Cancelled', 'zh-CN': '已作废' } },
  ],
  sortable: true,
};

/** At most this many fields on a kanban card. */
export const MAX_CARD_FIELDS = 6;
const DEFAULT_COLUMNS = 4;

function kindOf(field: FieldInfo): ViewFieldKind {
  const format = field.format;
  if (format && DECIMAL_FORMATS.has(format)) return 'money';
  if (format && CODE_FORMATS.has(format)) return 'code';
  if (format === 'date') return 'date';
  if (format === 'date-time') return 'datetime';
  if (field.options) return 'select';
  if (field.types.includes('boolean')) return 'boolean';
  if (field.types.includes('integer') || field.types.includes('number')) return 'number';
  if (field.types.includes('string')) return 'text';
  return 'other';
}

/** A field shown on its own (not a list, not a group, not inside a list). */
const isPlain = (f: FieldInfo): boolean => !f.inArray && !f.container;

const isChoice = (f: FieldInfo): boolean =>
  isPlain(f) && !f.sensitive && !!f.options?.length && f.types.includes('string');

const isDay = (f: FieldInfo): boolean =>
  isPlain(f) && !f.sensitive && (f.format === 'date' || f.format === 'date-time');

/** The fields of a form a screen may show, meta fields first. */
export function viewFields(def: FormDefinition, fields: FieldIndex): ViewField[] {
  const out: ViewField[] = Object.entries(META).map(([path, m]) => ({
    path,
    label: m.label,
    kind: m.kind,
    sortable: true,
  }));
  // Without these a list showing them (finance's invoices do) headed them "number", "docstatus"
  // and printed the raw state.
  if (def.numbering) out.push(NUMBER_FIELD);
  if (def.lifecycle?.submittable) out.push(DOCSTATUS_FIELD);
  for (const f of fields.all()) {
    if (!isPlain(f)) continue;
    const kind = kindOf(f);
    const optionLabels = def.optionLabels?.[f.path] ?? {};
    out.push({
      path: `data.${f.path}`,
      label: def.labels?.[f.path] ?? { en: f.path, 'zh-CN': f.path },
      kind,
      ...(f.format ? { format: f.format } : {}),
      ...(f.options
        ? {
            options: f.options.map((o) => ({
              value: String(o),
              label: optionLabels[String(o)] ?? { en: String(o), 'zh-CN': String(o) },
            })),
          }
        : {}),
      sortable: !f.sensitive,
      ...(f.sensitive ? { sensitive: true } : {}),
    });
  }
  return out;
}

/** The views of a form: declared ones, the others made from its schema. */
export function doctypeViews(def: FormDefinition, fields: FieldIndex): DoctypeViews {
  const plain = fields.all().filter((f) => isPlain(f) && kindOf(f) !== 'other');
  const title = def.titleField ? `data.${def.titleField}` : undefined;
  const columns = def.listColumns?.length
    ? def.listColumns
    : [
        ...(title ? [title] : []),
        ...plain
          .map((f) => `data.${f.path}`)
          .filter((p) => p !== title)
          .slice(0, DEFAULT_COLUMNS),
        'status',
        'updatedAt',
      ];
  const choice = fields.all().find(isChoice);
  const day = fields.all().find(isDay);
  const kanban: Required<KanbanView> | undefined = def.kanban
    ? { groupBy: def.kanban.groupBy, cardFields: def.kanban.cardFields ?? [] }
    : choice
      ? {
          groupBy: `data.${choice.path}`,
          cardFields: columns.filter((c) => c !== `data.${choice.path}` && c !== title).slice(0, 2),
        }
      : undefined;
  const calendar: CalendarView | undefined =
    def.calendar ?? (day ? { start: `data.${day.path}`, ...(title ? { title } : {}) } : undefined);
  return {
    fields: viewFields(def, fields),
    list: {
      columns,
      sort: {
        field: def.defaultSort?.field ?? 'createdAt',
        direction: def.defaultSort ? (def.defaultSort.direction ?? 'asc') : 'desc',
      },
    },
    ...(kanban ? { kanban } : {}),
    ...(calendar ? { calendar } : {}),
    codeFields: fields
      .all()
      .filter(
        (f) => (f.format && CODE_FORMATS.has(f.format)) || (f.itemFormat && CODE_FORMATS.has(f.itemFormat)),
      )
      .map((f) => `data.${f.path}`),
    declared: { list: !!def.listColumns?.length, kanban: !!def.kanban, calendar: !!def.calendar },
  };
}

function problem(path: string, en: string, zh: string): ErrorDetail {
  return { path, message: en, messageZh: zh };
}

/** Problems of the declared kanban and calendar (publish check; a module's views.json). */
export function viewProblems(def: FormDefinition, fields: FieldIndex): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const dataField = (path: string) => (path.startsWith('data.') ? fields.get(path.slice(5)) : undefined);
  const recordPath = (at: string, path: string) => {
    if (!RECORD_META_PATHS.has(path) && !dataField(path))
      out.push(problem(at, `"${path}" is not a record path of this form`, `“${path}”不是此表单的记录路径`));
  };
  if (def.kanban) {
    const f = dataField(def.kanban.groupBy);
    if (!f || !isChoice(f))
      out.push(
        problem(
          '/kanban/groupBy',
          `"${def.kanban.groupBy}" must be data.<field> of a choice field (enum) outside lists, not sensitive`,
          `“${def.kanban.groupBy}”须为列表之外、非敏感的选项字段（enum），写作 data.<字段>`,
        ),
      );
    const cards = def.kanban.cardFields ?? [];
    cards.forEach((p, i) => recordPath(`/kanban/cardFields/${i}`, p));
    if (cards.length > MAX_CARD_FIELDS)
      out.push(
        problem(
          '/kanban/cardFields',
          `A card shows at most ${MAX_CARD_FIELDS} fields`,
          `卡片最多显示 ${MAX_CARD_FIELDS} 个字段`,
        ),
      );
  }
  if (def.calendar) {
    for (const key of ['start', 'end'] as const) {
      const path = def.calendar[key];
      if (path === undefined) continue;
      const f = dataField(path);
      const meta = path === 'createdAt' || path === 'updatedAt';
      if (!meta && (!f || !isDay(f)))
        out.push(
          problem(
            `/calendar/${key}`,
            `"${path}" must be data.<field> of a date or date-time field outside lists (or createdAt, updatedAt)`,
            `“${path}”须为列表之外的日期或日期时间字段（data.<字段>），或 createdAt、updatedAt`,
          ),
        );
    }
    if (def.calendar.title !== undefined) recordPath('/calendar/title', def.calendar.title);
    out.push(...rosterProblems(def.calendar, dataField));
  }
  return out;
}

/** A roster's rows and what is dragged onto them are plain text fields of one-day entries. */
function rosterProblems(
  calendar: CalendarView,
  dataField: (path: string) => FieldInfo | undefined,
): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const { lanes, assign } = calendar;
  if (assign && !lanes)
    out.push(problem('/calendar/assign', 'assign needs lanes (the rows)', 'assign 需要 lanes（行）'));
  if (lanes && calendar.end !== undefined)
    out.push(
      problem(
        '/calendar/end',
        'A roster (lanes) has one-day entries: no end',
        '排班（lanes）为单日条目：不能有 end',
      ),
    );
  for (const [at, path] of [
    ['/calendar/lanes/field', lanes?.field],
    ['/calendar/assign/field', assign?.field],
  ] as const) {
    if (path === undefined) continue;
    const f = dataField(path);
    if (!f || f.path.includes('.') || !isPlain(f) || f.sensitive || !f.types.includes('string'))
      out.push(
        problem(
          at,
          `"${path}" must be data.<field> of a top-level text field, not sensitive`,
          `“${path}”须为顶层、非敏感的文本字段，写作 data.<字段>`,
        ),
      );
  }
  return out;
}
