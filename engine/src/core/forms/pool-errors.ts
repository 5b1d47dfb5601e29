// The error catalogue of shared pools of records (a form's `pool`: a CRM's public pool).
import { defineErrors } from '../errors.ts';

export const poolErrors = defineErrors('record-pools', {
  noPool: {
    code: 'POOL_NONE',
    status: 409,
    text: (form: string) => ({
      en: `Records of "${form}" have no pool to claim from`,
      zh: `“${form}”的记录没有可领取的公海`,
    }),
  },
  notInPool: {
    code: 'POOL_NOT_IN_POOL',
    status: 409,
    text: {
      en: 'This record is not in the pool (someone may have claimed it just now)',
      zh: '该记录不在公海中（可能刚被他人领取）',
    },
  },
  limit: {
    code: 'POOL_CLAIM_LIMIT',
    status: 409,
    text: (limit: number, held: number) => ({
      en: `You hold ${held} record(s); at most ${limit} may be yours. Release some before claiming more.`,
      zh: `您已持有 ${held} 条记录，上限为 ${limit} 条。请先释放部分记录再领取。`,
      details: [
        {
          path: '',
          message: `limit ${limit}, held ${held}`,
          messageZh: `上限 ${limit}，已持有 ${held}`,
        },
      ],
    }),
  },
});
