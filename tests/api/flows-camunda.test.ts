// Models people already have, deployed through the API in both run modes: a Camunda 7 file is
// converted on import with its report (and the convert endpoint is the dry run), a form embedded
// in the BPMN (zeebe:userTaskForm) and a linked Camunda form (.form file beside the model) become
// Forma forms that the task shows — what does not convert is listed, not refused — and a
// collaboration deploys each of its executable processes.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBpmn, zeebe } from '../support/bpmn-builder.ts';
import { MODES, startApp, type Client, type TestApp } from '../support/app-harness.ts';

const camunda7 = readFileSync(new URL('../core/flows/camunda7/invoice.bpmn', import.meta.url), 'utf8');

const approvalForm = {
  id: 'Invoice-Approval',
  type: 'default',
  schemaVersion: 16,
  components: [
    { type: 'text', text: '# Check the invoice' },
    { type: 'textfield', key: 'supplier', label: 'Supplier', validate: { required: true, maxLength: 80 } },
    { type: 'number', key: 'amount', label: 'Amount', validate: { min: 0 } },
    {
      type: 'radio',
      key: 'decision',
      label: 'Decision',
      values: [
        { label: 'Approve', value: 'approve' },
        { label: 'Reject', value: 'reject' },
      ],
    },
    { type: 'checkbox', key: 'urgent', label: 'Urgent' },
    { type: 'datetime', key: 'due', subtype: 'date', dateLabel: 'Due' },
    { type: 'image', id: 'logo', source: 'https://example.invalid/logo.png' },
    { type: 'button', action: 'submit', label: 'Submit' },
  ],
};

const withTaskForm = (formExt: string, extraProcessExt = '') =>
  buildBpmn({
    id: 'forms_invoice',
    nodes: [
      { id: 'start', type: 'startEvent', at: [0, 0] },
      {
        id: 'check',
        type: 'userTask',
        name: 'Check invoice',
        at: [1, 0],
        ext: zeebe.assignee('wu.hao') + formExt,
      },
      { id: 'end', type: 'endEvent', at: [2, 0] },
    ],
    flows: [
      { id: 'f1', from: 'start', to: 'check' },
      { id: 'f2', from: 'check', to: 'end' },
    ],
  }).replace(
    '<bpmn:process id="forms_invoice" isExecutable="true">',
    `<bpmn:process id="forms_invoice" isExecutable="true">${extraProcessExt}`,
  );

const embedded = withTaskForm(
  '<zeebe:formDefinition formKey="camunda-forms:bpmn:UserTaskForm_1" />',
  `<bpmn:extensionElements><zeebe:userTaskForm id="UserTaskForm_1">${JSON.stringify(approvalForm)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')}</zeebe:userTaskForm></bpmn:extensionElements>`,
);
const linked = withTaskForm('<zeebe:formDefinition formId="Invoice-Approval" />');

const collaboration = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="x">
  <bpmn:collaboration id="collab">
    <bpmn:participant id="p1" processRef="collab_shop" />
    <bpmn:participant id="p2" processRef="collab_warehouse" />
    <bpmn:participant id="p3" processRef="collab_customer" />
    <bpmn:messageFlow id="mf" sourceRef="p1" targetRef="p2" />
  </bpmn:collaboration>
  <bpmn:process id="collab_shop" isExecutable="true">
    <bpmn:startEvent id="s1" /><bpmn:task id="t1" name="Take order" /><bpmn:endEvent id="e1" />
    <bpmn:sequenceFlow id="a1" sourceRef="s1" targetRef="t1" /><bpmn:sequenceFlow id="a2" sourceRef="t1" targetRef="e1" />
  </bpmn:process>
  <bpmn:process id="collab_warehouse" isExecutable="true">
    <bpmn:startEvent id="s2" /><bpmn:manualTask id="t2" name="Pick" /><bpmn:endEvent id="e2" />
    <bpmn:sequenceFlow id="b1" sourceRef="s2" targetRef="t2" /><bpmn:sequenceFlow id="b2" sourceRef="t2" targetRef="e2" />
  </bpmn:process>
  <bpmn:process id="collab_customer" isExecutable="false" />
