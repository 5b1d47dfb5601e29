// A record's timeline (pure): creations and logged changes of the record and the records linking
// to it, newest first, a change log's first entry folded into the creation, hidden fields left
// out, values named by their option labels, at most `limit` events.
import { describe, expect, it } from 'vitest';
import { timelineEvents, type TimelineRecord } from '#engine/core/documents/timeline.ts';

const L = (en: string, zh: string) => ({ en, 'zh-CN': zh });
const opportunity: TimelineRecord['definition'] = {
  name: L('Opportunity', '商机'),
  labels: { stage: L('Stage', '阶段'), value: L('Value', '金额') },
  optionLabels: { stage: { lead: L('Lead', '线索'), qualified: L('Qualified', '已确认') } },
};
const customer: TimelineRecord['definition'] = { name: L('Customer', '客户'), labels: {} };

const deal = (visible: (field: string) => boolean = () => true): TimelineRecord => ({
  form: 'crm-opportunity',
  definition: opportunity,
  self: false,
  visible,
  row: {
    id: 'o1',
    title: 'Annual order',
    createdAt: '2026-12-01T09:00:00.000Z',
    createdBy: 'wang.fang',
    changeLog: [
      { field: 'stage', from: null, to: 'lead', at: '2026-12-01T09:00:00.000Z', by: 'wang.fang' },
      { field: 'value', from: '100.00', to: '150.00', at: '2026-12-02T10:00:00.000Z', by: 'wang.fang' },
      { field: 'stage', from: 'lead', to: 'qualified', at: '2026-12-03T11:00:00.000Z', by: 'zhang.min' },
    ],
  },
});
const self: TimelineRecord = {
  form: 'crm-customer',
  definition: customer,
  self: true,
  visible: () => true,
  row: { id: 'c1', title: 'Jade River', createdAt: '2026-11-20T08:00:00.000Z' },
};

describe('record timeline', () => {
  it('lists creations and changes newest first, the first value folded into the creation', () => {
    const events = timelineEvents([self, deal()]);
    expect(events.map((e) => [e.kind, e.id, e.field ?? null, e.by])).toEqual([
      ['change', 'o1', 'stage', 'zhang.min'],
      ['change', 'o1', 'value', 'wang.fang'],
      ['created', 'o1', null, 'wang.fang'],
      ['created', 'c1', null, 'system'],
    ]);
    expect(events[0]).toEqual({
      kind: 'change',
      at: '2026-12-03T11:00:00.000Z',
      by: 'zhang.min',
      form: 'crm-opportunity',
      formName: L('Opportunity', '商机'),
      id: 'o1',
      self: false,
      title: 'Annual order',
      field: 'stage',
      fieldLabel: L('Stage', '阶段'),
      from: 'lead',
      to: 'qualified',
      fromLabel: L('Lead', '线索'),
      toLabel: L('Qualified', '已确认'),
    });
    // A value without option labels is shown as it is.
    expect(events[1]).not.toHaveProperty('fromLabel');
  });

  it('leaves out changes of fields the reader may not see, and keeps to the limit', () => {
    const events = timelineEvents([self, deal((field) => field !== 'value')]);
    expect(events.filter((e) => e.field === 'value')).toEqual([]);
    expect(events).toHaveLength(3);
    expect(timelineEvents([self, deal()], 2).map((e) => e.field)).toEqual(['stage', 'value']);
  });

  it("dates a record by its form's business date, when the reader may see it", () => {
    const followUp = (visible: (field: string) => boolean, date: unknown): TimelineRecord => ({
      form: 'crm-follow-up',
      definition: { name: L('Follow-up', '跟进记录'), labels: {}, timelineDate: 'date' },
      self: false,
      visible,
      row: { id: 'f1', createdAt: '2026-12-05T08:00:00.000Z', data: { date } },
    });
    // Visited on 2 December (the day's start), written down on the 5th: below the deal's change
    // of 10:00 that day, above its creation on the 1st.
    const dated = timelineEvents([deal(), followUp(() => true, '2026-12-02')]);
    expect(dated.map((e) => [e.id, e.kind, e.date ?? null])).toEqual([
      ['o1', 'change', null],
      ['o1', 'change', null],
      ['f1', 'created', '2026-12-02'],
      ['o1', 'created', null],
    ]);
    // Hidden from the reader, or not a date: when it was stored.
    for (const record of [followUp((f) => f !== 'date', '2026-12-01'), followUp(() => true, 'soon')])
      expect(timelineEvents([record])[0]).not.toHaveProperty('date');
    // A date-time written in Beijing time is the same instant in UTC, so it sorts among creations.
    expect(timelineEvents([followUp(() => true, '2026-12-02T10:00:00+08:00')])[0]?.date).toBe(
      '2026-12-02T02:00:00.000Z',
    );
  });
});
