// The records' error catalogue: every error of a record read, write, query, import or export a
// caller can cause, defined once with its code, HTTP status and en/zh-CN message (field paths
// as JSON pointers).
import { pointerOf } from '../doc-paths.ts';
import { defineErrors, type ErrorDetail } from '../errors.ts';

export const recordErrors = defineErrors('records', {
  noDeliveryLog: {
    code: 'RECORD_NO_DELIVERY_LOG',
    status: 404,
    text: (formId: string) => ({
      en: `The records of form "${formId}" are not mailings: they have no delivery log`,
      zh: `表单“${formId}”的记录不是群发，没有发送记录`,
    }),
  },
  notFound: {
    code: 'RECORD_NOT_FOUND',
    status: 404,
    text: (formId: string, id: string) => ({
      en: `There is no record "${id}" in form "${formId}"`,
      zh: `表单“${formId}”中没有记录“${id}”`,
    }),
  },
  exists: {
    code: 'RECORD_EXISTS',
    status: 409,
    text: (id: string) => ({ en: `A record with id "${id}" already exists`, zh: `id 为“${id}”的记录已存在` }),
  },
  dataNotObject: {
    code: 'RECORD_DATA_INVALID',
    status: 400,
    text: {
      en: 'The record data must be an object',
      zh: '记录数据必须是对象',
      details: [{ path: '', message: 'must be an object', messageZh: '必须是对象' }],
    },
  },
  invalid: {
    code: 'RECORD_INVALID',
    status: 422,
    text: (errors: ErrorDetail[]) => ({
      en: `The record has ${errors.length} problem(s)`,
      zh: `记录有 ${errors.length} 个问题`,
      details: errors,
    }),
  },
  updateInvalid: {
    code: 'RECORD_UPDATE_INVALID',
    status: 400,
    text: { en: 'Give either data or patch', zh: '请提供 data 或 patch 之一' },
  },
  /** `change`: a change to a deleted record (restore it first); `delete`: deleting it again. */
  deleted: {
    code: 'RECORD_DELETED',
    status: 409,
    text: (attempt: 'change' | 'delete') =>
      attempt === 'delete'
        ? { en: 'The record is already deleted', zh: '记录已被删除' }
        : { en: 'The record is deleted; restore it first', zh: '记录已删除，请先恢复' },
  },
  notDeleted: {
    code: 'RECORD_NOT_DELETED',
    status: 409,
    text: { en: 'The record is not deleted', zh: '记录未被删除' },
  },
  revisionConflict: {
    code: 'RECORD_REVISION_CONFLICT',
    status: 409,
    text: (id: string, current?: number) => ({
      en: `Record "${id}" was changed by someone else${current ? ` (now at revision ${current})` : ''}; reload it`,
      zh: `记录“${id}”已被他人修改${current ? `（当前版本 ${current}）` : ''}，请重新加载`,
    }),
  },
  fieldReadOnly: {
    code: 'FIELD_READ_ONLY',
    status: 403,
    text: (paths: string[]) => ({
      en: 'You may not change these fields.',
      zh: '您无权修改这些字段。',
      details: paths.map((p) => ({ path: pointerOf(p), message: 'read-only field', messageZh: '只读字段' })),
    }),
  },
  /** A filter or sort on a field the caller may not read would tell its values apart. */
  fieldNotQueryable: {
    code: 'FIELD_NOT_QUERYABLE',
    status: 403,
    text: (paths: string[]) => ({
      en: 'You may not filter or sort on a field you cannot read.',
      zh: '不能按您无权查看的字段筛选或排序。',
      details: paths.map((p) => ({
        path: pointerOf(p),
        message: 'field not readable',
        messageZh: '字段不可读',
      })),
    }),
  },
  /** A person's change to a record whose approval (flow instance) is still running. */
  lockedByFlow: {
    code: 'RECORD_LOCKED_BY_FLOW',
    status: 409,
    text: {
      en: 'The record is under approval: it cannot be changed until the approval ends or is recalled',
      zh: '该记录正在审批中：审批结束或撤回前不能修改',
    },
  },
  queryInvalid: {
    code: 'INVALID_QUERY',
    status: 400,
    text: (details: ErrorDetail[]) => ({ en: 'The record query is invalid', zh: '记录查询无效', details }),
  },
  // ---- imports and exports ----
  importExists: {
    code: 'IMPORT_EXISTS',
    status: 409,
    text: (id: string) => ({
      en: `An import with id "${id}" exists already`,
      zh: `id 为“${id}”的导入已存在`,
    }),
  },
  importNotFound: {
    code: 'IMPORT_NOT_FOUND',
    status: 404,
    text: (id: string) => ({ en: `There is no import "${id}"`, zh: `没有导入任务“${id}”` }),
  },
  /** `row` null: the file as a whole (none was sent). */
  importFileInvalid: {
    code: 'IMPORT_FILE_INVALID',
    status: 400,
    text: (row: number | null, en: string, zh: string, column?: string) => ({
      en,
      zh,
      details: [
        {
          path: row === null ? '/file' : `/file/row/${row}${column ? `/${column}` : ''}`,
          message: en,
          messageZh: zh,
        },
      ],
    }),
  },
  importFileTooLarge: {
    code: 'IMPORT_FILE_TOO_LARGE',
    status: 413,
    text: (maxBytes: number) => ({
      en: `An import file may have at most ${maxBytes / 1048576} MB`,
      zh: `导入文件不能超过 ${maxBytes / 1048576} MB`,
      details: [{ path: '/file', message: 'too large', messageZh: '文件过大' }],
    }),
  },
  importTooManyRows: {
    code: 'IMPORT_TOO_MANY_ROWS',
    status: 413,
    text: (max: number) => ({
      en: `The file has more than ${max} rows; at most ${max} can be imported at once. Split it into smaller files.`,
      zh: `文件超过 ${max} 行，一次最多导入 ${max} 行。请拆分为多个较小的文件。`,
      details: [{ path: '/file', message: `more than ${max} rows`, messageZh: `超过 ${max} 行` }],
    }),
  },
  /** An XLSX workbook that inflates past the budget (a zip bomb, or sheets nobody uses). */
  importUnpacksTooLarge: {
    code: 'IMPORT_UNPACKS_TOO_LARGE',
    status: 413,
    text: (limit: number) => ({
      en: `The workbook unpacks to more than ${Math.round(limit / 1048576)} MB, more than an import may read. Save it without unused sheets, or split it.`,
      zh: `该工作簿解压后超过 ${Math.round(limit / 1048576)} MB，超出导入的上限。请删除无用的工作表后再保存，或拆分文件。`,
      details: [{ path: '/file', message: 'unpacks too large', messageZh: '解压后过大' }],
    }),
  },
  exportTooLarge: {
    code: 'EXPORT_TOO_LARGE',
    status: 400,
    text: (total: number, maxRows: number) => ({
      en: `${total} records match; export at most ${maxRows} at once (add a filter)`,
      zh: `共 ${total} 条记录，一次最多导出 ${maxRows} 条（请添加筛选条件）`,
    }),
  },
});

/** What record errors call a record (for the common errors). */
export const RECORD_NOUN = { en: 'record', zh: '记录' };
