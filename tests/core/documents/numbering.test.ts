// Numbering patterns (pure): read once, then numbers in their series, the date parts in the
// series' time zone; bad patterns are refused with reasons; amendments go -1, -2 from the first.
import { describe, expect, it } from 'vitest';
import {
  amendmentBase,
  amendmentNumber,
  datePartsAt,
  formatNumber,
  parsePattern,
  seriesOf,
  type NumberPattern,
} from '#engine/core/documents/numbering.ts';

const parse = (source: string): NumberPattern => {
  const p = parsePattern(source);
  if ('problems' in p) throw new Error(JSON.stringify(p.problems));
  return p;
};

describe('numbering patterns', () => {
  const may9 = datePartsAt(Date.parse('2026-05-09T03:00:00Z'));

  it.each([
    ['SO-{YYYY}-{####}', 7, 'SO-2026-0007', 'SO-2026-#'],
    ['SO-{YYYY}-{####}', 12345, 'SO-2026-12345', 'SO-2026-#'],
    ['INV{YY}{MM}{DD}-{###}', 42, 'INV260509-042', 'INV260509-#'],
    ['{#}', 3, '3', '#'],
    ['FIN/EXP/{YYYY}.{MM}/{#####}', 1, 'FIN/EXP/2026.05/00001', 'FIN/EXP/2026.05/#'],
  ])('%s: the %ith is %s in series %s', (source, n, number, series) => {
    const pattern = parse(source);
    expect(formatNumber(pattern, may9, n)).toBe(number);
    expect(seriesOf(pattern, may9)).toBe(series);
  });

  it('takes the date where the series lives: Beijing’s new year is 16:00 UTC on 31 December', () => {
    expect(datePartsAt(Date.parse('2026-12-31T15:59:59Z'))).toMatchObject({
      YYYY: '2026',
      MM: '12',
      DD: '31',
    });
    expect(datePartsAt(Date.parse('2026-12-31T16:00:00Z'))).toMatchObject({
      YYYY: '2027',
      MM: '01',
      DD: '01',
    });
    expect(datePartsAt(Date.parse('2026-12-31T16:00:00Z'), 'Europe/Berlin')).toMatchObject({ YYYY: '2026' });
  });

  it.each([
    ['SO-{YYYY}', 'a pattern has exactly one counter, e.g. {####}'],
    ['SO-{##}-{##}', 'a pattern has exactly one counter, e.g. {####}'],
    ['SO-{Q}-{##}', 'unknown part {Q}: use {YYYY}, {YY}, {MM}, {DD} or {#…}'],
    ['SO {##}', '"SO " may hold letters, digits and - _ . / only'],
    ['{#############}', 'the counter has at most 12 digits'],
  ])('refuses %s: %s', (source, message) => {
    const parsed = parsePattern(source, '/numbering/pattern');
    expect('problems' in parsed && parsed.problems.map((p) => [p.path, p.message])).toContainEqual([
      '/numbering/pattern',
      message,
    ]);
  });

  it('numbers amendments from the first document of the chain', () => {
    expect(amendmentNumber('SO-2026-0007', 1)).toBe('SO-2026-0007-1');
    expect(amendmentBase('SO-2026-0007', false)).toEqual({ first: 'SO-2026-0007', k: 0 });
    expect(amendmentBase('SO-2026-0007-1', true)).toEqual({ first: 'SO-2026-0007', k: 1 });
    const { first, k } = amendmentBase('SO-2026-0007-9', true);
    expect(amendmentNumber(first, k + 1)).toBe('SO-2026-0007-10');
  });
});
