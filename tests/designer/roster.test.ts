// The roster's arithmetic (designer/src/records/calendar/roster.ts): copying a week to the next
// weeks creates what is missing, changes what differs, leaves what is the same — so repeating
// twice changes nothing the second time — and never touches cells empty in the copied week.
import { describe, expect, it } from 'vitest';
import { cellKey, dataOf, parseCell, repeatPlan } from '#designer/records/calendar/roster.ts';

describe('roster', () => {
  const week = [
    { lane: 'zheng.xin', day: '2026-12-14', value: 'day' },
    { lane: 'wang.fang', day: '2026-12-20', value: 'night' },
  ];

  it('copies a week into empty weeks, across a month and a year end', () => {
    const plan = repeatPlan(week, [], 3);
    expect(plan.create.map((a) => `${a.lane} ${a.day} ${a.value}`)).toEqual([
      'zheng.xin 2026-12-21 day',
      'wang.fang 2026-12-27 night',
      'zheng.xin 2026-12-28 day',
      'wang.fang 2027-01-03 night',
      'zheng.xin 2027-01-04 day',
      'wang.fang 2027-01-10 night',
    ]);
    expect([plan.update, plan.unchanged]).toEqual([[], 0]);
  });

  it('changes what differs, keeps what is the same, leaves other cells alone', () => {
    const later = [
      { id: 'a', rev: 3, lane: 'zheng.xin', day: '2026-12-21', value: 'night' },
      { id: 'b', rev: 1, lane: 'wang.fang', day: '2026-12-27', value: 'night' },
      { id: 'c', rev: 1, lane: 'li.lei', day: '2026-12-22', value: 'day' },
    ];
    const plan = repeatPlan(week, later, 1);
    expect(plan).toEqual({ create: [], update: [{ id: 'a', rev: 3, value: 'day' }], unchanged: 1 });
    expect(repeatPlan(week, [...later.slice(1), { ...later[0]!, value: 'day' }], 1).unchanged).toBe(2);
  });

  it('keys a cell by row and day, whatever the row key holds', () => {
    expect(parseCell(cellKey('a|b-1', '2026-12-14'))).toEqual({ lane: 'a|b-1', day: '2026-12-14' });
    expect(dataOf({ 'data.employee': 'x', 'data.date': '2026-12-14' })).toEqual({
      employee: 'x',
      date: '2026-12-14',
    });
  });
});
