// Deploy-time validation and compilation: the supported element set and nothing else, every
// problem at once (element id, name, English and Chinese), and a plain-JSON model.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileBpmn } from '#engine/core/flows/compile.ts';
import { buildBpmn, zeebe, type NodeSpec } from '#tests/support/bpmn-builder.ts';

const wrap = (
  nodes: NodeSpec[],
  flows: Array<{ id: string; from: string; to: string; condition?: string }>,
  extraRoots?: string,
) => buildBpmn({ id: 'p', nodes, flows, ...(extraRoots ? { extraRoots } : {}) });

async function problems(xml: string, lookups = {}) {
  const r = await compileBpmn(xml, lookups);
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.problems;
}

describe('BPMN compile and validate', () => {
  it('compiles a Camunda Modeler file to a plain-JSON model', async () => {
    const r = await compileBpmn(
      readFileSync(new URL('./conformance/order-fulfilment.bpmn', import.meta.url), 'utf8'),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(JSON.parse(JSON.stringify(r.model))).toEqual(r.model);
    expect(r.model.elements.charge).toMatchObject({
      type: 'serviceTask',
      parent: 'fulfil',
      boundaries: ['declinedErr'],
    });
    expect(r.model.elements.fulfil).toMatchObject({ type: 'subProcess', startEvent: 'sStart' });
    expect(r.model.elements.declinedErr).toMatchObject({
      type: 'errorBoundaryEvent',
      errorCode: 'CARD_DECLINED',
    });
  });

  it('reports every problem at once, naming each element, in English and Chinese', async () => {
    const xml = wrap(
      [
        { id: 'start', type: 'startEvent', at: [0, 0] },
        { id: 'call', type: 'raw', tag: 'complexGateway', name: 'Call billing', at: [1, 0] },
        { id: 'manual', type: 'raw', tag: 'callActivity', name: 'Stamp by hand', at: [2, 0] },
        { id: 'svc', type: 'serviceTask', name: 'Pay', at: [3, 0], ext: zeebe.task('bank.pay', 0) },
        { id: 'ask', type: 'userTask', name: 'Ask', at: [4, 0], ext: '<zeebe:executionListeners />' },
        { id: 'gw', type: 'exclusiveGateway', name: 'Check', at: [5, 0], default: 'fA' },
        { id: 'end', type: 'endEvent', at: [6, 0] },
        { id: 'end2', type: 'endEvent', at: [6, 1] },
        { id: 'orphan', type: 'userTask', name: 'Orphan', at: [7, 0] },
      ],
      [
        { id: 'f1', from: 'start', to: 'call' },
        { id: 'f2', from: 'call', to: 'manual' },
        { id: 'f3', from: 'manual', to: 'svc', condition: '=x' },
        { id: 'f4', from: 'svc', to: 'ask' },
        { id: 'f5', from: 'ask', to: 'gw' },
        { id: 'fA', from: 'gw', to: 'end', condition: '=a > 1' },
        { id: 'fB', from: 'gw', to: 'end2', condition: '=a <' },
      ],
    );
    const list = await problems(xml, { knownActions: new Set(['compute']) });
    const byCode = list.map((p) => [p.code, p.elementId]);
    expect(byCode).toEqual(
      expect.arrayContaining([
        ['UNSUPPORTED_ELEMENT', 'call'],
        ['CALLED_ELEMENT_MISSING', 'manual'],
        ['SERVICE_TYPE_UNKNOWN', 'svc'],
        ['RETRIES_INVALID', 'svc'],
        ['UNSUPPORTED_EXTENSION', 'ask'],
        ['DEFAULT_FLOW_INVALID', 'gw'],
        ['FEEL_SYNTAX', 'fB'],
        ['NO_INCOMING', 'orphan'],
        ['NO_OUTGOING', 'orphan'],
      ]),
    );
    const call = list.find((p) => p.elementId === 'call')!;
    expect(call).toMatchObject({
      elementName: 'Call billing',
      message: expect.stringContaining('complex gateway'),
    });
    expect(call.messageZh).toContain('复杂网关');
    expect(list.find((p) => p.code === 'SERVICE_TYPE_UNKNOWN')!.message).toContain('bank.pay');
    for (const p of list) {
      expect(p.message).not.toBe('');
      expect(p.messageZh).not.toBe('');
    }
  });

  it('reads input and output mappings on every element that has them in Camunda', async () => {
    const io = (id: string, inputs = true, outputs = true) =>
      zeebe.io(inputs ? [['=1', `${id}In`]] : [], outputs ? [['=2', `${id}Out`]] : []);
    const chain: NodeSpec[] = [
      { id: 'start', type: 'startEvent', at: [0, 0], ext: io('start', false) },
      { id: 'ut', type: 'userTask', at: [1, 0], ext: zeebe.assignee('=requester') + io('ut') },
      { id: 'st', type: 'serviceTask', at: [2, 0], ext: zeebe.task('credit-check') + io('st') },
      { id: 'sc', type: 'scriptTask', at: [3, 0], ext: zeebe.script('=1 + 1', 'two') + io('sc') },
      {
        id: 'br',
        type: 'raw',
        tag: 'businessRuleTask',
        at: [4, 0],
        ext: '<zeebe:calledDecision decisionId="route" resultVariable="route" />' + io('br'),
      },
      { id: 'rt', type: 'raw', tag: 'receiveTask', at: [5, 0], attrs: ' messageRef="Msg_r"', ext: io('rt') },
      { id: 'ca', type: 'raw', tag: 'callActivity', at: [6, 0], ext: zeebe.called('child') + io('ca') },
      { id: 'tk', type: 'raw', tag: 'task', at: [7, 0], ext: io('tk') },
      { id: 'th', type: 'raw', tag: 'intermediateThrowEvent', at: [8, 0], ext: io('th') },
      {
        id: 'tc',
        type: 'timerCatch',
        at: [9, 0],
        body: zeebe.timer('timeDuration', 'PT1H'),
        ext: io('tc', false),
      },
      {
        id: 'mc',
        type: 'raw',
        tag: 'intermediateCatchEvent',
        at: [10, 0],
        body: zeebe.message('Msg_r'),
        ext: io('mc', false),
      },
      {
        id: 'sp',
        type: 'subProcess',
        at: [11, 0],
        ext: io('sp'),
        children: {
          nodes: [
            { id: 'spStart', type: 'startEvent', at: [0, 0] },
            { id: 'spEnd', type: 'endEvent', at: [1, 0] },
          ],
          flows: [{ id: 'sf1', from: 'spStart', to: 'spEnd' }],
        },
      },
      { id: 'end', type: 'endEvent', at: [12, 0], ext: io('end', true, false) },
    ];
    const flows = chain.slice(1).map((n, i) => ({ id: `f${i}`, from: chain[i]!.id, to: n.id }));
    const r = await compileBpmn(wrap(chain, flows, zeebe.messageRoot('Msg_r', 'ready', '=orderId')), {
      externalJobs: true,
    });
    expect(r.ok, JSON.stringify(!r.ok && r.problems)).toBe(true);
    if (!r.ok) return;
    const mapped = Object.fromEntries(
      chain.map((n) => {
        const got = (
          r.model.elements[n.id] as {
            io?: { inputs: Array<{ target: string }>; outputs: Array<{ target: string }> };
          }
        ).io;
        return [n.id, [...(got?.inputs ?? []), ...(got?.outputs ?? [])].map((m) => m.target)];
      }),
    );
    expect(mapped).toEqual({
      start: ['startOut'],
      ut: ['utIn', 'utOut'],
      st: ['stIn', 'stOut'],
      sc: ['scIn', 'scOut'],
      br: ['brIn', 'brOut'],
      rt: ['rtIn', 'rtOut'],
      ca: ['caIn', 'caOut'],
      tk: ['tkIn', 'tkOut'],
      th: ['thIn', 'thOut'],
      tc: ['tcOut'],
      mc: ['mcOut'],
      sp: ['spIn', 'spOut'],
      end: ['endIn'],
    });
  });

  it('rejects unsupported events, loops, boundary misuse and bad timers', async () => {
    const xml = wrap(
      [
        { id: 'start', type: 'startEvent', at: [0, 0] },
        {
          id: 'msg',
          type: 'timerCatch',
          name: 'Wait message',
          at: [1, 0],
          body: '<bpmn:messageEventDefinition id="md" />',
        },
        {
          id: 'wait',
          type: 'timerCatch',
          name: 'Wait',
          at: [2, 0],
          body: zeebe.timer('timeDuration', 'one hour'),
        },
        {
          id: 'loop',
          type: 'userTask',
          name: 'Loop',
          at: [3, 0],
          body: '<bpmn:standardLoopCharacteristics />',
        },
        {
          id: 'mi',
          type: 'userTask',
          name: 'MI',
          at: [4, 0],
          body: '<bpmn:multiInstanceLoopCharacteristics />',
        },
        {
          id: 'err',
          type: 'errorBoundary',
          name: 'Oops',
          at: [3, 0],
          attachedTo: 'loop',
          body: zeebe.error(),
        },
        {
          id: 'cycle',
          type: 'timerBoundary',
          name: 'Every hour',
          at: [4, 0],
          attachedTo: 'mi',
          body: zeebe.timer('timeCycle', 'R/PT1H'),
        },
        { id: 'end', type: 'endEvent', at: [5, 0] },
        { id: 'end2', type: 'endEvent', at: [4, 1] },
        { id: 'end3', type: 'endEvent', at: [5, 1] },
      ],
      [
        { id: 'f1', from: 'start', to: 'msg' },
        { id: 'f2', from: 'msg', to: 'wait' },
        { id: 'f3', from: 'wait', to: 'loop' },
        { id: 'f4', from: 'loop', to: 'mi' },
        { id: 'f5', from: 'mi', to: 'end' },
        { id: 'f6', from: 'err', to: 'end2' },
        { id: 'f7', from: 'cycle', to: 'end3' },
      ],
    );
    const byCode = (await problems(xml)).map((p) => [p.code, p.elementId]);
    expect(byCode).toEqual(
      expect.arrayContaining([
        ['MESSAGE_MISSING', 'msg'],
        ['TIMER_INVALID', 'wait'],
        ['UNSUPPORTED_LOOP', 'loop'],
        ['MI_INPUT_COLLECTION_MISSING', 'mi'],
        ['ERROR_BOUNDARY_TARGET', 'err'],
        ['TIMER_CYCLE_INTERRUPTING', 'cycle'],
      ]),
    );
  });

  it('rejects Camunda 7 attributes, foreign extensions and structural mistakes', async () => {
    const xml = wrap(
      [
        { id: 'start', type: 'startEvent', at: [0, 0] },
        { id: 'start2', type: 'startEvent', at: [0, 1] },
        { id: 'task', type: 'userTask', name: 'Task', at: [1, 0], attrs: 'camunda:assignee="bob"' },
        { id: 'end', type: 'endEvent', at: [2, 0] },
      ],
      [
        { id: 'f1', from: 'start', to: 'task' },
        { id: 'f2', from: 'start2', to: 'task' },
        { id: 'f3', from: 'task', to: 'end', condition: '=true' },
      ],
    ).replace('xmlns:zeebe=', 'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:zeebe=');
    const byCode = (await problems(xml)).map((p) => [p.code, p.elementId ?? null]);
    expect(byCode).toEqual(
      expect.arrayContaining([
        ['START_EVENT_COUNT', null],
        ['CAMUNDA7_ATTRIBUTE', 'task'],
        ['CONDITION_NOT_ALLOWED', 'f3'],
      ]),
    );
  });

  it('reports broken XML, a missing process and several executable processes', async () => {
    expect((await problems('<definitions'))[0]!.code).toBe('XML_INVALID');
    expect((await problems(''))[0]!.code).toBe('XML_INVALID');
    const two = wrap([{ id: 'start', type: 'startEvent', at: [0, 0] }], []).replace(
      '</bpmn:process>',
      '</bpmn:process><bpmn:process id="q" isExecutable="true" />',
    );
    // Several executable processes are compiled each (a collaboration); the empty one is reported.
    expect((await problems(two)).map((p) => [p.code, p.elementId ?? null])).toContainEqual([
      'START_EVENT_COUNT',
      null,
    ]);
    const none =
      '<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="x" />';
    expect((await problems(none)).map((p) => p.code)).toEqual(['NO_PROCESS']);
  });

  it('checks forms and actions through injected lookups', async () => {
    const xml = wrap(
      [
        { id: 'start', type: 'startEvent', at: [0, 0] },
        { id: 'ask', type: 'userTask', name: 'Ask', at: [1, 0], ext: zeebe.form('known-form') },
        { id: 'svc', type: 'serviceTask', name: 'Compute', at: [2, 0], ext: zeebe.task('compute') },
        { id: 'end', type: 'endEvent', at: [3, 0] },
      ],
      [
        { id: 'f1', from: 'start', to: 'ask' },
        { id: 'f2', from: 'ask', to: 'svc' },
        { id: 'f3', from: 'svc', to: 'end' },
      ],
    );
    const ok = await compileBpmn(xml, {
      knownActions: new Set(['compute']),
      isKnownForm: (id) => id === 'known-form',
    });
    expect(ok.ok).toBe(true);
    const bad = await problems(xml, { knownActions: new Set(['other']), isKnownForm: () => false });
    expect(bad.map((p) => [p.code, p.elementId])).toEqual([
      ['FORM_UNKNOWN', 'ask'],
      ['SERVICE_TYPE_UNKNOWN', 'svc'],
    ]);
  });
});
