// The reports' error catalogue: every error of a report or dashboard run a caller can cause,
// defined once with its code, HTTP status and en/zh-CN message (parameters at /params/<name>).
import { defineErrors, type ErrorDetail } from '../errors.ts';

const atParam = (name: string, message: string, messageZh: string) => [
  { path: `/params/${name}`, message, messageZh },
];

export const reportErrors = defineErrors('reports', {
  notFound: {
    code: 'REPORT_NOT_FOUND',
    status: 404,
    text: (id: string) => ({ en: `There is no report "${id}"`, zh: `没有报表“${id}”` }),
  },
  dashboardNotFound: {
    code: 'DASHBOARD_NOT_FOUND',
    status: 404,
    text: (id: string) => ({ en: `There is no dashboard "${id}"`, zh: `没有仪表板“${id}”` }),
  },
  sourceUnknown: {
    code: 'REPORT_SOURCE_UNKNOWN',
    status: 404,
    text: (source: string | undefined) => ({
      en: `There is no report source "${source}"`,
      zh: `没有报表数据源“${source}”`,
    }),
  },
  /** Encrypted fields are stored as ciphertext: nothing can be grouped or summed on them. */
  fieldSensitive: {
    code: 'REPORT_FIELD_SENSITIVE',
    status: 422,
    text: (path: string) => ({
      en: `"${path}" is encrypted and cannot be reported on`,
      zh: `“${path}”为加密字段，不能用于报表`,
    }),
  },
  /** A report on a hidden or masked field would reveal what the reader may not see. */
  fieldRestricted: {
    code: 'REPORT_FIELD_RESTRICTED',
    status: 403,
    text: (path: string) => ({
      en: `You may not see "${path}", so you cannot report on it`,
      zh: `您无权查看“${path}”，不能对其做报表`,
    }),
  },
  tooLarge: {
    code: 'REPORT_TOO_LARGE',
    status: 422,
    text: (maxRows: number) => ({
      en: `The report would read more than ${maxRows} rows; narrow it with parameters`,
      zh: `报表需读取超过 ${maxRows} 行数据，请用参数缩小范围`,
    }),
  },
  paramUnknown: {
    code: 'REPORT_PARAM_UNKNOWN',
    status: 400,
    text: (name: string) => ({
      en: `The report has no parameter "${name}"`,
      zh: `报表没有参数“${name}”`,
      details: atParam(name, 'unknown parameter', '未知参数'),
    }),
  },
  paramMissing: {
    code: 'REPORT_PARAM_MISSING',
    status: 400,
    text: (name: string) => ({
      en: `The parameter "${name}" is required`,
      zh: `参数“${name}”为必填项`,
      details: atParam(name, 'is required', '必填'),
    }),
  },
  paramInvalid: {
    code: 'REPORT_PARAM_INVALID',
    status: 400,
    text: (name: string, en: string, zh: string) => ({
      en: `The parameter "${name}" must be ${en}`,
      zh: `参数“${name}”应为${zh}`,
      details: atParam(name, `must be ${en}`, `应为${zh}`),
    }),
  },
  /** A report made in the builder whose parts do not fit together (each problem at its path). */
  definitionInvalid: {
    code: 'REPORT_DEFINITION_INVALID',
    status: 422,
    text: (details: ErrorDetail[]) => ({
      en: `The report cannot be saved: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}`,
      zh: `报表无法保存：${details.map((d) => `${d.path} ${d.messageZh ?? d.message}`).join('；')}`,
      details,
    }),
  },
  savedExists: {
    code: 'REPORT_EXISTS',
    status: 409,
    text: (id: string) => ({
      en: `A report "${id}" exists already; choose another name`,
      zh: `报表“${id}”已存在，请换一个名称`,
      details: [{ path: '/name', message: 'is taken', messageZh: '已被占用' }],
    }),
  },
  versionConflict: {
    code: 'REPORT_VERSION_CONFLICT',
    status: 409,
    text: (id: string, latest: number) => ({
      en: `Someone saved report "${id}" meanwhile (version ${latest}); reload it and save again`,
      zh: `报表“${id}”已被他人保存（版本 ${latest}），请重新加载后再保存`,
      details: [{ path: '/version', message: `the latest is ${latest}`, messageZh: `最新版本为 ${latest}` }],
    }),
  },
  /** A builder-made report's alerts run as its owner, who is no longer an active user. */
  ownerGone: {
    code: 'REPORT_OWNER_GONE',
    status: 409,
    text: (id: string) => ({
      en: `The owner of report "${id}" is no longer active; its alerts cannot run until someone saves it again`,
      zh: `报表“${id}”的所有者已停用，需有人重新保存后其预警才能运行`,
    }),
  },
  /** Drill-down into a column the report does not group by. */
  drillColumnUnknown: {
    code: 'REPORT_DRILL_COLUMN_UNKNOWN',
    status: 400,
    text: (name: string) => ({
      en: `"${name}" is not a group column of the report`,
      zh: `“${name}”不是报表的分组列`,
      details: [{ path: `/group/${name}`, message: 'not a group column', messageZh: '不是分组列' }],
    }),
  },
  /** A parameter that asks about rows the caller's row rules do not give them (another department). */
  paramOutOfScope: {
    code: 'REPORT_PARAM_OUT_OF_SCOPE',
    status: 403,
    text: (name: string, value: string) => ({
      en: `You may not run this report for ${name} "${value}": it is outside the records you may read`,
      zh: `您无权按${name}“${value}”运行此报表：超出您可查看的数据范围`,
      details: atParam(name, 'outside the records you may read', '超出您可查看的数据范围'),
    }),
  },
  /** A schedule that cannot run: a bad time or zone, or recipients who may not read the report. */
  scheduleInvalid: {
    code: 'REPORT_SCHEDULE_INVALID',
    status: 422,
    text: (details: ErrorDetail[]) => ({
      en: 'The schedule cannot be used as it is',
      zh: '此发送计划无法使用',
      details,
    }),
  },
  deliveryNotFound: {
    code: 'REPORT_DELIVERY_NOT_FOUND',
    status: 404,
    text: (id: string, period: string) => ({
      en: `Report "${id}" was not delivered for ${period}`,
      zh: `报表“${id}”没有 ${period} 的发送记录`,
    }),
  },
});
