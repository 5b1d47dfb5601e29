// The Camunda 8 conformance corpus (tests/fixtures/camunda/, sources and licences in its README):
// public models made in Camunda Modeler, deployed unchanged in both run modes and run to their end
// by a test worker — jobs activated and completed (or answered with a BPMN error) through the job
// service, user tasks completed, messages published for the subscriptions that wait, the clock
// moved to the timers. Each run states the end events it reaches and the variables it ends with;
// signals broadcast; the files a Camunda engine refuses too (broken on purpose) are listed with the
// problems deploy reports. The corpus's DMN files (called by
// none of its models) deploy and decide as their tables read. The last test counts them.
/* eslint-disable @typescript-eslint/no-explicit-any -- replies are JSON that tests read freely */
import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Variables } from '#engine/core/flows/events.ts';
import { ManualClock } from '#engine/ports/clock.ts';
import { MODES, startApp, type TestApp } from '../support/app-harness.ts';
import { runToEnd, type RunScript } from '../support/corpus-driver.ts';

interface Scenario extends RunScript {
  file: string;
  processId: string;
  /** What the scenario shows, when the file name does not say it. */
  about?: string;
  ends: string[];
  variables?: Variables;
  /** Elements the path must pass. */
  passes?: string[];
  /** The model loops by design: still active after `maxSteps`. */
  loops?: boolean;
}

const SDK = 'camunda-8-js-sdk';
const GET_STARTED = 'camunda-platform-get-started';
const plain = (file: string, processId: string, end: string): Scenario => ({
  file: `${SDK}/${file}`,
  processId,
  ends: [end],
});

