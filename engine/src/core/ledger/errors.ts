// The ledger's error catalogue: posting vouchers, periods, and matching bank statement lines to
// ledger lines, each error defined once with its code, HTTP status and en/zh-CN message.
import { defineErrors, type ErrorDetail } from '../errors.ts';

export const ledgerErrors = defineErrors('ledger', {
  voucherInvalid: {
    code: 'VOUCHER_INVALID',
    status: 422,
    text: (problems: ErrorDetail[]) => ({
      en: 'The voucher cannot be posted',
      zh: '凭证无法过账',
      details: problems,
    }),
  },
  accountUnknown: {
    code: 'ACCOUNT_UNKNOWN',
    status: 422,
    text: (lines: ErrorDetail[]) => ({
      en: 'The voucher uses unknown accounts',
      zh: '凭证使用了未知科目',
      details: lines,
    }),
  },
  /** A voucher's unique reference (e.g. the claim it pays) is posted once, however often it is sent. */
  duplicateRef: {
    code: 'VOUCHER_DUPLICATE_REF',
    status: 409,
    text: (ref: string | undefined) => ({
      en: `"${ref}" has already been posted`,
      zh: `“${ref}”已经过账，不能重复`,
      details: [{ path: '/uniqueRef', message: 'already posted', messageZh: '已过账' }],
    }),
  },
  voucherNotFound: {
    code: 'VOUCHER_NOT_FOUND',
    status: 404,
    text: (id: string) => ({ en: `There is no voucher "${id}"`, zh: `没有凭证“${id}”` }),
  },
  periodInvalid: {
    code: 'PERIOD_INVALID',
    status: 400,
    text: {
      en: 'A period is YYYY-MM',
      zh: '会计期间格式为 YYYY-MM',
      details: [{ path: '/period', message: 'must be YYYY-MM', messageZh: '格式应为 YYYY-MM' }],
    },
  },
  periodBusy: {
    code: 'PERIOD_BUSY',
    status: 409,
    text: { en: 'The period is being changed; try again', zh: '该期间正在被修改，请重试' },
  },
  periodClosed: {
    code: 'PERIOD_CLOSED',
    status: 409,
    text: (period: string) => ({
      en: `Period ${period} is closed`,
      zh: `会计期间 ${period} 已结账`,
      details: [{ path: '/date', message: `period ${period} is closed`, messageZh: `期间 ${period} 已结账` }],
    }),
  },
  numberBusy: {
    code: 'VOUCHER_NUMBER_BUSY',
    status: 409,
    text: { en: 'Could not number the voucher; try again', zh: '无法生成凭证号，请重试' },
  },
  statementLineNotFound: {
    code: 'STATEMENT_LINE_NOT_FOUND',
    status: 404,
    text: (recordId: string) => ({
      en: `There is no statement line "${recordId}"`,
      zh: `没有银行流水“${recordId}”`,
    }),
  },
  lineMismatch: {
    code: 'LEDGER_LINE_MISMATCH',
    status: 422,
    text: {
      en: 'That ledger line is not on the statement line’s account',
      zh: '该分录不属于此流水的银行科目',
      details: [
        { path: '/lineNo', message: 'not a line on the bank account', messageZh: '不是该银行科目的分录' },
      ],
    },
  },
  amountMismatch: {
    code: 'AMOUNT_MISMATCH',
    status: 422,
    text: (statement: string, ledger: string) => ({
      en: `The amounts differ (${statement} vs ${ledger})`,
      zh: `金额不一致（${statement} 与 ${ledger}）`,
      details: [{ path: '/voucherId', message: 'amount differs', messageZh: '金额不一致' }],
    }),
  },
  alreadyMatched: {
    code: 'ALREADY_MATCHED',
    status: 409,
    text: { en: 'The statement line or the ledger line is already matched', zh: '该流水或分录已被匹配' },
  },
  matchNotFound: {
    code: 'MATCH_NOT_FOUND',
    status: 404,
    text: { en: 'The statement line is not matched', zh: '该流水尚未匹配' },
  },
});
