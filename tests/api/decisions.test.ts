// DMN decisions through the HTTP API, in both run modes: an analyst deploys a DMN file (versions,
// duplicates, names in both languages, every problem at its rule and cell), lists and evaluates decisions; business rule
// tasks run them in flows and store the result (bindings latest, versionTag and deployment — the
// last through a deployment of BPMN and DMN together); a UNIQUE table with two matching rules
// stops the flow with an incident naming the rules, and retrying after a fixed table deploys
// finishes it.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBpmn } from '../support/bpmn-builder.ts';
import { MODES, startApp, type Client, type TestApp } from '../support/app-harness.ts';
import { tableDmn, type TableSpec } from '../support/dmn-builder.ts';
import { waitFor } from '../support/wait-for.ts';

const approver = (rules: TableSpec['rules'], versionTag?: string): string =>
  tableDmn({
    id: 'api-approver',
    name: 'Approver by amount',
    ...(versionTag ? { versionTag } : {}),
    inputs: [
      { expression: 'amount', typeRef: 'number', label: 'Amount' },
      { expression: 'category', label: 'Category' },
    ],
    outputs: [{ name: 'level', label: 'Level' }],
    rules,
  });

const V1 = approver(
  [
    { id: 'small', in: ['< 1000', '-'], out: ['"manager"'] },
    { id: 'large', in: ['>= 1000', '-'], out: ['"director"'] },
    { id: 'travel', in: ['>= 800', '"travel"'], out: ['"director"'] },
  ],
  'v1',
);
const V2 = approver(
  [
    { id: 'small', in: ['< 5000', '-'], out: ['"manager"'] },
    { id: 'large', in: ['>= 5000', '-'], out: ['"ceo"'] },
  ],
  'v2',
);

/** start → business rule task (the given calledDecision) → end. */
const decide = (id: string, called: string): string =>
  buildBpmn({
    id,
    name: `Decide ${id}`,
    nodes: [
      { id: 'start', type: 'startEvent', at: [0, 0] },
      { id: 'decide', type: 'raw', tag: 'businessRuleTask', name: 'Who approves', at: [1, 0], ext: called },
      { id: 'end', type: 'endEvent', at: [2, 0] },
    ],
    flows: [
      { id: 'f1', from: 'start', to: 'decide' },
      { id: 'f2', from: 'decide', to: 'end' },
    ],
  });

