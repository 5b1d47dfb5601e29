// The form designer's model (designer/src/form-designer/model/): what the visual designer builds is
// a definition the server accepts for publishing, validates records with as intended (conditional
// fields, line items, amounts), and reads back without losing anything — including definitions
// written by hand with keywords the designer does not edit.
/* eslint-disable @typescript-eslint/no-explicit-any -- the generated definitions are JSON read freely */
import { describe, expect, it } from 'vitest';
import { createFormAjv } from '#engine/core/forms/ajv.ts';
import { checkDefinition } from '#engine/core/forms/definition-check.ts';
import { localizeForm } from '#engine/core/forms/localize.ts';
import { checkField } from '#designer/form-designer/model/checks.ts';
import { parseCondition } from '#designer/form-designer/model/conditions.ts';
import { compareForms } from '#designer/form-designer/model/diff.ts';
import { fromDefinition, newForm } from '#designer/form-designer/model/from-definition.ts';
import {
  createField,
  flatten,
  insertField,
  keyFromLabel,
  locate,
  moveField,
  removeField,
  updateField,
} from '#designer/form-designer/model/ops.ts';
import { problemPlace } from '#designer/form-designer/model/pointers.ts';
import { toDefinition } from '#designer/form-designer/model/to-definition.ts';
import type {
  DesignField,
  DesignForm,
  FieldKind,
  FormDefinition,
} from '#designer/form-designer/model/types.ts';

const L = (en: string, zh: string) => ({ en, 'zh-CN': zh });

function add(
  form: DesignForm,
  kind: FieldKind,
  label: [string, string],
  patch: Partial<DesignField> = {},
  into: string | null = null,
): [DesignForm, string] {
  const container = into ? locate(form.fields, into)!.field.children! : form.fields;
  const field = { ...createField(kind, container, L(...label)), ...patch };
  return [insertField(form, into, container.length, field), field.uid];
}

/** An expense claim as an analyst would click it together. */
function expenseClaim(): DesignForm {
  let form = newForm('finance-expense', 'finance', L('Expense claim', '费用报销'));
  let id: string;
  [form] = add(form, 'text', ['Purpose', '事由'], { required: true, max: '200' });
  [form] = add(form, 'date', ['Date', '日期'], { required: true });
  [form] = add(form, 'money', ['Amount', '金额'], { required: true, min: '0.01' });
  [form] = add(form, 'longText', ['Reason for a large amount', '大额原因'], {
    required: true,
    visibleWhen: { field: 'amount', op: 'gt', value: '5000' },
  });
  [form] = add(form, 'select', ['Category', '类别'], {
    options: [
      { value: 'travel', label: L('Travel', '差旅') },
      { value: 'meals', label: L('Meals', '餐饮') },
    ],
  });
  [form, id] = add(form, 'table', ['Line items', '费用明细'], { key: 'lines', min: '1' });
  [form] = add(form, 'text', ['Description', '说明'], { required: true }, id);
  [form] = add(form, 'money', ['Line amount', '明细金额'], { required: true }, id);
  [form] = add(form, 'checkbox', ['Urgent', '加急']);
  [form] = add(form, 'user', ['Approver', '审批人']);
  [form] = add(form, 'department', ['Cost centre', '成本中心']);
  [form] = add(form, 'file', ['Receipt', '发票']);
  [form] = add(form, 'multiSelect', ['Tags', '标签']);
  [form] = add(form, 'number', ['Nights', '晚数'], { integer: true, min: '0', max: '30' });
  [form] = add(form, 'text', ['Bank account', '银行账号'], { sensitive: true, format: 'iban' });
  [form, id] = add(form, 'section', ['Trip', '行程']);
  [form] = add(form, 'text', ['City', '城市'], {}, id);
  [form] = add(form, 'money', ['Total', '合计'], { computed: 'sum(lines.lineAmount)' });
  return { ...form, titleField: 'purpose' };
}

const strip = (form: DesignForm): unknown =>
  JSON.parse(JSON.stringify(form, (k, v: unknown) => (k === 'uid' || k === 'fresh' ? undefined : v)));

