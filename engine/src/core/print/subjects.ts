// What a print format prints from (pure): a record of a form, or a ledger voucher — their paths,
// labels and values in both languages (layout.ts lays them out). Names of people and of linked
// records come in looked up already.
import type { FormDefinition, PrintFormat, PrintedText } from '#schemas/generated/index.ts';
import { getAt } from '../doc-paths.ts';
import { docstatusZh } from '../documents/errors.ts';
import { linkKey, type LinkField } from '../documents/links.ts';
import type { FieldIndex } from '../forms/field-index.ts';
import { both, moneyText, type PrintSubject } from './layout.ts';

type Data = Record<string, unknown>;

export interface Lookups {
  /** User id → display name. */
  users: ReadonlyMap<string, string>;
  /** `<form>:<id>` → the linked record's number and title. */
  links: ReadonlyMap<string, string>;
  /** Date-times are printed in this time zone. */
  timeZone: string;
}

const text = (en: string, zh: string): PrintedText => ({ en, 'zh-CN': zh });

const META_LABELS: Record<string, PrintedText> = {
  id: text('Record id', '记录编号'),
  number: text('No.', '单据编号'),
  title: text('Title', '标题'),
  status: text('Status', '状态'),
  docstatus: text('Document status', '单据状态'),
  owner: text('Owner', '经办人'),
  department: text('Department', '部门'),
  createdAt: text('Created', '创建时间'),
  createdBy: text('Created by', '创建人'),
  updatedAt: text('Changed', '修改时间'),
  submittedAt: text('Submitted', '提交时间'),
  submittedBy: text('Submitted by', '提交人'),
  cancelledAt: text('Cancelled', '作废时间'),
  cancelledBy: text('Cancelled by', '作废人'),
  cancelReason: text('Why cancelled', '作废原因'),
  amendedFrom: text('Amends', '修订自'),
};

const STATUS: Record<string, PrintedText> = {
  active: text('Active', '有效'),
  draft: text('Draft', '草稿'),
  submitted: text('Submitted', '已提交'),
  approved: text('Approved', '已批准'),
  rejected: text('Rejected', '已驳回'),
  returned: text('Returned', '已退回'),
  withdrawn: text('Withdrawn', '已撤回'),
  posted: text('Posted', '已过账'),
  cancelled: text('Cancelled', '已取消'),
};

const USER_PATHS = new Set(['owner', 'createdBy', 'updatedBy', 'submittedBy', 'cancelledBy', 'postedBy']);
const TIME_PATHS = new Set(['createdAt', 'updatedAt', 'submittedAt', 'cancelledAt', 'postedAt']);

