// A document type's submit checks: the rule gets its inputs from the document (FEEL over `data`
// and `record`), each refusal whose condition holds becomes a detail with its own code, field and
// message filled from the rule's values, and nothing refuses when no condition holds.
import { describe, expect, it } from 'vitest';
import type { SubmitCheck } from '#schemas/generated/index.ts';
import { assertSubmittable, submitRefusals } from '#engine/core/documents/submit-checks.ts';

const checks: SubmitCheck[] = [
  {
    rule: 'shop-limit',
    input: { qty: '=sum(data.lines.qty)', id: '=record.id' },
    refusals: [
      {
        code: 'TOO_MANY',
        when: '=over',
        field: 'lines.qty',
        message: { en: 'At most {limit}', 'zh-CN': '最多 {limit}' },
      },
      { code: 'NEVER', when: '=false', message: { en: 'never', 'zh-CN': '从不' } },
    ],
  },
];
const subject = (qty: number) => ({ data: { lines: [{ qty }, { qty: 2 }] }, record: { id: 'doc-1' } });

describe('submit checks', () => {
  it('a refusal carries its code, field and filled message; the rule saw the inputs', async () => {
    const seen: unknown[] = [];
    const refusals = await submitRefusals(checks, subject(9), async (rule, inputs) => {
      seen.push([rule, inputs]);
      return { limit: 10, over: (inputs.qty as number) > 10 };
    });
    expect(seen).toEqual([['shop-limit', { qty: 11, id: 'doc-1' }]]);
    expect(refusals).toEqual([
      { code: 'TOO_MANY', path: '/data/lines/qty', message: 'At most 10', messageZh: '最多 10' },
    ]);
  });

  it('refuses with 422 DOCUMENT_CHECK_REFUSED, and passes when nothing holds', async () => {
    const rule = async (_: string, inputs: Record<string, unknown>) => ({
      limit: 10,
      over: (inputs.qty as number) > 10,
    });
    await expect(assertSubmittable(checks, subject(9), rule)).rejects.toMatchObject({
      status: 422,
      code: 'DOCUMENT_CHECK_REFUSED',
    });
    await expect(assertSubmittable(checks, subject(1), rule)).resolves.toBeUndefined();
    await expect(assertSubmittable(undefined, subject(9), rule)).resolves.toBeUndefined();
  });
});
