// Link fields in the web app: every link field of a form is rendered by the link picker, told the
// form, its path and the form it points to (in line items too); picking a record fills the fields
// its link fetches, with what the picker was offered — and only for the link that changed; the
// browser's validator accepts a record id in a link field.
import { describe, expect, it } from 'vitest';
import { localizeForm } from '#engine/core/forms/localize.ts';
import { withPortalWidgets } from '#designer/portal/form-logic.ts';
import { applyFetched, rememberFetched, rememberTitles, titleOf } from '#designer/ui/rjsf/link-fetch.ts';
import { validatorFor } from '#designer/ui/rjsf/validation.ts';
import { orderForm } from '../api/documents-fixtures.ts';

type Json = Record<string, unknown>;

describe('link fields in the browser', () => {
  it('are rendered by the link picker, which knows where it is', () => {
    const localized = localizeForm(orderForm, 'zh-CN');
    const ui = withPortalWidgets(localized.schema, localized.uiSchema, orderForm) as Json;
    expect(ui.customer).toEqual({
      'ui:widget': 'linkPicker',
      'ui:options': { linkForm: 'sales-order', linkField: 'customer', linkTarget: 'customer' },
    });
    expect((ui.lines as Json).items).toMatchObject({
      item: {
        'ui:widget': 'linkPicker',
        'ui:options': { linkForm: 'sales-order', linkField: 'lines.item', linkTarget: 'item' },
      },
    });
  });

  it('fill what a picked link fetches, only for the link that changed', () => {
    rememberFetched('sales-order', 'customer', 'c-1', { creditLimit: '50000.00' });
    rememberFetched('sales-order', 'lines.item', 'i-1', { unit: 'pcs', price: '450.00' });
    rememberFetched('sales-order', 'lines.item', 'i-2', { unit: 'set' });
    const before = {
      customer: 'c-1',
      creditLimit: '123.00',
      lines: [{ item: 'i-1', qty: 1, price: '400.00' }],
    };
    // Nothing picked: a typed-over value stays.
    expect(applyFetched('sales-order', orderForm.schema, before, before)).toBe(before);
    const picked = applyFetched('sales-order', orderForm.schema, before, {
      ...before,
      lines: [...before.lines, { item: 'i-2', qty: 2, price: '9.00' }],
    });
    expect(picked).toEqual({
      customer: 'c-1',
      creditLimit: '123.00',
      lines: [
        { item: 'i-1', qty: 1, price: '400.00' },
        { item: 'i-2', qty: 2, unit: 'set' },
      ],
    });
    const changed = applyFetched('sales-order', orderForm.schema, {}, { customer: 'c-1' });
    expect(changed).toEqual({ customer: 'c-1', creditLimit: '50000.00' });
  });

  it('remembers the titles of linked records', () => {
    rememberTitles({ 'customer:c-9': 'Jade River Trading' });
    expect([titleOf('customer', 'c-9'), titleOf('item', 'c-9')]).toEqual(['Jade River Trading', undefined]);
  });

  it('are validated in the browser as on the server', () => {
    const validator = validatorFor('en');
    const ok = validator.validateFormData({ customer: 'c-wang-1' }, orderForm.schema as never);
    const bad = validator.validateFormData({ customer: 'not an id!' }, orderForm.schema as never);
    expect([ok.errors.length, bad.errors.map((e) => e.property)]).toEqual([0, ['.customer']]);
  });
});
