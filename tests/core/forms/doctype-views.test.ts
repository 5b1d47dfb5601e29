// A document type's screens from its definition (pure): declared kanban and calendar checked at
// publish (the field must be a choice, a date), defaults made from the schema when nothing is
// declared, code fields found inside lists too; and a report's source records as a filtered list.
import { describe, expect, it } from 'vitest';
import type { FormDefinition } from '#schemas/generated/index.ts';
import { checkDefinition } from '#engine/core/forms/definition-check.ts';
import { doctypeViews } from '#engine/core/forms/doctype-views.ts';
import { FieldIndex } from '#engine/core/forms/field-index.ts';
import { recordsListPath } from '#engine/core/reports/links.ts';

const L = (en: string) => ({ en, 'zh-CN': `${en}（中）` });
const form: FormDefinition = {
  id: 'shop-order',
  module: 'shop',
  name: L('Order'),
  schema: {
    type: 'object',
    properties: {
      customer: { type: 'string' },
      stage: { type: 'string', enum: ['new', 'packed', 'shipped'] },
      due: { type: 'string', format: 'date' },
      total: { type: 'string', format: 'money' },
      lines: {
        type: 'array',
        items: { type: 'object', properties: { serial: { type: 'string', format: 'qrcode' } } },
      },
      tag: { type: 'string', format: 'barcode' },
    },
  },
  labels: {
    customer: L('Customer'),
    stage: L('Stage'),
    due: L('Due'),
    total: L('Total'),
    lines: L('Lines'),
    'lines.serial': L('Serial'),
    tag: L('Tag'),
  },
  titleField: 'customer',
};

describe('document type views', () => {
  it('makes a board, a calendar and columns from the schema when none are declared', () => {
    const views = doctypeViews(form, new FieldIndex(form.schema));
    expect(views.kanban).toEqual({ groupBy: 'data.stage', cardFields: ['data.due', 'data.total'] });
    expect(views.calendar).toEqual({ start: 'data.due', title: 'data.customer' });
    expect(views.list.columns).toEqual([
      'data.customer',
      'data.stage',
      'data.due',
      'data.total',
      'data.tag',
      'status',
      'updatedAt',
    ]);
    expect(views.list.sort).toEqual({ field: 'createdAt', direction: 'desc' });
    expect(views.codeFields).toEqual(['data.lines.serial', 'data.tag']);
    expect(views.fields.find((f) => f.path === 'data.stage')?.kind).toBe('select');
    expect(views.fields.find((f) => f.path === 'data.tag')?.kind).toBe('code');
  });

  it('accepts a declared board and calendar, and refuses ones on the wrong fields', () => {
    expect(
      checkDefinition({
        ...form,
        kanban: { groupBy: 'data.stage' },
        calendar: { start: 'data.due', end: 'updatedAt' },
      }),
    ).toEqual([]);
    const bad = checkDefinition({
      ...form,
      kanban: { groupBy: 'data.customer', cardFields: ['data.nope'] },
      calendar: { start: 'data.total', title: 'data.nope' },
    });
    expect(bad.map((p) => p.path)).toEqual([
      '/kanban/groupBy',
      '/kanban/cardFields/0',
      '/calendar/start',
      '/calendar/title',
    ]);
    expect(bad[0]!.messageZh).toContain('选项字段');
  });

  it('checks a roster: lanes and assign are top-level text fields of one-day entries', () => {
    const lanes = { field: 'data.customer', form: 'crm-customer' };
    expect(
      checkDefinition({
        ...form,
        calendar: { start: 'data.due', lanes, assign: { field: 'data.stage', form: 'stages' } },
      }),
    ).toEqual([]);
    const bad = checkDefinition({
      ...form,
      calendar: {
        start: 'data.due',
        end: 'data.due',
        lanes: { field: 'data.lines', form: 'x' },
        assign: { field: 'data.lines.serial', form: 'y' },
      },
    });
    expect(bad.map((p) => p.path)).toEqual([
      '/calendar/end',
      '/calendar/lanes/field',
      '/calendar/assign/field',
    ]);
    expect(bad[1]!.messageZh).toContain('文本字段');
    const alone = checkDefinition({
      ...form,
      calendar: { start: 'data.due', assign: { field: 'data.stage', form: 'stages' } },
    });
    expect(alone.map((p) => p.path)).toEqual(['/calendar/assign']);
  });
});

describe('a report alert opens its records', () => {
  it('turns the report filters into the records list filter', () => {
    const path = recordsListPath('finance-invoice', [
      { field: 'data.kind', op: 'eq', value: 'sales' },
      { field: 'data.paymentStatus', op: 'ne', value: 'paid' },
      { field: 'data.dueDate', op: 'lt', value: '2026-03-25' },
      { field: 'data.partner', op: 'startsWith', value: 'Hang' },
    ]);
    const url = new URL(path, 'http://x');
    expect(url.pathname).toBe('/records/finance-invoice');
    expect(JSON.parse(url.searchParams.get('where')!)).toEqual({
      'data.kind': 'sales',
      'data.paymentStatus': { ne: 'paid' },
      'data.dueDate': { lt: '2026-03-25' },
    });
    expect(recordsListPath('a-b', [])).toBe('/records/a-b');
  });
});
