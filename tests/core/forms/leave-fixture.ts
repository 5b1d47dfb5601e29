// A leave request: a date-range field (`dateRange`), its calendar days and working days computed
// without the employee typing them, and a cross-field rule (the return date after the leave).
import type { FormDefinition } from '#schemas/generated/index.ts';

const L = (en: string, zh: string) => ({ en, 'zh-CN': zh });
const date = { type: 'string', format: 'date' };

export function leaveRequest(overrides: Partial<FormDefinition> = {}): FormDefinition {
  return {
    id: 'leave-request',
    module: 'hr',
    name: L('Leave request', '请假申请'),
    schema: {
      type: 'object',
      properties: {
        title: { type: 'string', minLength: 1 },
        period: {
          type: 'object',
          dateRange: true,
          properties: { start: date, end: date },
          required: ['start', 'end'],
          additionalProperties: false,
        },
        days: { type: 'integer' },
        workingDays: { type: 'integer' },
        backOn: date,
      },
      required: ['title', 'period'],
      additionalProperties: false,
    },
    labels: {
      title: L('Title', '标题'),
      period: L('Leave', '请假时间'),
      'period.start': L('First day', '开始日期'),
      'period.end': L('Last day', '结束日期'),
      days: L('Days', '天数'),
      workingDays: L('Working days', '工作日天数'),
      backOn: L('Back at work on', '返岗日期'),
    },
    titleField: 'title',
    computed: [
      { field: 'days', expression: '(date(period.end) - date(period.start)).days + 1' },
      { field: 'workingDays', expression: 'working days(period.start, period.end)' },
    ],
    checks: [
      {
        field: 'backOn',
        condition: 'backOn > period.end',
        message: L('Back at work must be after the last day of leave', '返岗日期必须晚于请假结束日期'),
      },
    ],
    ...overrides,
  };
}
