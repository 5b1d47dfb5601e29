import { describe, expect, it } from 'vitest';
import { dependencyOrder, enabledDependents, unmetDependencies } from '#engine/core/modules/order.ts';
import { compareVersionText, isValidRange, parseVersion, satisfies } from '#engine/core/modules/semver.ts';

describe('semver', () => {
  it('parses and orders versions, pre-releases before releases', () => {
    expect(parseVersion('1.2.3')).toEqual({ major: 1, minor: 2, patch: 3, pre: [] });
    expect(parseVersion('01.2.3')).toBeNull();
    expect(parseVersion('1.2')).toBeNull();
    const sorted = ['1.0.0', '1.0.0-rc.2', '1.0.0-alpha', '0.9.10', '1.0.0-rc.10', '0.9.9'].sort(
      compareVersionText,
    );
    expect(sorted).toEqual(['0.9.9', '0.9.10', '1.0.0-alpha', '1.0.0-rc.2', '1.0.0-rc.10', '1.0.0']);
  });

  it.each([
    ['1.4.2', '^1.2.0', true],
    ['2.0.0', '^1.2.0', false],
    ['0.2.5', '^0.2.1', true],
    ['0.3.0', '^0.2.1', false],
    ['1.2.9', '~1.2.3', true],
    ['1.3.0', '~1.2.3', false],
    ['1.9.0', '>=1.2.0 <2.0.0', true],
    ['2.0.0', '>=1.2.0 <2.0.0', false],
    ['1.7.1', '1.x', true],
    ['3.0.0', '1.x || >=3', true],
    ['2.5.0', '1.x || >=3', false],
    ['1.0.0', '*', true],
    ['1.0.0-beta', '^1.0.0', false],
    ['1.0.0-beta', '>=1.0.0-alpha', true],
  ])('%s satisfies %s: %s', (version, range, expected) => {
    expect(satisfies(version, range)).toBe(expected);
  });

  it('rejects malformed ranges', () => {
    expect(isValidRange('^1.2.3')).toBe(true);
    expect(isValidRange('banana')).toBe(false);
    expect(satisfies('1.0.0', 'banana')).toBe(false);
  });
});

describe('dependency order', () => {
  it('puts each module after what it depends on, ties by id', () => {
    const { order, cycles } = dependencyOrder([
      { id: 'sales', version: '1.0.0', depends: [{ id: 'stock' }, { id: 'finance' }] },
      { id: 'stock', version: '1.0.0', depends: [{ id: 'finance' }] },
      { id: 'finance', version: '1.0.0' },
      { id: 'crm', version: '1.0.0' },
    ]);
    expect(order).toEqual(['crm', 'finance', 'stock', 'sales']);
    expect(cycles).toEqual([]);
  });

  it('reports a cycle instead of looping', () => {
    const { order, cycles } = dependencyOrder([
      { id: 'a', version: '1.0.0', depends: [{ id: 'b' }] },
      { id: 'b', version: '1.0.0', depends: [{ id: 'a' }] },
      { id: 'c', version: '1.0.0' },
    ]);
    expect(order).toEqual(['c']);
    expect(cycles).toEqual([['a', 'b']]);
  });

  it('says why a dependency is not met, and who still needs a module', () => {
    const available = new Map([
      ['finance', { version: '1.2.0', enabled: true }],
      ['stock', { version: '2.0.0', enabled: true }],
      ['crm', { version: '1.0.0', enabled: false }],
    ]);
    const unmet = unmetDependencies(
      {
        id: 'x',
        version: '1.0.0',
        depends: [
          { id: 'finance', version: '^1.0.0' },
          { id: 'stock', version: '^1.0.0' },
          { id: 'crm' },
          { id: 'hr' },
        ],
      },
      available,
      satisfies,
    );
    expect(unmet.map((u) => [u.id, u.reason])).toEqual([
      ['stock', 'version'],
      ['crm', 'disabled'],
      ['hr', 'missing'],
    ]);
    expect(
      enabledDependents('finance', [
        { id: 'stock', version: '1.0.0', depends: [{ id: 'finance' }], enabled: true },
        { id: 'sales', version: '1.0.0', depends: [{ id: 'finance' }], enabled: false },
      ]),
    ).toEqual(['stock']);
  });
});
