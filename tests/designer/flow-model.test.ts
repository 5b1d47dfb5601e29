// The flow modeler's model (designer/src/flow-modeler/model/): what the approval panel writes onto
// a user task is BPMN the engine compiles into the intended assignment, multi-instance and
// approval headers; gateway conditions built from rows are FEEL the engine evaluates as meant; and
// the simulation routes sample requests through a real module's flow the way the engine would.
/* eslint-disable @typescript-eslint/no-explicit-any -- moddle elements and compiled models are read freely */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BpmnModdle } from 'bpmn-moddle';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import { describe, expect, it } from 'vitest';
import { compileBpmn } from '#engine/core/flows/compile.ts';
import { evaluateCondition } from '#engine/core/feel/feel.ts';
import {
  dueDateExpression,
  fromAssignment,
  parseDueDate,
  toAssignment,
  type ApproverConfig,
} from '#designer/flow-modeler/model/approvers.ts';
import { fromFeel, toFeel, type ConditionModel } from '#designer/flow-modeler/model/conditions.ts';
import { graphOf, simulate } from '#designer/flow-modeler/model/simulate.ts';
import { buildBpmn } from '../support/bpmn-builder.ts';
import { newDiagramXml, processIdFrom, suggestProcessId } from '#designer/flow-modeler/model/template.ts';
import {
  readAssignment,
  readCondition,
  readDueDate,
  readFormId,
  readHeaders,
  writeApprover,
  writeCondition,
  writeDueDate,
  writeFormId,
  writeHeaders,
  type ModdleEditor,
} from '#designer/flow-modeler/model/zeebe-edit.ts';

const TEXTS_EN = {
  submitted: 'Submitted',
  approval: 'Manager approval',
  approved: 'Approved',
  rejected: 'Rejected',
  decision: 'Approved?',
  yes: 'Yes',
  no: 'No',
};
const TEXTS = {
  en: TEXTS_EN,
  'zh-CN': { ...TEXTS_EN, submitted: '提交申请', approval: '上级审批', yes: '是', no: '否' },
};

// (its type declaration in the engine names only what the engine uses)
const moddle = new BpmnModdle({ zeebe }) as any;
const editor: ModdleEditor = {
  create: (type, attrs) => moddle.create(type, attrs),
  set: (target, props) => {
    for (const [k, v] of Object.entries(props)) {
      if (v === undefined) delete target[k];
      else target[k] = v;
    }
  },
};

async function parse(xml: string): Promise<any> {
  const { rootElement, warnings } = await moddle.fromXML(xml, 'bpmn:Definitions');
  expect(warnings).toEqual([]);
  return rootElement;
}

const elementOf = (defs: any, id: string): any => {
  const find = (container: any): any => {
    for (const el of container.flowElements ?? []) {
      if (el.id === id) return el;
      const inner = el.flowElements ? find(el) : undefined;
      if (inner) return inner;
    }
    return undefined;
  };
  return find(defs.rootElements.find((r: any) => r.$type === 'bpmn:Process'));
};

const CONFIGS: ApproverConfig[] = [
  { type: 'manager', mode: 'all' },
  { type: 'deptHead', mode: 'all' },
  { type: 'managers', levels: 3, mode: 'sequential' },
  { type: 'managers', levels: 2, mode: 'all' },
  { type: 'role', role: 'finance', mode: 'any' },
  { type: 'role', role: 'finance', mode: 'vote', votePercent: 60 },
  { type: 'users', users: ['wu.hao'], mode: 'all' },
  { type: 'users', users: ['wu.hao', 'zhao.qiang'], mode: 'any' },
  { type: 'users', users: ['wu.hao', 'zhao.qiang'], mode: 'all' },
  { type: 'feel', mode: 'all', feel: { assignee: '=settings.approver' } },
];

