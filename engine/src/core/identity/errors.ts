// The sign-in errors: who may use the API at all (a session, a password that is not a one-time
// one any more), each defined once with its code, HTTP status and en/zh-CN message.
import { defineErrors, type ErrorDetail } from '../errors.ts';

export const signInErrors = defineErrors('sign-in', {
  /** One message for an unknown login and a wrong password: the reply tells neither apart. */
  invalidCredentials: {
    code: 'INVALID_CREDENTIALS',
    status: 401,
    text: { en: 'Wrong login name or password.', zh: '登录名或密码错误。' },
  },
  passwordChangeRequired: {
    code: 'PASSWORD_CHANGE_REQUIRED',
    status: 403,
    text: { en: 'Change your one-time password first.', zh: '请先修改您的一次性密码。' },
  },
  wrongPassword: {
    code: 'WRONG_PASSWORD',
    status: 422,
    text: {
      en: 'The current password is wrong.',
      zh: '当前密码不正确。',
      details: [{ path: '/currentPassword', message: 'wrong password', messageZh: '密码不正确' }],
    },
  },
  passwordTooWeak: {
    code: 'PASSWORD_TOO_WEAK',
    status: 422,
    text: (problems: ErrorDetail[]) => ({
      en: 'Choose a stronger password.',
      zh: '请设置更安全的密码。',
      details: problems,
    }),
  },
});