/** "2026-05-09 14:30" in the time zone. */
export function dateTimeText(iso: string, timeZone: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

function showMeta(path: string, value: unknown, lookups: Lookups): PrintedText | null {
  if (typeof value !== 'string') return null;
  if (path === 'docstatus') return text(value[0]!.toUpperCase() + value.slice(1), docstatusZh(value));
  if (path === 'status') return STATUS[value] ?? both(value);
  if (USER_PATHS.has(path)) return both(lookups.users.get(value) ?? value);
  if (TIME_PATHS.has(path)) return both(dateTimeText(value, lookups.timeZone));
  return null;
}

function plain(value: unknown): PrintedText {
  if (value === undefined || value === null) return both('');
  if (typeof value === 'boolean') return value ? text('Yes', '是') : text('No', '否');
  if (Array.isArray(value))
    return both(value.map((v) => (typeof v === 'object' ? '' : String(v))).join(', '));
  if (typeof value === 'object') {
    const o = value as Data;
    if (typeof o.en === 'string' && typeof o['zh-CN'] === 'string') return text(o.en, o['zh-CN']);
    return both('');
  }
  return both(String(value));
}

/** A record of a form (its view as the reader may see it: masked values stay masked). */
export function recordSubject(
  definition: FormDefinition,
  fields: FieldIndex,
  linkFields: readonly LinkField[],
  record: Data & { data: Data },
  lookups: Lookups,
): PrintSubject {
  const fieldOf = (path: string) => (path.startsWith('data.') ? fields.get(path.slice(5)) : undefined);
  const links = new Map(linkFields.map((l) => [l.path, l.form]));
  return {
    value: (path) => getAt(record, path.split('.')),
    label: (path) => {
      const field = fieldOf(path);
      if (field) return definition.labels?.[field.path] ?? both(field.path);
      return META_LABELS[path] ?? both(path);
    },
    show: (path, value) => {
      const field = fieldOf(path);
      if (!field) return showMeta(path, value, lookups) ?? plain(value);
      if (value === undefined || value === null || value === '') return both('');
      const option = definition.optionLabels?.[field.path]?.[String(value)];
      if (option) return option;
      const format = field.format ?? field.itemFormat;
      if (format === 'money') return both(moneyText(value));
      if (format === 'percentage') return both(`${String(value)}%`);
      const target = links.get(field.path);
      if (target && typeof value === 'string')
        return both(lookups.links.get(linkKey(target, value)) ?? value);
      return plain(value);
    },
    amount: (path) => fieldOf(path)?.format === 'money',
  };
}

const VOUCHER_LABELS: Record<string, PrintedText> = {
  number: text('Voucher No.', '凭证号'),
  date: text('Date', '日期'),
  period: text('Period', '会计期间'),
  book: text('Book', '账簿'),
  memo: text('Memo', '摘要'),
  totalDebit: text('Total debit', '借方合计'),
  totalCredit: text('Total credit', '贷方合计'),
  postedAt: text('Posted', '过账时间'),
  postedBy: text('Posted by', '制单'),
  'source.form': text('Source document type', '来源单据类型'),
  'source.id': text('Source document', '来源单据'),
  lines: text('Entries', '分录'),
  'lines.no': text('No.', '序号'),
  'lines.account': text('Account', '科目编码'),
  'lines.accountName': text('Account name', '会计科目'),
  'lines.memo': text('Memo', '摘要'),
  'lines.debit': text('Debit', '借方金额'),
  'lines.credit': text('Credit', '贷方金额'),
  'lines.department': text('Department', '部门'),
  'lines.costCentre': text('Cost centre', '成本中心'),
  'lines.category': text('Category', '类别'),
  'lines.partner': text('Partner', '往来单位'),
  'lines.reference': text('Reference', '参考号'),
};
/** The paths a voucher's print format may name (`lines.<column>` inside its table). */
export const VOUCHER_PRINT_PATHS: ReadonlySet<string> = new Set(Object.keys(VOUCHER_LABELS));

/** The record envelope's paths a record's print format may name besides `data.<field>`. */
export const RECORD_PRINT_PATHS: ReadonlySet<string> = new Set(Object.keys(META_LABELS));

const VOUCHER_AMOUNTS = new Set([
  'totalDebit',
  'totalCredit',
  'lines.debit',
  'lines.credit',
  'lines.balance',
]);

/** A ledger voucher; its lines' account names print in both languages. */
export function voucherSubject(voucher: Data, lookups: Lookups): PrintSubject {
  const lines = Array.isArray(voucher.lines) ? (voucher.lines as Data[]) : [];
  const doc: Data = {
    ...voucher,
    memo: voucher.memo ?? '',
    lines: lines.map((l) => ({
      ...l,
      accountName: text(
        String(l.accountName ?? l.account ?? ''),
        String(l.accountNameZh ?? l.accountName ?? l.account ?? ''),
      ),
      memo: l.memo ?? voucher.memo ?? '',
    })),
  };
  return {
    value: (path) => getAt(doc, path.split('.')),
    label: (path) => VOUCHER_LABELS[path] ?? both(path),
    show: (path, value) => {
      if (VOUCHER_AMOUNTS.has(path)) return both(value === '0.00' ? '' : moneyText(value));
      return showMeta(path, value, lookups) ?? plain(value);
    },
    amount: (path) => VOUCHER_AMOUNTS.has(path),
  };
}

/** The format a form prints with when its module gives none: its fields, its lists as tables. */
export function defaultFormat(definition: FormDefinition, fields: FieldIndex): PrintFormat {
  const top = fields.all().filter((f) => f.segments.length === 1);
  const scalars = top.filter((f) => !f.container).map((f) => ({ field: `data.${f.path}` }));
  const sections: PrintFormat['sections'] = [
    {
      type: 'fields',
      columns: 2,
      fields: [{ field: definition.numbering ? 'number' : 'createdAt' }, ...scalars],
    },
  ];
  for (const table of top.filter((f) => f.types.includes('array') && f.container)) {
    const columns = fields
      .all()
      .filter((f) => f.segments.length === 2 && f.segments[0] === table.path && !f.container)
      .map((f) => ({ field: f.segments[1] as string }));
    const title = definition.labels?.[table.path];
    const [first, ...rest] = columns;
    if (first)
      sections.push({
        type: 'table',
        field: `data.${table.path}`,
        fields: [first, ...rest],
        ...(title ? { title } : {}),
      });
  }
  return { id: 'default', name: text('Standard', '标准格式'), paper: 'A4', sections };
}