const SCENARIOS: Scenario[] = [
  plain('Client-SkipFirstTask.bpmn', 'SkipFirstTask', 'Event_1xxli2d'),
  plain('Client-Update-Job-Timeout.bpmn', 'update-job-timeout-process', 'Event_1hdghel'),
  plain('Delete-Resource-Rest.bpmn', 'delete-me-rest', 'Event_1jyt422'),
  plain('DeleteResource.bpmn', 'delete-me', 'Event_1wzv4ji'),
  plain('MigrateProcess-Rest-Version-1.bpmn', 'migrant-work-rest', 'Event_0zwmdqk'),
  plain('MigrateProcess-Rest-Version-2.bpmn', 'migrant-work-rest', 'Event_0zwmdqk'),
  plain('MigrateProcess-Version-1.bpmn', 'migrant-work', 'Event_0zwmdqk'),
  plain('MigrateProcess-Version-2.bpmn', 'migrant-work', 'Event_0zwmdqk'),
  plain('Operate-StraightThrough.bpmn', 'operate-straightthrough', 'Event_1h6ie86'),
  plain('OperateMultitenancy.bpmn', 'operate-mt', 'Event_1wzv4ji'),
  plain('SearchProcessInstances.bpmn', 'search-process-instances-test', 'Event_1lmtl4z'),
  plain('StreamJobs.bpmn', 'stream-jobs', 'Event_1kkcbv7'),
  plain('Worker-Failure-Retries.bpmn', 'worker-failure-retries', 'EndEvent_16r84dr'),
  plain('create-process-rest.bpmn', 'create-process-rest', 'Event_1j84ets'),
  plain('disconnection.bpmn', 'disconnection', 'EndEvent_0yjt14z'),
  plain('generic-test.bpmn', 'generic-test', 'EndEvent_0k5hvvb'),
  plain('hello-world-10c.bpmn', 'hello-world-10c', 'EndEvent_16r84dr'),
  plain('hello-world-complete-10c.bpmn', 'hello-world-complete-10c', 'EndEvent_16r84dr'),
  plain('hello-world-complete-rest.bpmn', 'hello-world-complete-rest', 'EndEvent_16r84dr'),
  plain('hello-world-complete-wi.bpmn', 'hello-world-complete-wi', 'EndEvent_16r84dr'),
  plain('hello-world-complete.bpmn', 'hello-world-complete', 'EndEvent_16r84dr'),
  plain('hello-world-fv.bpmn', 'hello-world-fv', 'EndEvent_16r84dr'),
  plain('hello-world-wi.bpmn', 'hello-world-wi', 'EndEvent_16r84dr'),
  plain('hello-world.bpmn', 'hello-world', 'EndEvent_16r84dr'),
  plain('job-complete-error-test-wi.bpmn', 'job-complete-error-test-wi', 'Event_14s7zgm'),
  plain('job-complete-error-test.bpmn', 'job-complete-error-test', 'Event_14s7zgm'),
  plain('modify-process-instance-rest.bpmn', 'modify-process-instance-test', 'Event_1e1pro2'),
  plain('multi-tenant-stream-worker-test.bpmn', 'multi-tenant-stream-worker-test', 'Event_1hylnf3'),
  plain('multi-tenant-worker-test.bpmn', 'multi-tenant-worker-test', 'Event_1hylnf3'),
  plain('query-subscription-test-1.bpmn', 'query-subscription-test-1', 'Event_1s5a8k6'),
  plain('query-subscription-test.bpmn', 'query-subscription-test', 'Event_1s5a8k6'),
  plain('rest-get-variable.bpmn', 'test-getVariable', 'Event_07htauo'),
  plain('rest-query-variables.bpmn', 'test-queryVariables', 'Event_07htauo'),
  plain('rest-search-element-instances-test.bpmn', 'search-element-instances-test', 'Event_0ndyjwx'),
  plain('searchIncidentsTest.bpmn', 'search-incidents-test-process', 'Event_1cjfuyl'),
  plain('test-job-process.bpmn', 'Process_0f7cr6y', 'Event_04lnsc1'),
  plain('update-job-test.bpmn', 'UpdateJobTestProcess', 'EndEvent_1'),
  plain('await-outcome.bpmn', 'await-outcome', 'EndEvent_0icsew0'),
  plain('await-outcome-long.bpmn', 'await-outcome-long', 'EndEvent_0icsew0'),
  {
    file: `${SDK}/BpmnParser2.bpmn`,
    processId: 'emit-frame-process',
    about: 'a file with two processes, each started by its message; parallel ends',
    startMessage: 'MSG-EMIT_FRAME',
    ends: ['EndEvent_1d327ip', 'EndEvent_1tvtelu'],
  },
  {
    file: `${SDK}/BpmnParser2.bpmn`,
    processId: 'msg-start-process',
    startMessage: 'MSG-START_JOB',
    ends: ['EndEvent_115574o'],
  },
  {
    file: `${SDK}/Client-MessageStart.bpmn`,
    processId: 'Process_1tbhm8x',
    about: 'started by its message',
    startMessage: 'MSG-START_JOB',
    variables: { testKey: 'start-1' },
    ends: ['Event_0un3wc8'],
  },
  ...(['', '-2'] as const).map((n): Scenario => ({
    file: `${SDK}/Client-ThrowError${n}.bpmn`,
    processId: `throw-bpmn-error${n}`,
    about: 'a job answers with a BPMN error, caught by the sub-process’s boundary event',
    jobs: {
      [`throw-bpmn-error-task${n}`]: { error: 'BUSINESS_ERROR', variables: { something: 'someValue' } },
    },
    ends: ['EndEvent_0cwovsu'],
    passes: ['IntermediateThrowEvent_0zfx5n9', 'Task_1h8n9x5'],
    variables: { something: 'someValue' },
  })),
  ...(['Client-DeployWorkflow.bpmn', 'test.bpmn'] as const).flatMap((file): Scenario[] => [
    {
      file: `${SDK}/${file}`,
      processId: 'test-process',
      about: 'an event-based gateway: the message comes first',
      variables: { uniqueId: `u-${file}` },
      messages: { Message_In: { arrived: true } },
      ends: ['EndEvent_1mns3uj'],
      passes: ['IntermediateCatchEvent_169ouyw', 'ServiceTask_1ng04rq'],
    },
    {
      file: `${SDK}/${file}`,
      processId: 'test-process',
      about: 'an event-based gateway: the timer comes first',
      variables: { uniqueId: `t-${file}` },
      noMessages: true,
      ends: ['EndEvent_1mns3uj'],
      passes: ['IntermediateCatchEvent_04zcf15', 'ServiceTask_1rszkg1'],
    },
  ]),
  ...(
    [
      ['conditional-pathway.bpmn', 'condition-test', ''],
      ['conditional-pathway-10c.bpmn', 'condition-test-10c', ''],
      ['conditional-pathway-wi.bpmn', 'condition-test-wi', ''],
      ['Worker-Failure1.bpmn', 'worker-failure', ''],
      ['Worker-Failure-Backoff.bpmn', 'worker-failure-backoff', ''],
      ['Worker-RaiseIncident.bpmn', 'raise-incident', ''],
    ] as const
  ).flatMap(([file, processId]): Scenario[] => [
    {
      file: `${SDK}/${file}`,
      processId,
      about: 'the gateway follows conditionVariable = true',
      variables: { conditionVariable: true },
      ends: ['EndEvent_1g2ztlo'],
      passes: ['ServiceTask_18goo5h'],
    },
    {
      file: `${SDK}/${file}`,
      processId,
      about: 'the gateway follows conditionVariable = false',
      variables: { conditionVariable: false },
      ends: ['EndEvent_1g2ztlo'],
      passes: ['ServiceTask_15isvh5'],
    },
  ]),
  ...(
    [
      ['Worker-Failure2.bpmn', 'worker-failure2'],
      ['Worker-Failure3.bpmn', 'worker-failure3'],
      ['Worker-LongPoll.bpmn', 'long-poll'],
    ] as const
  ).map(([file, processId]): Scenario => ({
    file: `${SDK}/${file}`,
    processId,
    about: 'a job, then a message catch event keyed by a variable',
    variables: { none: `key-${processId}` },
    messages: { '*': { train: 'arrived' } },
    ends: [],
    passes: ['IntermediateCatchEvent_1smhq9d'],
  })),
  {
    file: `${SDK}/message-correlation-test.bpmn`,
    processId: 'message-correlation-test',
    variables: { orderId: 'order-7' },
    messages: { MESSAGE_CORRELATION_TEST_CATCH: { paid: 12.5 } },
    ends: [],
    passes: ['Event_11031ys'],
  },
  {
    file: `${SDK}/rest-message-test.bpmn`,
    processId: 'rest-message-test',
    variables: { correlationId: 'corr-1' },
    messages: { 'rest-message': { delivered: true } },
    ends: [],
    passes: ['Event_02hfae1'],
  },
  ...(
    [
      ['TasklistTestProcess.bpmn', 'TasklistTestProcess'],
      ['completeUserTask-rest-test-process.bpmn', 'completeUserTask-rest-test-process'],
      ['test-tasks-query.bpmn', 'test-tasks-query'],
      ['zeebe-user-task.bpmn', 'zeebe-user-task-test'],
    ] as const
  ).map(([file, processId]): Scenario => ({
    file: `${SDK}/${file}`,
    processId,
    about: 'unassigned user tasks (the flow’s fallback assigns them to an administrator)',
    tasks: { '*': { reviewed: true } },
    ends: [],
    variables: { reviewed: true },
  })),
  {
    file: `${GET_STARTED}/send-email.bpmn`,
    processId: 'send-email',
    about: 'a user task with a linked Camunda form, then an email job',
    tasks: { enterMessageTask: { message_content: 'Hello' } },
    ends: ['EndEvent'],
    variables: { message_content: 'Hello' },
  },
  {
    file: `${SDK}/Signal.bpmn`,
    processId: 'Signal',
    about: 'started by its signal, then a job',
    startSignal: 'test-signal',
    variables: { success: true },
    ends: ['Event_0jluwfy'],
    passes: ['Activity_0iq5pp7'],
  },
  {
    file: `${SDK}/Red-Tenant-Process.bpmn`,
    processId: 'red-tenant',
    about: 'waits for a signal, broadcast to it',
    messages: { 'red-tenant-signal': { colour: 'red' } },
    ends: ['Event_04ql45u'],
    passes: ['Event_0mvf9yu'],
    variables: { colour: 'red' },
  },
  {
    file: `${SDK}/connector_test.bpmn`,
    processId: 'connectortest1',
    about: 'loops forever by design (connector, timer, connector, timer …)',
    ends: [],
    loops: true,
    maxSteps: 12,
    passes: ['Activity_0jj9fxa', 'Event_1r6zoyb', 'Activity_1cqj8wv', 'Event_1uxzv8m'],
  },
];

