// The business calendars' error catalogue: what a caller of the calendar API can get wrong, once,
// with its code, HTTP status and the message in English and Chinese.
import { defineErrors, type ErrorDetail } from '../errors.ts';

export const calendarErrors = defineErrors('calendars', {
  notFound: {
    code: 'CALENDAR_NOT_FOUND',
    status: 404,
    text: (id: string) => ({ en: `There is no calendar "${id}".`, zh: `没有日历“${id}”。` }),
  },
  exists: {
    code: 'CALENDAR_EXISTS',
    status: 409,
    text: (id: string) => ({ en: `A calendar "${id}" exists already.`, zh: `日历“${id}”已存在。` }),
  },
  invalid: {
    code: 'CALENDAR_INVALID',
    status: 422,
    text: (details: ErrorDetail[]) => ({
      en: `The calendar cannot be used: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}`,
      zh: `日历不可用：${details.map((d) => `${d.path} ${d.messageZh ?? d.message}`).join('；')}`,
      details,
    }),
  },
  revisionConflict: {
    code: 'CALENDAR_REVISION_CONFLICT',
    status: 409,
    text: (id: string) => ({
      en: `Calendar "${id}" was changed meanwhile: reload it and try again.`,
      zh: `日历“${id}”已被他人修改：请重新加载后再试。`,
    }),
  },
  fromModule: {
    code: 'CALENDAR_FROM_MODULE',
    status: 409,
    text: (id: string, module: string) => ({
      en: `Calendar "${id}" comes with module ${module} and changes with it: copy it to make your own.`,
      zh: `日历“${id}”随模块 ${module} 提供并随之更新：请复制一份再修改。`,
    }),
  },
  inUse: {
    code: 'CALENDAR_IN_USE',
    status: 409,
    text: (id: string, where: string[]) => ({
      en: `Calendar "${id}" is assigned (${where.join(', ')}): assign another calendar there first.`,
      zh: `日历“${id}”正在使用（${where.join('，')}）：请先在这些地方改用其他日历。`,
      details: where.map((w) => ({ path: '', message: `assigned to ${w}`, messageZh: `已分配给 ${w}` })),
    }),
  },
  targetNotFound: {
    code: 'CALENDAR_TARGET_NOT_FOUND',
    status: 404,
    text: (scope: string, target: string) => ({
      en: `There is no ${scope} "${target}" to assign a calendar to.`,
      zh: `没有可分配日历的${scope === 'user' ? '员工' : '部门'}“${target}”。`,
    }),
  },
  targetMissing: {
    code: 'CALENDAR_TARGET_MISSING',
    status: 400,
    text: (scope: string) => ({
      en: `Name the ${scope} the calendar is for.`,
      zh: `请指定日历所属的${scope === 'user' ? '员工' : '部门'}。`,
      details: [{ path: '/target', message: 'is required', messageZh: '必填' }],
    }),
  },
  rangeInvalid: {
    code: 'CALENDAR_RANGE_INVALID',
    status: 400,
    text: (en: string, zh: string) => ({
      en: `The date range is invalid: ${en}`,
      zh: `日期范围无效：${zh}`,
      details: [{ path: '/to', message: en, messageZh: zh }],
    }),
  },
});