</bpmn:definitions>`;

describe.each(MODES)('Camunda models, forms and collaborations (%s mode)', (mode) => {
  let t: TestApp;
  let analyst: Client;
  beforeAll(async () => {
    t = await startApp(mode);
    analyst = await t.client('zhou.jie');
  }, 120_000);
  afterAll(() => t?.close());

  it('a Camunda 7 file imports converted, with its conversion report', async () => {
    // Its start form is a linked Camunda form (camunda-forms:deployment:invoice-start.form): sent beside it.
    const startForm = {
      id: 'invoice-start',
      components: [{ type: 'textfield', key: 'invoiceNumber', label: 'Invoice number' }],
    };
    const res = await analyst.post('/api/flows', { xml: camunda7, forms: [startForm] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const changed = res.body.conversion.changes.map((c: any) => [c.elementId, c.source]);
    expect(changed).toEqual(
      expect.arrayContaining([
        ['approve', 'camunda:assignee'],
        ['approve', 'camunda:candidateGroups'],
        ['approve', 'camunda:dueDate'],
        ['archive', 'camunda:class'],
        ['pay', 'camunda:topic'],
        ['notify', 'camunda:delegateExpression'],
        ['fYes', 'conditionExpression'],
      ]),
    );
    expect(res.body.conversion.unconverted.map((c: any) => [c.elementId, c.source])).toEqual(
      expect.arrayContaining([
        ['start', 'camunda:initiator'],
        ['approve', 'camunda:taskListener'],
        ['approve', 'camunda:asyncBefore'],
      ]),
    );
    const stored = (await analyst.get('/api/flows/c7_invoice')).body;
    expect(stored.xml).toContain(
      '<zeebe:assignmentDefinition assignee="=approver" candidateGroups="accounting" />',
    );
    expect(stored.xml).not.toContain('camunda:');
    expect(stored.versionTag).toBe('2.1');
    expect(stored.jobTypes.sort()).toEqual([
      'com.acme.invoice.ArchiveInvoiceService',
      'invoice-payment',
      'notifier',
    ]);
  });

  it('the convert endpoint is a dry run: converted XML, report and the problems left', async () => {
    const groovy = camunda7
      .replace('scriptFormat="feel" camunda:resultVariable="outcome"', 'scriptFormat="groovy"')
      .replace('"rejected by " + approver', "println 'rejected'")
      .replace('id="c7_invoice"', 'id="c7_dry"');
    const res = await analyst.post('/api/flows/convert', { xml: groovy });
    expect(res.status).toBe(200);
    expect(res.body.report.unconverted.map((c: any) => [c.elementId, c.source])).toContainEqual([
      'log',
      'scriptFormat="groovy"',
    ]);
    expect(res.body.problems.map((p: any) => [p.code, p.elementId])).toContainEqual([
      'SCRIPT_MISSING',
      'log',
    ]);
    expect(res.body.xml).toContain('zeebe:taskDefinition type="invoice-payment"');
    expect((await analyst.get('/api/flows/c7_dry')).status).toBe(404);
  });

  it('a form embedded in the BPMN becomes a Forma form the task shows; what did not convert is listed', async () => {
    const res = await analyst.post('/api/flows', { xml: embedded });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const [form] = res.body.forms;
    expect(form).toMatchObject({
      formId: 'forms_invoice-usertaskform_1',
      source: 'embedded',
      elementIds: ['check'],
    });
    expect(form.warnings.map((w: any) => w.component)).toEqual(expect.arrayContaining(['logo']));
    const admin = await t.client('admin');
    const def = (await admin.get(`/api/forms/${form.formId}/versions/current`)).body;
    expect(def.schema).toMatchObject({
      type: 'object',
      required: ['supplier'],
      properties: {
        supplier: { type: 'string', maxLength: 80 },
        amount: { type: 'number', minimum: 0 },
        decision: { type: 'string', enum: ['approve', 'reject'] },
        urgent: { type: 'boolean' },
        due: { type: 'string', format: 'date' },
      },
    });
    expect(def.uiSchema.decision).toEqual({ 'ui:widget': 'radio' });
    expect(def.labels.supplier).toEqual({ en: 'Supplier', 'zh-CN': 'Supplier' });
    const started = await admin.post('/api/instances', { processId: 'forms_invoice' });
    expect(started.body.openTasks[0].formId).toBe('forms_invoice-usertaskform_1');
  });

  it('a linked Camunda form deploys beside its model (a .form file); without it the model is refused', async () => {
    const without = await analyst.post('/api/flows', { xml: linked });
    expect(without.status).toBe(422);
    expect(without.body.error.details.map((d: any) => d.code)).toEqual(['FORM_UNKNOWN']);
    const res = await analyst.post('/api/flows', { xml: linked, forms: [JSON.stringify(approvalForm)] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.forms.map((f: any) => [f.formId, f.source])).toEqual([['invoice-approval', 'file']]);
    const admin = await t.client('admin');
    expect((await admin.get('/api/forms/invoice-approval')).status).toBe(200);
    const bad = await analyst.post('/api/flows', { xml: linked, forms: ['{not json'] });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'FLOW_FORM_FILE_INVALID']);
  });

  it('a collaboration deploys each executable process; untyped and manual tasks pass through', async () => {
    const res = await analyst.post('/api/flows', { xml: collaboration });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.deployed.map((d: any) => d.processId)).toEqual(['collab_shop', 'collab_warehouse']);
    const admin = await t.client('admin');
    for (const processId of ['collab_shop', 'collab_warehouse']) {
      const started = await admin.post('/api/instances', { processId });
      expect(started.body.status).toBe('completed');
    }
    expect((await analyst.get('/api/flows/collab_customer')).status).toBe(404);
  });
});