/** Files deploy refuses, with the problems it reports (as a Camunda engine would, or not yet supported). */
const REFUSED: Record<string, { codes: string[]; why: string }> = {
  [`${SDK}/Client-BrokenBpmn.bpmn`]: {
    codes: ['SERVICE_TYPE_MISSING'],
    why: 'broken on purpose (a task without a job type)',
  },
  [`${SDK}/modeller7File.bpmn`]: { codes: ['XML_INVALID'], why: 'a truncated file' },
  [`${SDK}/BpmnParser.bpmn`]: {
    codes: ['XML_UNPARSABLE_CONTENT'],
    why: 'stray text inside extension elements',
  },
};

/** The corpus's decision tables: [variables, the result the table gives, the rules that match]. */
const DECISIONS: Array<{ file: string; decisionId: string; cases: Array<[Variables, unknown, number[]]> }> = [
  {
    file: `${SDK}/decision.dmn`,
    decisionId: 'Decision_13dmfgp',
    cases: [
      [{ season: 'Fall' }, 'Potato fries', [1]],
      [{ season: 'Summer' }, 'Light Salad and Kombucha', [4]],
      [{ season: 'Monsoon' }, null, []],
    ],
  },
  {
    // FIRST: a summer party of 20 matches "Summer, > 0" and "any season, > 8"; the first one wins.
    file: `${SDK}/dish-decision.dmn`,
    decisionId: 'dish-decision',
    cases: [
      [{ season: 'Fall', guestCount: 8 }, 'Spareribs', [1]],
      [{ season: 'Spring', guestCount: 6 }, 'Steak', [4]],
      [{ season: 'Summer', guestCount: 20 }, 'Light Salad and a nice Steak', [5]],
      [{ season: 'Winter', guestCount: 12 }, 'Stew', [6]],
    ],
  },
  {
    file: `${SDK}/quarantine-duration.dmn`,
    decisionId: 'Decision_Quarantine',
    cases: [
      [{ employment_category: 'critical infrastructure', age: 25 }, 'P5D', [1]],
      [{ employment_category: 'non-critical infrastructure', age: 30 }, 'P7D', [2]],
      [{ employment_category: 'critical infrastructure', age: 45 }, 'P10D', [3]],
    ],
  },
  {
    file: `${SDK}/test-drd.dmn`,
    decisionId: 'test-decision',
    cases: [
      [{ name: 'camunda' }, 'valid', [1]],
      [{ name: 'zeebe' }, null, []],
    ],
  },
];

