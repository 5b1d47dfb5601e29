// Link fields and the lifecycle (pure): where a form's links are and what they point to (inside
// line items too), the publish-time problems of a link declaration, and which changes a
// submitted or cancelled document refuses.
import { describe, expect, it } from 'vitest';
import type { FormDefinition } from '#schemas/generated/index.ts';
import { documentDefinitionProblems, refusedChanges } from '#engine/core/documents/lifecycle.ts';
import { linkDefinitionProblems, linkFields, linkKeys, linkValues } from '#engine/core/documents/links.ts';
import { checkDefinition } from '#engine/core/forms/definition-check.ts';
import { orderForm } from '../../api/documents-fixtures.ts';

describe('link fields', () => {
  const fields = linkFields(orderForm.schema);

  it('are found with their target and fetch, in line items too', () => {
    expect(fields.map((f) => [f.path, f.form, f.fetch])).toEqual([
      ['customer', 'customer', { creditLimit: 'creditLimit' }],
      ['lines.item', 'item', { unit: 'unit', price: 'price' }],
    ]);
  });

  it('give every value with its place and holder, and the reverse-link keys', () => {
    const data = { customer: 'c1', lines: [{ item: 'i1', qty: 1 }, { qty: 2 }, { item: 'i1', qty: 3 }] };
    const values = linkValues(fields, data);
    expect(values.map((v) => [v.pointer, v.value])).toEqual([
      ['/customer', 'c1'],
      ['/lines/0/item', 'i1'],
      ['/lines/2/item', 'i1'],
    ]);
    expect(values[2]!.holder).toBe(data.lines[2]);
    expect(linkKeys(fields, data)).toEqual(['customer:c1', 'item:i1']);
  });

  it('publishes a well-formed form (the platform check accepts x-link)', () => {
    expect(checkDefinition(orderForm)).toEqual([]);
  });

  it('refuses link declarations that cannot work, each at its place', () => {
    const bad: FormDefinition = structuredClone(orderForm);
    const props = bad.schema.properties as Record<string, Record<string, unknown>>;
    props.customer!['x-link'] = {
      form: 'Customer!',
      fetch: { nowhere: 'name', total: 'x' },
      extra: 1,
      importKey: 'no such!',
    };
    props.note = { type: 'string', 'x-link': { form: 'customer' } };
    bad.sensitiveFields = ['customer'];
    expect(linkDefinitionProblems(bad).map((p) => [p.path, p.message])).toEqual([
      ['/schema/properties/customer', 'a link field cannot be sensitive'],
      [
        '/schema/properties/customer/x-link/extra',
        'unknown key "extra" (form, fetch, readable, importKey, requiresModules)',
      ],
      ['/schema/properties/customer/x-link/importKey', 'must name a field of the linked record'],
      ['/schema/properties/customer/x-link/form', 'must be a form id'],
      ['/schema/properties/customer/x-link/fetch/nowhere', '"nowhere" is not a field beside the link'],
      ['/schema/properties/customer/x-link/fetch/total', '"total" is computed: it cannot be fetched too'],
      ['/schema/properties/note/format', 'a field with x-link has format "link"'],
    ]);
  });
});

describe('the lifecycle', () => {
  const lifecycle = { submittable: true, allowedAfterSubmit: ['deliveryDate', 'payment'] };

  it('lets a draft change anything, a submitted document its allowed fields, a cancelled one nothing', () => {
    const changed = ['/note', '/deliveryDate', '/payment/paidOn', '/lines'];
    expect(refusedChanges('draft', lifecycle, changed)).toEqual([]);
    expect(refusedChanges('submitted', lifecycle, changed)).toEqual(['/note', '/lines']);
    expect(refusedChanges('cancelled', lifecycle, changed)).toEqual(changed);
  });

  it('checks what a form declares: allowed fields exist, a pattern and time zone that work', () => {
    const form: FormDefinition = {
      ...orderForm,
      lifecycle: { submittable: false, allowedAfterSubmit: ['nope'] },
      numbering: { pattern: 'SO-{YYYY}-{####}', timeZone: 'Mars/Olympus' },
    };
    expect(documentDefinitionProblems(form).map((p) => p.path)).toEqual([
      '/lifecycle/allowedAfterSubmit/0',
      '/lifecycle/submittable',
      '/numbering/timeZone',
    ]);
  });
});