describe('flow modeler model', () => {
  it('the new-flow template deploys as it is', async () => {
    const xml = newDiagramXml('finance-travel', 'Travel request', TEXTS);
    const result = await compileBpmn(xml);
    expect(result.ok).toBe(true);
    expect(processIdFrom('finance', { en: 'Travel request!', 'zh-CN': '差旅' })).toBe(
      'finance-travel-request',
    );
    expect(processIdFrom('', '出差')).toBe('flow');
  });

  it('names the new flow and its first steps in both languages, as the engine reads them', async () => {
    const xml = newDiagramXml('finance-travel', { en: 'Travel request', 'zh-CN': '差旅申请' }, TEXTS);
    const model = ((await compileBpmn(xml)) as any).model;
    expect([model.name, model.nameZh]).toEqual(['Travel request', '差旅申请']);
    expect(model.elements.approvalStep).toMatchObject({ name: 'Manager approval', nameZh: '上级审批' });
    expect(model.elements.submitted).toMatchObject({ name: 'Submitted', nameZh: '提交申请' });
    // The same text in both languages is written once.
    expect(model.elements.approved.nameZh).toBeUndefined();
    expect(xml).toContain('id="isRejected" name="No" forma:nameZh="否"');
    // No Chinese name handed over (storage disabled): the one name, nothing else.
    const plain = ((await compileBpmn(newDiagramXml('p', 'P', TEXTS))) as any).model;
    expect([plain.name, plain.nameZh]).toEqual(['P', undefined]);
  });

  it('suggests an id that no flow has: a Chinese name no longer gives the bare module', () => {
    const taken = new Set(['hr', 'hr-flow', 'hr-leave-request']);
    expect(suggestProcessId('hr', '请假审批', taken)).toBe('hr-flow-2');
    expect(suggestProcessId('hr', '请假审批', new Set())).toBe('hr-flow');
    expect(suggestProcessId('hr', 'Leave request', taken)).toBe('hr-leave-request-2');
    expect(suggestProcessId('hr', 'Overtime', taken)).toBe('hr-overtime');
  });

  it.each(CONFIGS)('approvers $type/$mode read back as written', (config) => {
    expect(fromAssignment(toAssignment(config))).toEqual(config);
  });

  it('writes approvers onto a task that the engine compiles as intended', async () => {
    const expectations: Record<string, (el: any) => void> = {
      manager: (el) => {
        expect(el.assignment).toEqual({ assignee: '=manager(requester)' });
        expect(el.multiInstance).toBeUndefined();
      },
      managers: (el) => {
        expect(el.assignment).toEqual({ assignee: '=approver' });
        expect(el.multiInstance).toMatchObject({
          sequential: true,
          inputCollection: '=managers(requester, 3)',
          inputElement: 'approver',
        });
        expect(el.headers).toEqual({ approvalMode: 'all', keep: 'me' });
      },
      role: (el) => {
        expect(el.multiInstance).toMatchObject({ sequential: false, inputCollection: '=role("finance")' });
        expect(el.headers).toEqual({ approvalMode: 'vote', approvalThreshold: '60%', keep: 'me' });
      },
      users: (el) => {
        expect(el.assignment).toEqual({ candidateUsers: 'wu.hao,zhao.qiang' });
        expect(el.multiInstance).toBeUndefined();
        expect(el.headers).toEqual({ keep: 'me' });
      },
    };
    const sequence: ApproverConfig[] = [
      { type: 'managers', levels: 3, mode: 'sequential' },
      { type: 'role', role: 'finance', mode: 'vote', votePercent: 60 },
      { type: 'users', users: ['wu.hao', 'zhao.qiang'], mode: 'any' },
      { type: 'manager', mode: 'all' },
    ];
    // One task rewritten again and again (as the analyst changes their mind), keeping other headers.
    const defs = await parse(newDiagramXml('p', 'P', TEXTS));
    const task = elementOf(defs, 'approvalStep');
    writeHeaders(task, { keep: 'me' }, editor);
    for (const config of sequence) {
      writeApprover(task, config, editor);
      expect(fromAssignment(readAssignment(task))).toEqual(config);
      const { xml } = await moddle.toXML(defs);
      const compiled = await compileBpmn(xml);
      expect(compiled.ok, JSON.stringify((compiled as any).problems)).toBe(true);
      const el = (compiled as any).model.elements.approvalStep;
      expectations[config.type]!(el);
      if (config.type === 'manager') expect(el.headers).toEqual({ keep: 'me' });
    }
    expect(readHeaders(task)).toEqual({ keep: 'me' });
  });

  it('writes forms, due dates and conditions', async () => {
    const defs = await parse(newDiagramXml('p', 'P', TEXTS));
    writeFormId(elementOf(defs, 'submitted'), 'finance-travel', editor);
    writeFormId(elementOf(defs, 'approvalStep'), 'finance-travel', editor);
    writeDueDate(elementOf(defs, 'approvalStep'), dueDateExpression({ amount: 2, unit: 'days' }), editor);
    const flow = elementOf(defs, 'isRejected');
    writeCondition(flow, '=approval.outcome = "rejected" or amount > 5000', editor);
    const { xml } = await moddle.toXML(defs);
    expect(xml).toContain('<zeebe:formDefinition formId="finance-travel" />');
    expect(xml).toContain('<zeebe:taskSchedule dueDate="=now() + duration(&#34;P2D&#34;)" />');
    const compiled = (await compileBpmn(xml)) as any;
    expect(compiled.ok).toBe(true);
    expect(compiled.model.elements.submitted.formId).toBe('finance-travel');
    expect(compiled.model.elements.approvalStep.dueDate).toBe('=now() + duration("P2D")');
    expect(compiled.model.flows.isRejected.condition).toBe('=approval.outcome = "rejected" or amount > 5000');
    const again = await parse(xml);
    expect(readFormId(elementOf(again, 'submitted'))).toBe('finance-travel');
    expect(parseDueDate(readDueDate(elementOf(again, 'approvalStep')))).toEqual({ amount: 2, unit: 'days' });
    expect(readCondition(elementOf(again, 'isRejected'))).toContain('amount > 5000');
    writeFormId(elementOf(again, 'submitted'), '', editor);
    writeFormId(elementOf(again, 'approvalStep'), '', editor);
    writeDueDate(elementOf(again, 'approvalStep'), '', editor);
    writeCondition(elementOf(again, 'isRejected'), '', editor);
    const { xml: cleared } = await moddle.toXML(again);
    expect(cleared).not.toContain('formDefinition');
    expect(cleared).not.toContain('taskSchedule');
    expect(cleared).not.toContain('conditionExpression');
  });

  it('builds gateway conditions the engine evaluates as meant, and reads them back', () => {
    const types = {
      amount: 'number',
      category: 'string',
      urgent: 'boolean',
      due: 'date',
      'approval.outcome': 'string',
    } as const;
    const typeOf = (f: string) => types[f as keyof typeof types] ?? 'string';
    const cases: [ConditionModel, string, Record<string, unknown>, boolean][] = [
      [
        { join: 'and', clauses: [{ field: 'amount', op: '>', value: '5000' }] },
        '=amount > 5000',
        { amount: 5000.01 },
        true,
      ],
      [
        { join: 'and', clauses: [{ field: 'amount', op: '>', value: '5000' }] },
        '=amount > 5000',
        { amount: 5000 },
        false,
      ],
      [
        {
          join: 'and',
          clauses: [
            { field: 'category', op: '=', value: 'travel "abroad"' },
            { field: 'urgent', op: 'true' },
          ],
        },
        '=category = "travel \\"abroad\\"" and urgent = true',
        { category: 'travel "abroad"', urgent: true },
        true,
      ],
      [
        {
          join: 'or',
          clauses: [
            { field: 'approval.outcome', op: '=', value: 'rejected' },
            { field: 'amount', op: 'empty' },
          ],
        },
        '=approval.outcome = "rejected" or amount = null',
        { approval: { outcome: 'approved' } },
        true,
      ],
      [
        { join: 'and', clauses: [{ field: 'due', op: '<', value: '2026-06-01' }] },
        '=date(due) < date("2026-06-01")',
        { due: '2026-05-31' },
        true,
      ],
      [{ join: 'and', clauses: [{ field: 'amount', op: 'filled' }] }, '=amount != null', {}, false],
    ];
    for (const [model, feel, vars, expected] of cases) {
      expect(toFeel(model, typeOf)).toBe(feel);
      expect(evaluateCondition(feel, vars), feel).toBe(expected);
      expect(fromFeel(feel)).toEqual(model);
    }
    // Half-filled rows are left out; FEEL the builder did not write stays raw.
    expect(toFeel({ join: 'and', clauses: [{ field: 'amount', op: '>', value: '' }] }, typeOf)).toBe('');
    expect(fromFeel('=amount > 5000 and x < 1 or y = 2')).toBeNull();
    expect(fromFeel('=sum(lines.amount) > 100')).toBeNull();
    expect(fromFeel('')).toEqual({ join: 'and', clauses: [] });
  });

  it('simulates the finance module’s expense flow like the engine routes it', async () => {
    const xml = readFileSync(
      join(import.meta.dirname, '../../modules/finance/flows/expense-approval.bpmn'),
      'utf8',
    );
    const graph = graphOf(await parse(xml));
    // Who approves after the manager is a decision table's result (the business rule task
    // `route`); the simulation passes it by and follows the approvals, finance reviewing last.
    const base = { settings: { deptHeadThreshold: 5000 }, overBudget: false, total: 8000 };
    const approved = simulate(graph, base);
    expect(approved.visited).toEqual([
      'start',
      'checkBudget',
      'route',
      'manager',
      'managerOk',
      'levels',
      'levelsOk',
      'finance',
      'financeOk',
      'markApproved',
      'approved',
    ]);
    expect(approved.approvals.map((a) => a.element)).toEqual(['manager', 'levels', 'finance']);
    expect(approved.decisions.find((d) => d.gateway === 'levelsOk')).toMatchObject({
      taken: ['levelsYes'],
      usedDefault: true,
    });
    expect(approved.variables.outcome).toBe('approved');

    const rejected = simulate(graph, base, { manager: 'rejected' });
    expect(rejected.visited).not.toContain('levels');
    expect(rejected.ends).toEqual(['rejected']);
    expect(rejected.variables.outcome).toBe('rejected');

    const rejectedLater = simulate(graph, base, { levels: 'rejected' });
    expect(rejectedLater.decisions.find((d) => d.gateway === 'levelsOk')?.taken).toEqual(['levelsNo']);
    expect(rejectedLater.ends).toEqual(['rejected']);

    // A condition over a variable the sample lacks is null, not true: the default flow is taken.
    const budgetFlow = graphOf(
      await parse(
        buildBpmn({
          id: 'budget_check',
          nodes: [
            { id: 'start', type: 'startEvent', at: [0, 0] },
            { id: 'budget', type: 'exclusiveGateway', at: [1, 0], default: 'within' },
            { id: 'extra', type: 'userTask', at: [2, 0] },
            { id: 'end', type: 'endEvent', at: [3, 0] },
          ],
          flows: [
            { id: 'f1', from: 'start', to: 'budget' },
            { id: 'over', from: 'budget', to: 'extra', condition: '=overBudget = true' },
            { id: 'within', from: 'budget', to: 'end' },
            { id: 'f2', from: 'extra', to: 'end' },
          ],
        }),
      ),
    );
    expect(simulate(budgetFlow, { total: 100 }).decisions[0]).toMatchObject({
      taken: ['within'],
      usedDefault: true,
    });
  });
});