const fixtures = new URL('../fixtures/camunda/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, fixtures), 'utf8');
const formsOf = (dir: string) =>
  readdirSync(new URL(`${dir}/`, fixtures))
    .filter((f) => f.endsWith('.form'))
    .map((f) => read(`${dir}/${f}`));
const ALL_BPMN = [SDK, GET_STARTED].flatMap((dir) =>
  readdirSync(new URL(`${dir}/`, fixtures))
    .filter((f) => f.endsWith('.bpmn'))
    .map((f) => `${dir}/${f}`),
);
const ALL_DMN = [SDK, GET_STARTED].flatMap((dir) =>
  readdirSync(new URL(`${dir}/`, fixtures))
    .filter((f) => f.endsWith('.dmn'))
    .map((f) => `${dir}/${f}`),
);

describe.each(MODES)('Camunda conformance corpus (%s mode)', (mode) => {
  let t: TestApp;
  const clock = new ManualClock(Date.parse('2026-03-02T09:00:00Z'));
  const deployed = new Set<string>();
  const ran = new Set<string>();
  const looping = new Set<string>();
  const decided = new Set<string>();
  beforeAll(async () => {
    t = await startApp(mode, { platform: { clock, sweepEveryMs: 0 } });
  }, 120_000);
  afterAll(() => t?.close());

  async function deploy(file: string): Promise<void> {
    if (deployed.has(file)) return;
    const { flows, approvals } = t.platform.services;
    const result = await flows.deploy(read(file), { forms: formsOf(file.split('/')[0]!) });
    // Camunda's unassigned tasks wait in a task list; here the flow's fallback gives them to an admin.
    for (const d of result.deployed)
      await approvals.settings.set(d.processId, { noAssigneeFallback: { type: 'assign' } });
    deployed.add(file);
  }

  it.each(SCENARIOS.map((s) => [`${s.file} ${s.processId}${s.about ? ` — ${s.about}` : ''}`, s] as const))(
    '%s',
    async (_name, scenario) => {
      await deploy(scenario.file);
      const result = await runToEnd(t.platform.services, clock, scenario.processId, scenario);
      expect(result.incidents).toEqual([]);
      if (scenario.loops) {
        expect(result.status).toBe('active');
        expect(result.path.filter((e) => e === scenario.passes![0]).length).toBeGreaterThan(2);
      } else {
        expect(result.status).toBe('completed');
        if (scenario.ends.length) expect(result.ends.sort()).toEqual([...scenario.ends].sort());
        else expect(result.ends.length).toBeGreaterThan(0);
      }
      for (const id of scenario.passes ?? []) expect(result.path).toContain(id);
      if (scenario.variables && !scenario.loops)
        expect(result.variables).toEqual(expect.objectContaining(scenario.variables));
      ran.add(scenario.file);
      if (scenario.loops) looping.add(scenario.file);
    },
    // A looping model sweeps timers a dozen times; on a busy machine that outlasts the default.
    90_000,
  );

  it.each(Object.entries(REFUSED))('%s is refused at deploy with its problems', async (file, expected) => {
    const error = (await t.platform.services.flows.deploy(read(file)).catch((e: unknown) => e)) as any;
    expect(error.code).toBe('FLOW_DEFINITION_INVALID');
    expect([...new Set(error.details.map((d: any) => d.code))].sort()).toEqual([...expected.codes].sort());
  });

  it.each(DECISIONS.map((d) => [d.file, d] as const))(
    '%s deploys and decides as its table reads',
    async (_file, { file, decisionId, cases }) => {
      const { decisions } = t.platform.services;
      const deployed = await decisions.deploy(read(file));
      expect(deployed.decisions.map((d) => d.decisionId)).toEqual([decisionId]);
      for (const [variables, result, rules] of cases) {
        const outcome = await decisions.evaluate(decisionId, variables);
        expect(outcome.result, JSON.stringify(variables)).toEqual(result);
        expect(outcome.evaluated.at(-1)!.matchedRules.map((r) => r.rule)).toEqual(rules);
      }
      decided.add(file);
    },
  );

  it('runs the corpus: every file either runs to its end or is refused with its reason', () => {
    const missing = ALL_BPMN.filter((f) => !ran.has(f) && !REFUSED[f]);
    expect(missing).toEqual([]);
    expect(ALL_DMN.filter((f) => !decided.has(f))).toEqual([]);
    console.log(
      `Camunda corpus (${mode}): ${ran.size} of ${ALL_BPMN.length} BPMN files run (${ran.size - looping.size} to their end, ${looping.size} looping by design) in ${SCENARIOS.length} scenarios; ` +
        `${Object.keys(REFUSED).length} refused (${Object.values(REFUSED)
          .map((r) => r.why)
          .join('; ')}); ${decided.size} of ${ALL_DMN.length} DMN files decide as their tables read`,
    );
  });
});