describe('form designer model', () => {
  it('builds a definition the server would publish, with every kind of field', () => {
    const def = toDefinition(expenseClaim());
    expect(checkDefinition(def)).toEqual([]);
    const schema = def.schema as Record<string, any>;
    expect(schema.required).toEqual(['purpose', 'date', 'amount']);
    expect(schema.properties.amount).toEqual({ type: 'string', format: 'money', minimumAmount: '0.01' });
    expect(schema.properties.lines).toMatchObject({
      type: 'array',
      minItems: 1,
      items: { type: 'object', required: ['description', 'lineAmount'] },
    });
    expect(schema.properties.nights).toEqual({ type: 'integer', minimum: 0, maximum: 30 });
    expect(schema.properties.reasonForALargeAmount).toBeUndefined();
    expect(schema.allOf).toEqual([
      {
        if: { properties: { amount: { not: { maximumAmount: '5000' } } }, required: ['amount'] },
        then: {
          properties: { reasonForALargeAmount: { type: 'string' } },
          required: ['reasonForALargeAmount'],
        },
      },
    ]);
    expect(def.labels?.['lines.lineAmount']).toEqual(L('Line amount', '明细金额'));
    expect(def.optionLabels?.category?.meals).toEqual(L('Meals', '餐饮'));
    expect(def.sensitiveFields).toEqual(['bankAccount']);
    expect(def.computed).toEqual([{ field: 'total', expression: 'sum(lines.lineAmount)' }]);
    const ui = def.uiSchema as Record<string, any>;
    expect(ui['ui:order'][0]).toBe('purpose');
    expect(ui.reasonForALargeAmount['ui:widget']).toBe('textarea');
    expect(ui.approver['ui:widget']).toBe('userPicker');
    expect(ui.costCentre['ui:widget']).toBe('departmentPicker');
    expect(ui.receipt['ui:widget']).toBe('fileUpload');
    expect(ui.total['ui:readonly']).toBe(true);
    expect(ui.lines.items['ui:order']).toEqual(['description', 'lineAmount', '*']);
  });

  it('validates like the analyst meant: the reason is required only above 5,000', () => {
    const ajv = createFormAjv();
    const validate = ajv.compile(toDefinition(expenseClaim()).schema);
    const base = {
      purpose: 'Fair',
      date: '2026-03-02',
      lines: [{ description: 'Hotel', lineAmount: '100' }],
    };
    expect(validate({ ...base, amount: '4999.99' })).toBe(true);
    expect(validate({ ...base, amount: '5000' })).toBe(true);
    expect(validate({ ...base, amount: '5000.01' })).toBe(false);
    expect(validate.errors?.map((e) => e.params)).toContainEqual({
      missingProperty: 'reasonForALargeAmount',
    });
    expect(validate({ ...base, amount: '8000', reasonForALargeAmount: 'Trade fair' })).toBe(true);
    expect(validate({ ...base, amount: '100', lines: [] })).toBe(false); // at least one line
    expect(validate({ ...base, amount: '12.345' })).toBe(false); // money has 2 decimals
  });

  it('renders labels and option names in each language (what the preview and portal show)', () => {
    const def = toDefinition(expenseClaim());
    const zh = localizeForm(def, 'zh-CN');
    expect(zh.schema.title).toBe('费用报销');
    const props = zh.schema.properties as Record<string, any>;
    expect(props.lines.items.properties.lineAmount.title).toBe('明细金额');
    expect((zh.uiSchema as Record<string, any>).category['ui:enumNames']).toEqual({
      travel: '差旅',
      meals: '餐饮',
    });
    const then = (zh.schema.allOf as any[])[0].then.properties.reasonForALargeAmount;
    expect(then.title).toBe('大额原因');
  });

  it('reads its own definitions back unchanged', () => {
    const form = expenseClaim();
    const def = toDefinition(form);
    const again = fromDefinition(def);
    expect(strip(again)).toEqual(strip(form));
    expect(toDefinition(again)).toEqual(def);
  });

  it('keeps what it does not edit in a hand-written definition', () => {
    const def: FormDefinition = {
      id: 'hr-leave',
      module: 'hr',
      name: L('Leave', '请假'),
      schema: {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        $defs: { period: { type: 'object', properties: { from: { type: 'string', format: 'date' } } } },
        properties: {
          kind: {
            type: 'string',
            oneOf: [
              { const: 'annual', title: 'Annual' },
              { const: 'sick', title: 'Sick' },
            ],
          },
          period: { $ref: '#/$defs/period' },
          phone: { type: 'string', format: 'cn-mobile', description: 'kept' },
          days: { type: 'number', multipleOf: 0.5 },
          note: { type: 'string' },
        },
        dependentRequired: { phone: ['note'] },
        allOf: [{ if: { properties: { days: { minimum: 3 } } }, then: { required: ['note'] } }],
      },
      uiSchema: { 'ui:order': ['kind', 'days', '*'], note: { 'ui:placeholder': 'Why?' } },
      labels: {
        kind: L('Kind', '类型'),
        period: L('Period', '期间'),
        'period.from': L('From', '开始'),
        phone: L('Phone', '电话'),
        days: L('Days', '天数'),
        note: L('Note', '备注'),
      },
      permissions: { create: ['employee'] },
      listColumns: ['data.kind', 'createdAt'],
    };
    const form = fromDefinition(def);
    const kinds = Object.fromEntries(flatten(form.fields).map((e) => [e.path, e.field.kind]));
    expect(kinds).toEqual({ kind: 'select', days: 'number', period: 'custom', phone: 'text', note: 'text' });
    expect(form.fields.map((f) => f.key)).toEqual(['kind', 'days', 'period', 'phone', 'note']);
    expect(locate(form.fields, form.fields[0]!.uid)!.field.options?.[1]).toEqual({
      value: 'sick',
      label: L('Sick', 'Sick'),
    });
    const out = toDefinition(form);
    const schema = out.schema as Record<string, any>;
    expect(schema.$defs).toEqual((def.schema as any).$defs);
    expect(schema.dependentRequired).toEqual({ phone: ['note'] });
    expect(schema.allOf).toEqual((def.schema as any).allOf);
    expect(schema.properties.period).toEqual({ $ref: '#/$defs/period' });
    expect(schema.properties.days).toEqual({ type: 'number', multipleOf: 0.5 });
    expect(schema.properties.phone).toEqual({ type: 'string', format: 'cn-mobile', description: 'kept' });
    expect((out.uiSchema as any).note).toEqual({ 'ui:placeholder': 'Why?' });
    expect(out.permissions).toEqual(def.permissions);
    expect(out.listColumns).toEqual(def.listColumns);
    expect(out.labels).toEqual(def.labels);
  });

  it('writes every condition as if/then/else and reads it back', () => {
    const kinds: Record<string, FieldKind> = {
      amount: 'money',
      n: 'number',
      ok: 'checkbox',
      cat: 'select',
      tags: 'multiSelect',
      name: 'text',
    };
    const cases = [
      { field: 'amount', op: 'gt', value: '5000' },
      { field: 'amount', op: 'lt', value: '10' },
      { field: 'amount', op: 'gte', value: '1' },
      { field: 'n', op: 'lte', value: '3' },
      { field: 'n', op: 'neq', value: '2' },
      { field: 'ok', op: 'checked' },
      { field: 'ok', op: 'unchecked' },
      { field: 'cat', op: 'in', value: ['a', 'b'] },
      { field: 'tags', op: 'filled' },
      { field: 'name', op: 'empty' },
      { field: 'name', op: 'eq', value: 'x' },
    ] as const;
    for (const cond of cases) {
      let form = newForm('t', 'm', L('T', '测'));
      for (const [key, kind] of Object.entries(kinds)) [form] = add(form, kind, [key, key], { key });
      [form] = add(form, 'text', ['Shown', '显示'], { key: 'shown', visibleWhen: { ...cond } as never });
      const def = toDefinition(form);
      expect(checkDefinition(def), JSON.stringify(cond)).toEqual([]);
      const entry = (def.schema as any).allOf[0];
      const branch = ['neq', 'empty', 'unchecked'].includes(cond.op) ? 'else' : 'then';
      expect(Object.keys(entry).sort()).toEqual(['if', branch].sort());
      const back = fromDefinition(def);
      expect(back.fields.find((f) => f.key === 'shown')?.visibleWhen).toEqual(cond);
    }
    // A shape it does not write is not mistaken for a condition.
    expect(parseCondition({ properties: { a: { minimum: 1 } } }, 'then', () => 'number')).toBeNull();
  });

  it('moves fields by pointer or keyboard within the rules of sections and tables', () => {
    let form = expenseClaim();
    const uid = (path: string) => flatten(form.fields).find((e) => e.path === path)!.field.uid;
    const keys = () => form.fields.map((f) => f.key);
    form = moveField(form, uid('date'), null, 0);
    expect(keys().slice(0, 3)).toEqual(['date', 'purpose', 'amount']);
    form = moveField(form, uid('date'), null, 2); // "before amount" counted before the move
    expect(keys().slice(0, 3)).toEqual(['purpose', 'date', 'amount']);
    // Into a table: simple columns only; a long text or a section is refused.
    const table = uid('lines');
    const before = form;
    form = moveField(form, uid('reasonForALargeAmount'), table, 0);
    expect(form).toBe(before);
    form = moveField(form, uid('trip'), uid('trip.city') && table, 0);
    expect(form).toBe(before);
    // Into a section: the key stays unique there, and a condition on old siblings is dropped.
    form = moveField(form, uid('urgent'), uid('trip'), 0);
    expect(flatten(form.fields).map((e) => e.path)).toContain('trip.urgent');
    form = moveField(form, uid('trip.urgent'), null, 0);
    expect(keys()[0]).toBe('urgent');
    // Renaming a field updates the conditions that test it and the title field.
    form = updateField(form, uid('amount'), { key: 'total2' });
    expect(form.fields.find((f) => f.key === 'reasonForALargeAmount')?.visibleWhen?.field).toBe('total2');
    form = updateField(form, uid('purpose'), { key: 'subject' });
    expect(form.titleField).toBe('subject');
    // Deleting it drops those conditions.
    form = removeField(form, uid('total2'));
    expect(form.fields.find((f) => f.key === 'reasonForALargeAmount')?.visibleWhen).toBeUndefined();
  });

  it('names fields from their labels', () => {
    expect(keyFromLabel('Amount (CNY)')).toBe('amountCny');
    expect(keyFromLabel('2nd approver')).toBe('f2ndApprover');
    expect(keyFromLabel('金额')).toBe('');
    let form = newForm('t', 'm', L('T', '测'));
    [form] = add(form, 'money', ['Amount', '金额']);
    [form] = add(form, 'money', ['Amount', '金额']);
    expect(form.fields.map((f) => f.key)).toEqual(['amount', 'amount2']);
  });

  it('checks properties as the analyst types', () => {
    const [form] = add(newForm('t', 'm', L('T', '测')), 'money', ['Amount', '']);
    const field = form.fields[0]!;
    expect(checkField({ ...field, key: '1x', min: 'abc', pattern: '(' }, form.fields)).toEqual({
      key: 'check.key',
      label: 'check.label',
      min: 'check.amount',
      pattern: 'check.pattern',
    });
    expect(checkField({ ...field, label: L('A', '甲'), min: '10', max: '5' }, form.fields)).toEqual({
      max: 'check.range',
    });
  });

  it('places the server’s problems at the field and property they concern', () => {
    const def = toDefinition(expenseClaim());
    expect(problemPlace('/labels/lines.lineAmount', def)).toEqual({
      field: 'lines.lineAmount',
      prop: 'label',
    });
    expect(problemPlace('/schema/properties/lines/items/properties/lineAmount/format', def)).toEqual({
      field: 'lines.lineAmount',
      prop: 'format',
    });
    expect(problemPlace('/schema/allOf/0/then/properties/reasonForALargeAmount/maxLength', def)).toEqual({
      field: 'reasonForALargeAmount',
      prop: 'max',
    });
    expect(problemPlace('/schema/required/1', def)).toEqual({ field: 'date', prop: 'required' });
    expect(problemPlace('/sensitiveFields/0', def)).toEqual({ field: 'bankAccount', prop: 'sensitive' });
    expect(problemPlace('/computed/0/expression', def)).toEqual({ field: 'total', prop: 'computed' });
    expect(problemPlace('/uiSchema/lines/items/description', def)).toEqual({ field: 'lines.description' });
    expect(problemPlace('/name/zh-CN', def)).toEqual({ form: 'name' });
    // A problem the server finds in a field's labels, located through the real check.
    const broken = { ...def, labels: { ...def.labels } };
    delete broken.labels!['trip.city'];
    const [problem] = checkDefinition(broken);
    expect(problemPlace(problem!.path, broken)).toEqual({ field: 'trip.city', prop: 'label' });
  });

  it('lists what changed between two versions', () => {
    const v1 = expenseClaim();
    let v2 = v1;
    const uid = (path: string) => flatten(v2.fields).find((e) => e.path === path)!.field.uid;
    v2 = updateField(v2, uid('amount'), { max: '20000', label: L('Amount (CNY)', '金额（元）') });
    v2 = removeField(v2, uid('urgent'));
    [v2] = add(v2, 'date', ['Return date', '返回日期']);
    v2 = moveField(v2, uid('date'), null, 0);
    const changes = compareForms(v1, v2);
    const by = Object.fromEntries(changes.fields.map((c) => [c.path, [c.change, ...c.props]]));
    expect(by.amount).toEqual(['changed', 'label', 'max']);
    expect(by.purpose).toEqual(['changed', 'position']);
    expect(by.urgent).toEqual(['removed']);
    expect(by.returnDate).toEqual(['added']);
    expect(by.date).toEqual(['changed', 'position']);
    expect(compareForms(v1, v1)).toEqual({ fields: [], form: [] });
  });
});