describe.each(MODES)('decisions API (%s)', (mode) => {
  let t: TestApp;
  let analyst: Client;
  let admin: Client;

  beforeAll(async () => {
    t = await startApp(mode, {
      platform: { workers: true, sweepEveryMs: 0, scan: false, flowRetryBackoffMs: 20 },
    });
    await t.app.ready();
    analyst = await t.client('analyst');
    admin = await t.client('admin');
  });
  afterAll(() => t.close());

  const run = async (processId: string, variables: Record<string, unknown>) => {
    const started = await analyst.post('/api/instances', { processId, variables });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const id = started.body.id;
    await waitFor(
      async () => {
        const i = (await analyst.get(`/api/instances/${id}`)).body;
        return i.status !== 'active' || i.incidents.length > 0;
      },
      20_000,
      `instance ${id} to settle`,
    );
    return (await analyst.get(`/api/instances/${id}`)).body;
  };

  it('deploys a DMN file as versions of its decisions; the same file again changes nothing', async () => {
    const first = await analyst.request({
      method: 'POST',
      url: '/api/decisions',
      payload: V1,
      headers: { 'content-type': 'application/xml' },
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({
      drgId: 'api-approver-drg',
      version: 1,
      duplicate: false,
      decisions: [
        {
          key: 'api-approver@1',
          decisionId: 'api-approver',
          version: 1,
          versionTag: 'v1',
          kind: 'table',
          hitPolicy: 'UNIQUE',
        },
      ],
    });
    const again = await analyst.post('/api/decisions', { xml: V1 });
    expect([again.status, again.body.duplicate, again.body.version]).toEqual([200, true, 1]);
    const second = await analyst.post('/api/decisions', { xml: V2 });
    expect([second.status, second.body.decisions[0].version]).toEqual([201, 2]);

    const listed = (await analyst.get('/api/decisions')).body.items.find(
      (d: any) => d.decisionId === 'api-approver',
    );
    expect(listed).toMatchObject({
      version: 2,
      versions: 2,
      name: 'Approver by amount',
      deployedBy: expect.any(String),
    });
    expect(
      (await analyst.get('/api/decisions/api-approver/versions')).body.items.map((d: any) => d.versionTag),
    ).toEqual(['v1', 'v2']);
    const one = await analyst.get('/api/decisions/api-approver/versions/1');
    expect([one.status, one.body.xml]).toEqual([200, V1]);
    expect((await analyst.get('/api/decisions/no-such-decision')).body.error.code).toBe('DECISION_NOT_FOUND');
    expect((await t.client('employee')).get('/api/decisions').then((r) => r.status)).resolves.toBe(403);
  });

  it('keeps a decision named in both languages (forma:nameZh, as flows): the list and one decision answer both', async () => {
    // The new-decision dialog writes the Chinese name on the decision and on its file.
    const xml = tableDmn({
      id: 'api-bilingual',
      name: 'Discount by amount',
      inputs: [{ expression: 'amount', typeRef: 'number' }],
      outputs: [{ name: 'rate' }],
      rules: [{ id: 'any', in: ['-'], out: ['0'] }],
    })
      .replace(
        ' id="api-bilingual-drg"',
        ' xmlns:forma="https://forma.dev/schema/dmn/1.0" id="api-bilingual-drg" forma:nameZh="折扣规则"',
      )
      .replace('<decision id="api-bilingual"', '<decision id="api-bilingual" forma:nameZh="按金额定折扣"');
    const deployed = await analyst.post('/api/decisions', { xml });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
    expect(deployed.body).toMatchObject({
      name: 'Discount by amount',
      nameZh: '折扣规则',
      decisions: [{ name: 'Discount by amount', nameZh: '按金额定折扣', drgNameZh: '折扣规则' }],
    });
    const listed = (await analyst.get('/api/decisions')).body.items.find(
      (d: any) => d.decisionId === 'api-bilingual',
    );
    expect([listed.name, listed.nameZh]).toEqual(['Discount by amount', '按金额定折扣']);
    const one = (await analyst.get('/api/decisions/api-bilingual')).body;
    expect([one.name, one.nameZh]).toEqual(['Discount by amount', '按金额定折扣']);
    // One name only (a file from Camunda Modeler): no Chinese name is made up.
    expect(
      (await analyst.get('/api/decisions')).body.items.find((d: any) => d.decisionId === 'api-approver'),
    ).not.toHaveProperty('nameZh');
  });

  it('refuses a broken file with every problem at its rule and cell, in both languages', async () => {
    const broken = approver([
      { id: 'r1', in: ['< 1000 and', '-'], out: ['"manager"'] },
      { id: 'r2', in: ['>= 1000', '-'], out: ['"director'] },
    ]);
    const res = await analyst.post('/api/decisions', { xml: broken });
    expect([res.status, res.body.error.code]).toEqual([422, 'DECISION_DEFINITION_INVALID']);
    expect(
      res.body.error.details.map((d: any) => [d.code, d.decisionId, d.ruleId, d.rule, d.elementId]),
    ).toEqual([
      ['FEEL_SYNTAX', 'api-approver', 'r1', 1, 'r1_i0'],
      ['FEEL_SYNTAX', 'api-approver', 'r2', 2, 'r2_o0'],
    ]);
    expect(res.body.error.details[0].message).toMatch(/^api-approver, rule 1: Rule 1, input "Amount"/);
    expect(res.body.error.details[0].messageZh).toMatch(/^api-approver，规则 1：规则 1 的输入“Amount”/);
    const validated = await analyst.post('/api/decisions/validate', { xml: broken });
    expect([validated.body.ok, validated.body.problems.length]).toEqual([false, 2]);
    // Another file may not deploy a decision id this one owns.
    const thief = V1.replace('id="api-approver-drg"', 'id="other-drg"');
    const taken = await analyst.post('/api/decisions', { xml: thief });
    expect([taken.status, taken.body.error.details[0].code]).toEqual([422, 'DECISION_ID_TAKEN']);
    expect((await analyst.post('/api/decisions', { xml: '   ' })).body.error.code).toBe(
      'DECISION_XML_MISSING',
    );
  });

  it('evaluates a decision with sample variables, any version', async () => {
    const res = await analyst.post('/api/decisions/api-approver/evaluate', { variables: { amount: 7000 } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ decisionId: 'api-approver', version: 2, result: 'ceo' });
    expect(res.body.evaluated[0].matchedRules).toEqual([
      { ruleId: 'large', rule: 2, outputs: { level: 'ceo' } },
    ]);
    const v1 = await analyst.post('/api/decisions/api-approver/evaluate', {
      version: 1,
      variables: { amount: 900, category: 'travel' },
    });
    expect([v1.status, v1.body.error.code]).toEqual([422, 'DECISION_EVALUATION_FAILED']);
    expect(v1.body.error.message).toContain('2 rules match: 1 (small), 3 (travel)');
  });

  it('runs business rule tasks: latest and versionTag bindings store the result variable', async () => {
    const latest = await analyst.post('/api/flows', {
      xml: decide(
        'api_decide_latest',
        '<zeebe:calledDecision decisionId="api-approver" resultVariable="level" />',
      ),
    });
    expect(latest.status, JSON.stringify(latest.body)).toBe(201);
    const tagged = await analyst.post('/api/flows', {
      xml: decide(
        'api_decide_tagged',
        '<zeebe:calledDecision decisionId="api-approver" resultVariable="level" bindingType="versionTag" versionTag="v1" />',
      ),
    });
    expect(tagged.status, JSON.stringify(tagged.body)).toBe(201);
    expect((await run('api_decide_latest', { amount: 2000, category: 'office' })).variables.level).toBe(
      'manager',
    );
    expect((await run('api_decide_tagged', { amount: 2000, category: 'office' })).variables.level).toBe(
      'director',
    );
  });

  it('a UNIQUE table with two matching rules stops the flow with an incident naming them; retrying after the fix finishes it', async () => {
    const broken = await run('api_decide_tagged', { amount: 900, category: 'travel' });
    expect(broken.status).toBe('active');
    expect(broken.incidents).toHaveLength(1);
    expect(broken.incidents[0].message).toContain(
      'Decision api-approver has the hit policy UNIQUE, but 2 rules match: 1 (small), 3 (travel)',
    );
    // The analyst makes the rules exclusive (travel from 800 to 1,000 goes to the director) and
    // tags the table v1 again; the admin retries the incident.
    const fixed = approver(
      [
        { id: 'small', in: ['< 1000', 'not("travel")'], out: ['"manager"'] },
        { id: 'large', in: ['>= 1000', '-'], out: ['"director"'] },
        { id: 'travel', in: ['[800..1000)', '"travel"'], out: ['"director"'] },
      ],
      'v1',
    );
    expect((await analyst.post('/api/decisions', { xml: fixed })).status).toBe(201);
    const incident = broken.incidents[0];
    const retried = await admin.post(`/api/incidents/${broken.id}/${incident.id}/retry`, {});
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    await waitFor(
      async () => (await analyst.get(`/api/instances/${broken.id}`)).body.status === 'completed',
      20_000,
      'the retried instance',
    );
    expect((await analyst.get(`/api/instances/${broken.id}`)).body.variables.level).toBe('director');
  });

  it('deploys BPMN and DMN together; bindingType deployment keeps the decision of its deployment', async () => {
    const dmn = tableDmn({
      id: 'api-discount',
      inputs: [{ expression: 'customer' }],
      outputs: [{ name: 'rate', typeRef: 'number' }],
      rules: [{ in: ['-'], out: ['0.05'] }],
    });
    const bpmn = decide(
      'api_decide_deployment',
      '<zeebe:calledDecision decisionId="api-discount" resultVariable="rate" bindingType="deployment" />',
    );
    const deployed = await analyst.post('/api/deployments', {
      files: [
        { name: 'discount.bpmn', content: bpmn },
        { name: 'discount.dmn', content: dmn },
      ],
    });
    expect(deployed.status, JSON.stringify(deployed.body)).toBe(201);
    expect(deployed.body).toMatchObject({
      decisions: [{ drgId: 'api-discount-drg', version: 1, decisions: [{ key: 'api-discount@1' }] }],
      processes: [{ processId: 'api_decide_deployment', version: 1, duplicate: false }],
    });
    // A newer table deployed on its own does not change what the process deployed with it runs.
    expect((await analyst.post('/api/decisions', { xml: dmn.replace('0.05', '0.1') })).status).toBe(201);
    expect((await run('api_decide_deployment', { customer: 'x' })).variables.rate).toBe(0.05);

    // Bound to its deployment but deployed without the table: refused, nothing deployed.
    const alone = await analyst.post('/api/deployments', {
      files: [{ name: 'other.bpmn', content: bpmn.replace(/api_decide_deployment/g, 'api_decide_alone') }],
    });
    expect([alone.status, alone.body.error.code]).toEqual([422, 'DEPLOYMENT_INVALID']);
    expect(alone.body.error.details[0]).toMatchObject({
      code: 'DECISION_NOT_IN_DEPLOYMENT',
      elementId: 'decide',
    });
    expect(alone.body.error.details[0].message).toMatch(
      /^other\.bpmn decide "Who approves": The decision "api-discount"/,
    );
    expect((await analyst.get('/api/flows/api_decide_alone')).status).toBe(404);
    const wrong = await analyst.post('/api/deployments', { files: [{ name: 'notes.txt', content: 'x' }] });
    expect([wrong.status, wrong.body.error.code]).toEqual([400, 'DEPLOYMENT_FILE_KIND']);
  });

  it('refuses a business rule task without a decision or result variable at deploy', async () => {
    const res = await analyst.post('/api/flows', {
      xml: decide(
        'api_decide_broken',
        '<zeebe:calledDecision decisionId="" resultVariable="" bindingType="sometimes" />',
      ),
    });
    expect(res.status).toBe(422);
    expect(res.body.error.details.map((d: any) => [d.code, d.elementId])).toEqual([
      ['DECISION_ID_MISSING', 'decide'],
      ['RESULT_VARIABLE_MISSING', 'decide'],
      ['BINDING_TYPE_INVALID', 'decide'],
    ]);
  });
});
