import { describe, expect, it } from 'vitest';
import { localizeForm } from '#engine/core/forms/localize.ts';
import { at, expenseClaim } from './fixtures.ts';

describe('localised schema for rjsf', () => {
  it('puts labels and help in the requested language, option labels as ui:enumNames', () => {
    const def = expenseClaim({
      help: { total: { en: 'Computed from the lines', 'zh-CN': '由明细自动计算' } },
    });
    const zh = localizeForm(def, 'zh-CN');
    const prop = (...path: string[]) => at(zh.schema, 'properties', ...path);
    expect(zh.schema.title).toBe('费用报销');
    expect(prop('title').title).toBe('标题');
    expect(prop('lines', 'items', 'properties', 'unitPrice').title).toBe('单价');
    expect(prop('payee', 'properties', 'city').title).toBe('收款人城市');
    expect(prop('total').description).toBe('由明细自动计算');
    expect(at(zh.uiSchema, 'category')['ui:enumNames']).toEqual({
      travel: '差旅',
      meals: '餐饮',
      office: '办公',
    });
    // existing uiSchema entries survive
    expect(at(zh.uiSchema, 'lines', 'items', 'date')['ui:widget']).toBe('date');
    const en = localizeForm(def, 'en');
    expect(at(en.schema, 'properties', 'lines', 'items', 'properties', 'amount').title).toBe('Amount');
    // the stored definition is untouched
    expect(at(def.schema, 'properties', 'title').title).toBeUndefined();
  });

  it('labels oneOf options through their titles', () => {
    const def = expenseClaim();
    at(def.schema, 'properties').category = {
      type: 'string',
      oneOf: [{ const: 'travel' }, { const: 'meals' }, { const: 'office' }],
    };
    const en = localizeForm(def, 'en');
    expect(
      (at(en.schema, 'properties', 'category').oneOf as Array<{ title: string }>).map((o) => o.title),
    ).toEqual(['Travel', 'Meals', 'Office']);
  });
});
