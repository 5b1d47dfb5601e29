// The field-encryption errors. A missing key is the installation's fault, not the caller's: 503
// (the request may succeed once an administrator configures the key), with the remedy in the text.
import { defineErrors } from '../errors.ts';

export const MISSING_KEY_HELP =
  'Set ENCRYPTION_KEY (the same on every API replica and worker), e.g. the output of ' +
  `node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`;

export const cryptoErrors = defineErrors('crypto', {
  keyMissing: {
    code: 'ENCRYPTION_KEY_MISSING',
    status: 503,
    text: {
      en: `Sensitive fields cannot be written or searched: no encryption key is configured. ${MISSING_KEY_HELP}`,
      zh: '未配置加密密钥，无法写入或搜索敏感字段。请设置 ENCRYPTION_KEY（所有 API 副本和工作进程须相同）。',
    },
  },
});
