// The store indexes of a form's records: equality indexes for declared paths, ordered list
// indexes (after `deleted`) for declared list indexes, the default sort and the newest-first
// default, decimals through their numeric shadow, no index twice.
import { describe, expect, it } from 'vitest';
import { FieldIndex } from '#engine/core/forms/field-index.ts';
import { recordIndexSpecs } from '#engine/core/forms/record-indexes.ts';
import { expenseClaim } from './fixtures.ts';

describe('recordIndexSpecs', () => {
  it('makes equality, list and default-order indexes', () => {
    const def = expenseClaim({
      defaultSort: { field: 'createdAt', direction: 'desc' },
      indexes: [
        'data.category',
        { fields: ['data.payee.city', { field: 'createdAt', direction: 'desc' }] },
        { fields: ['data.total'] },
      ],
    });
    const specs = recordIndexSpecs(def, new FieldIndex(def.schema, def.sensitiveFields));
    const byFields = specs
      .map((s) => [s.fields.map(([p, d]) => `${p}:${d}`).join(' '), s.ordered ?? false])
      .filter(([fields]) => !String(fields).startsWith('blind.'));
    expect(specs.filter((s) => s.fields[0]![0].startsWith('blind.')).length).toBeGreaterThan(0);
    expect(byFields).toEqual([
      ['owner:1', false],
      ['department:1', false],
      ['search:1', false],
      ['importId:1', false],
      ['outboxPending:1', false],
      ['deleted:1 createdAt:-1', true],
      ['data.category:1', false],
      ['deleted:1 data.payee.city:1 createdAt:-1', true],
      ['deleted:1 num.total:1', true],
    ]);
  });
});
