// Camunda 7 → Camunda 8 on import (pure): JUEL expressions become FEEL where their shape allows
// and are reported otherwise; a model's Camunda 7 attributes become zeebe extensions (the API test
// tests/api/flows-camunda.test.ts deploys the converted model).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileBpmn } from '#engine/core/flows/compile.ts';
import { convertCamunda7 } from '#engine/core/flows/convert/camunda7.ts';
import { juelToFeel } from '#engine/core/flows/convert/juel.ts';

describe('JUEL to FEEL', () => {
  it.each([
    ['${approver}', '=approver'],
    ['${order.total > 1000 && !rush}', '=order.total > 1000 and not(rush)'],
    ["${status == 'open' || status eq 'new'}", '=status = "open" or status = "new"'],
    ['#{amount ge 10 and amount le 20}', '=amount >= 10 and amount <= 20'],
    ['${not (a || b)}', '=not(a or b)'],
  ])('%s → %s', (juel, feel) => {
    expect(juelToFeel(juel)).toEqual({ ok: true, feel });
  });

  it.each([
    ['${execution.getVariable("x")}', 'engine object'],
    ['${bean.check(order)}', 'calls a method'],
    ['${empty list}', 'empty'],
  ])('reports %s', (juel, reason) => {
    const r = juelToFeel(juel);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toContain(reason);
  });
});

describe('Camunda 7 models', () => {
  it('convert to a model the engine compiles, reporting every change and what was dropped', async () => {
    const xml = readFileSync(new URL('./camunda7/invoice.bpmn', import.meta.url), 'utf8');
    const { xml: converted, report } = await convertCamunda7(xml);
    expect(report.camunda7).toBe(true);
    expect(report.changes.map((c) => c.source)).toContain('camunda:assignee');
    expect(report.unconverted.map((c) => c.source)).toEqual(
      expect.arrayContaining(['camunda:initiator', 'camunda:taskListener', 'camunda:historyTimeToLive']),
    );
    const compiled = await compileBpmn(converted, { externalJobs: true, knownActions: new Set() });
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems));
    expect(compiled.model.elements.approve).toMatchObject({
      assignment: { assignee: '=approver', candidateGroups: 'accounting' },
      dueDate: '=dueDate',
      io: {
        inputs: [{ source: '=amount', target: 'invoiceAmount' }],
        outputs: [{ source: '=approved', target: 'decision' }],
      },
    });
    expect(compiled.model.elements.log).toMatchObject({ type: 'scriptTask', resultVariable: 'outcome' });
    expect(compiled.model.flows.fYes!.condition).toBe('=decision and amount <= 10000');
    // A Camunda 8 file is left alone.
    const c8 = '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" />';
    expect(await convertCamunda7(c8)).toEqual({
      xml: c8,
      report: { camunda7: false, changes: [], unconverted: [] },
    });
  });
});
