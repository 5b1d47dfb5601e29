// The public actions' error catalogue: what a person holding (or guessing) a public link can
// cause, and what a flow asking for a link can get wrong. A link that does not exist, one that
// expired and one already used answer differently (404, 410, 409) but never say anything about
// the record behind them.
import { defineErrors, errorDetail } from '../errors.ts';

export const publicActionErrors = defineErrors('public-actions', {
  linkNotFound: {
    code: 'PUBLIC_LINK_NOT_FOUND',
    status: 404,
    text: { en: 'This link is not valid', zh: '此链接无效' },
  },
  linkExpired: {
    code: 'PUBLIC_LINK_EXPIRED',
    status: 410,
    text: { en: 'This link has expired', zh: '此链接已过期' },
  },
  linkUsed: {
    code: 'PUBLIC_LINK_USED',
    status: 409,
    text: { en: 'This form has already been sent', zh: '此表单已提交过' },
  },
  actionUnknown: {
    code: 'PUBLIC_ACTION_UNKNOWN',
    status: 422,
    text: (form: string, action: string) => ({
      en: `Form "${form}" has no public action "${action}"`,
      zh: `表单“${form}”没有公开操作“${action}”`,
      details: [errorDetail('/action', 'no such public action', '没有此公开操作')],
    }),
  },
  valuesInvalid: {
    code: 'PUBLIC_VALUES_INVALID',
    status: 400,
    text: (details: Array<{ path: string; message: string; messageZh: string }>) => ({
      en: `The form has ${details.length} problem(s)`,
      zh: `表单有 ${details.length} 个问题`,
      details,
    }),
  },
});
