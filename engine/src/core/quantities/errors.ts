// The quantity ledgers' error catalogue (leave days, stock …): each error defined once with its
// code, HTTP status and en/zh-CN message.
import { defineErrors, type ErrorDetail } from '../errors.ts';

export const quantityErrors = defineErrors('quantities', {
  entryInvalid: {
    code: 'QUANTITY_ENTRY_INVALID',
    status: 422,
    text: (problems: ErrorDetail[]) => ({
      en: 'The entry cannot be posted',
      zh: '该分录无法记账',
      details: problems,
    }),
  },
  /** Taking more than the balance holds, where the poster asked for a floor (leave, stock). */
  insufficient: {
    code: 'QUANTITY_INSUFFICIENT',
    status: 422,
    text: (balance: string, wanted: string) => ({
      en: `The balance is ${balance}; ${wanted} cannot be taken from it`,
      zh: `余额为 ${balance}，不能扣减 ${wanted}`,
      details: [
        {
          path: '/quantity',
          message: `more than the balance (${balance})`,
          messageZh: `超出余额（${balance}）`,
        },
      ],
    }),
  },
});
