// The stock ledger's error catalogue: postings refused (bad lines, not enough stock, a cancelled
// source), each defined once with its code, HTTP status and en/zh-CN message.
import { defineErrors, type ErrorDetail } from '../errors.ts';

export interface Shortage {
  item: string;
  warehouse: string;
  batch?: string;
  /** What the line may take without the stock going below zero at any point after it. */
  available: string;
  requested: string;
  postingDate: string;
  /** JSON pointer of the line. */
  path: string;
}

export const stockErrors = defineErrors('stock', {
  postingInvalid: {
    code: 'STOCK_POSTING_INVALID',
    status: 422,
    text: (problems: ErrorDetail[]) => ({
      en: 'The stock movement cannot be posted',
      zh: '库存移动无法过账',
      details: problems,
    }),
  },
  /** Not enough stock: names the item, the warehouse (and batch) and what is available. */
  negativeStock: {
    code: 'NEGATIVE_STOCK',
    status: 409,
    text: (s: Shortage) => {
      const where = `${s.item} in ${s.warehouse}${s.batch ? ` (batch ${s.batch})` : ''}`;
      const whereZh = `${s.item} 在 ${s.warehouse}${s.batch ? `（批次 ${s.batch}）` : ''}`;
      return {
        en: `Not enough stock of ${where} on ${s.postingDate}: ${s.available} available, ${s.requested} requested`,
        zh: `${whereZh} 于 ${s.postingDate} 库存不足：可用 ${s.available}，需要 ${s.requested}`,
        details: [
          {
            path: `${s.path}/qty`,
            message: `only ${s.available} available`,
            messageZh: `仅可用 ${s.available}`,
          },
        ],
      };
    },
  },
  /** The source's stock postings were reversed (the document is cancelled): it posts nothing more. */
  postingReversed: {
    code: 'STOCK_POSTING_REVERSED',
    status: 409,
    text: (form: string, id: string) => ({
      en: `${form} "${id}" is cancelled: its stock movements were reversed, and it posts nothing more`,
      zh: `${form}“${id}”已作废：其库存移动已冲销，不能再过账`,
    }),
  },
  /** Cancelling would take stock that later movements already used. */
  reversalShort: {
    code: 'STOCK_REVERSAL_SHORT',
    status: 409,
    text: (s: Shortage) => ({
      en: `Cancelling would leave ${s.item} in ${s.warehouse} below zero (${s.available} available to take back, ${s.requested} needed)`,
      zh: `作废将使 ${s.item} 在 ${s.warehouse} 的库存为负（可冲回 ${s.available}，需要 ${s.requested}）`,
    }),
  },
  noGeneralLedger: {
    code: 'STOCK_NO_GENERAL_LEDGER',
    status: 503,
    text: { en: 'The general ledger is not wired into this process', zh: '此进程未接入总账' },
  },
  postingBusy: {
    code: 'STOCK_BUSY',
    status: 409,
    text: {
      en: 'The stock of this item is being changed by many postings at once; try again',
      zh: '该物料库存正被多笔业务同时修改，请重试',
    },
  },
});
