import { describe, expect, it } from 'vitest';
import type { Automation } from '#schemas/generated/index.ts';
import { evaluateInput, feelData, inputSyntaxProblems } from '#engine/core/automations/feel-values.ts';
import {
  automationActor,
  cronProblem,
  runId,
  triggerKey,
  triggerKeyOf,
  triggerProblems,
  triggers,
  type RecordDomainEvent,
} from '#engine/core/automations/triggers.ts';
import { FieldIndex } from '#engine/core/forms/field-index.ts';
import { flowOutcome } from '#engine/services/automations/outcome.ts';

const auto = (trigger: Automation['trigger']): Automation => ({
  id: 'm.a',
  name: { en: 'a', 'zh-CN': 'a' },
  trigger,
  actions: [{ action: 'notify' }],
});
const rec = (kind: RecordDomainEvent['kind'], changed: string[] = [], actor = 'u1'): RecordDomainEvent => ({
  type: 'record',
  kind,
  form: 'claims',
  recordId: 'r1',
  rev: 3,
  actor,
  changed,
  status: 'active',
});

describe('automation triggers', () => {
  it('match record events by kind, form and changed field', () => {
    expect(triggers(auto({ type: 'record.created', form: 'claims' }), rec('created'))).toBe(true);
    expect(triggers(auto({ type: 'record.created', form: 'other' }), rec('created'))).toBe(false);
    expect(triggers(auto({ type: 'record.created', form: 'claims' }), rec('updated'))).toBe(false);
    expect(triggers(auto({ type: 'record.updated', form: 'claims' }), rec('status'))).toBe(true);
    const paid = auto({ type: 'field.changed', form: 'claims', field: 'paymentStatus' });
    expect(triggers(paid, rec('updated', ['/paymentStatus']))).toBe(true);
    expect(triggers(paid, rec('updated', ['/title']))).toBe(false);
    const lines = auto({ type: 'field.changed', form: 'claims', field: 'lines.amount' });
    expect(triggers(lines, rec('updated', ['/lines/3/amount']))).toBe(true);
    expect(triggers(lines, rec('updated', ['/lines/3/category']))).toBe(false);
    // An automation is not triggered by what it did itself (no endless loops).
    expect(triggers(paid, rec('updated', ['/paymentStatus'], automationActor('m.a')))).toBe(false);
  });

  it('match flow ends by process and schedules by automation', () => {
    const ended = {
      type: 'flow.ended' as const,
      instanceId: 'i1',
      processId: 'p',
      version: 1,
      status: 'completed',
    };
    expect(triggers(auto({ type: 'flow.ended', process: 'p', outcome: 'approved' }), ended)).toBe(true);
    expect(triggers(auto({ type: 'flow.ended', process: 'q' }), ended)).toBe(false);
    expect(
      triggers(auto({ type: 'schedule', cron: '0 1 * * *' }), {
        type: 'schedule',
        automationId: 'm.a',
        at: 0,
      }),
    ).toBe(true);
  });

  it('derive deterministic run ids and lookup keys', () => {
    expect(runId('m.a', rec('created'))).toBe('auto-m.a-r1-3');
    expect(
      runId('m.a', { type: 'flow.ended', instanceId: 'i1', processId: 'p', version: 1, status: 'completed' }),
    ).toBe('auto-m.a-i1-end');
    expect(runId('m:a', { type: 'schedule', automationId: 'm:a', at: 60000 })).toBe('auto-m_a-at-60000');
    expect(triggerKey(auto({ type: 'field.changed', form: 'claims', field: 'x' }))).toBe(
      triggerKeyOf(rec('updated')),
    );
  });

  it('report incomplete triggers and bad cron expressions', () => {
    expect(triggerProblems(auto({ type: 'field.changed', form: 'claims' })).map((p) => p.path)).toEqual([
      '/trigger/field',
    ]);
    expect(triggerProblems(auto({ type: 'schedule', cron: '99 * * * *' })).map((p) => p.path)).toEqual([
      '/trigger/cron',
    ]);
    expect(cronProblem('0 1 * *')).toMatch(/5 or 6 fields/);
    expect(cronProblem('*/15 * * * *')).toBeNull();
  });
});

describe('FEEL over business data', () => {
  it('shows decimal fields as numbers and leaves text alone', () => {
    const fields = new FieldIndex({
      type: 'object',
      properties: {
        number: { type: 'string' },
        total: { type: 'string', format: 'money' },
        lines: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              amount: { type: 'string', format: 'money' },
              rate: { type: 'string', format: 'percentage' },
            },
          },
        },
      },
    });
    expect(
      feelData(fields, { number: '12345678', total: '10.50', lines: [{ amount: '1.25', rate: '13' }] }),
    ).toEqual({
      number: '12345678',
      total: 10.5,
      lines: [{ amount: 1.25, rate: 13 }],
    });
  });

  it('evaluates "=expr" strings at any depth and finds their syntax errors', () => {
    const out = evaluateInput(
      { a: '=x + 1', b: ['=y', 'plain'], c: { d: '=upper case(z)' } },
      { x: 1, y: 'k', z: 'q' },
    );
    expect(out).toEqual({ a: 2, b: ['k', 'plain'], c: { d: 'Q' } });
    expect(inputSyntaxProblems({ a: { 'b/c': '=1 +' } })).toEqual([
      { path: '/a/b~1c', message: expect.any(String) },
    ]);
  });

  it('reads the outcome of an ended flow: explicit, then the approval, then the status', () => {
    expect(flowOutcome('completed', { outcome: 'posted', approval: { outcome: 'approved' } })).toBe('posted');
    expect(flowOutcome('completed', { approval: { outcome: 'rejected' } })).toBe('rejected');
    expect(flowOutcome('completed', {})).toBe('completed');
    expect(flowOutcome('cancelled', { outcome: 'posted' })).toBe('cancelled');
  });
});
