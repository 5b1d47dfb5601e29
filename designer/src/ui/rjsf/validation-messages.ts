// Validation messages of forms in the user's language: a localizer for AJV's errors (the shape
// ajv-i18n uses). rjsf then puts each field's title into the text ('Amount' must be at least 0) and
// shows it at the field. No AJV here: the portal's precompiled validators (precompiled.ts) use it
// without bringing the compiler along.
import type { Localizer } from '@rjsf/validator-ajv8';
import { defineMessages, format, type Locale } from '#designer/i18n/define.ts';

export const validationMessages = defineMessages({
  en: {
    required: '{field} is required',
    minLength: 'must be at least {limit} characters',
    maxLength: 'must be at most {limit} characters',
    minimum: 'must be at least {limit}',
    maximum: 'must be at most {limit}',
    exclusiveMinimum: 'must be more than {limit}',
    exclusiveMaximum: 'must be less than {limit}',
    minimumAmount: 'must be at least {limit}',
    maximumAmount: 'must be at most {limit}',
    multipleOf: 'must be a multiple of {limit}',
    minItems: 'needs at least {limit} rows',
    maxItems: 'allows at most {limit} rows',
    uniqueItems: 'must not contain the same entry twice',
    pattern: 'has the wrong format',
    format: 'is not a valid {format}',
    type: 'must be a {type}',
    enum: 'must be one of the listed options',
    const: 'must be the given value',
    oneOf: 'must match exactly one option',
    anyOf: 'must match an option',
    additionalProperties: 'is not a known field',
    dateRange: 'must not be before the start date',
    dateRangeTitled: 'must not be before {start}',
    other: 'is not valid',
    'format.date': 'date',
    'format.date-time': 'date and time',
    'format.time': 'time',
    'format.email': 'e-mail address',
    'format.uri': 'web address',
    'format.money': 'amount (e.g. 1234.50)',
    'format.percentage': 'percentage (0 to 100)',
    'format.cn-mobile': 'mobile number',
    'format.cn-uscc': 'unified social credit code',
    'format.cn-id-card': 'ID card number',
    'format.iban': 'bank account number',
    'format.file-ref': 'file',
    'format.link': 'record',
    'format.barcode': 'barcode (letters, digits, signs)',
    'format.qrcode': 'QR code text',
    'type.string': 'text',
    'type.number': 'number',
    'type.integer': 'whole number',
    'type.boolean': 'yes or no',
    'type.array': 'list',
    'type.object': 'group of fields',
  },
  'zh-CN': {
    required: '{field} 为必填项',
    minLength: '至少 {limit} 个字符',
    maxLength: '最多 {limit} 个字符',
    minimum: '不能小于 {limit}',
    maximum: '不能大于 {limit}',
    exclusiveMinimum: '必须大于 {limit}',
    exclusiveMaximum: '必须小于 {limit}',
    minimumAmount: '不能小于 {limit}',
    maximumAmount: '不能大于 {limit}',
    multipleOf: '必须是 {limit} 的倍数',
    minItems: '至少需要 {limit} 行',
    maxItems: '最多 {limit} 行',
    uniqueItems: '不能包含重复项',
    pattern: '格式不正确',
    format: '不是有效的{format}',
    type: '应为{type}',
    enum: '请从列出的选项中选择',
    const: '取值不正确',
    oneOf: '必须且只能符合一个选项',
    anyOf: '必须符合其中一个选项',
    additionalProperties: '不是已知字段',
    dateRange: '不能早于开始日期',
    dateRangeTitled: '不能早于{start}',
    other: '无效',
    'format.date': '日期',
    'format.date-time': '日期时间',
    'format.time': '时间',
    'format.email': '电子邮箱地址',
    'format.uri': '网址',
    'format.money': '金额（如 1234.50）',
    'format.percentage': '百分比（0 到 100）',
    'format.cn-mobile': '手机号码',
    'format.cn-uscc': '统一社会信用代码',
    'format.cn-id-card': '身份证号码',
    'format.iban': '银行账号',
    'format.file-ref': '文件',
    'format.link': '记录',
    'format.barcode': '条形码（字母、数字、符号）',
    'format.qrcode': '二维码内容',
    'type.string': '文本',
    'type.number': '数字',
    'type.integer': '整数',
    'type.boolean': '是或否',
    'type.array': '列表',
    'type.object': '字段组',
  },
});

type Key = keyof typeof validationMessages.en;

/** Rewrites AJV errors' messages in `locale` (in place, as rjsf expects). */
export function localizer(locale: Locale): Localizer {
  const texts = validationMessages[locale];
  const text = (key: string): string | undefined => (texts as Record<string, string | undefined>)[key];
  return (errors) => {
    for (const error of errors ?? []) {
      const params = error.params as Record<string, unknown>;
      const keyword = error.keyword in texts ? (error.keyword as Key) : 'other';
      error.message = format(texts[keyword], {
        // rjsf has quoted it ('amount') and swaps in the field's title afterwards.
        field: String(params.missingProperty ?? ''),
        limit: String(params.limit ?? ''),
        format: text(`format.${String(params.format)}`) ?? String(params.format ?? ''),
        type: text(`type.${String(params.type)}`) ?? String(params.type ?? ''),
      });
    }
  };
}
