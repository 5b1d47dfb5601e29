// `npm run bench:flow`: process instances per second of the same BPMN on
//   (a) this engine, embedded mode (embedded store + in-process queue, every step persisted),
//   (b) this engine, distributed mode (MongoDB-wire server + BullMQ on Redis, from scripts/services.sh),
//   (c) the npm package bpmn-engine as the peer baseline (definitions parsed once and reused),
// completing user tasks as soon as they appear. Two shapes: an approval (start → user task →
// exclusive gateway on amount → a second user task for half of the instances → service task →
// end) and a parallel fork/join variant. The last line is one JSON object with the figures.
//
// Sizes: BENCH_EMBEDDED (default 2000), BENCH_DISTRIBUTED (1000), BENCH_PEER (300) instances per
// shape; BENCH_CONCURRENCY (64) instances in flight (BENCH_CONCURRENCY_DISTRIBUTED, 16, for the
// distributed mode). BENCH_SKIP=distributed (or embedded, peer; comma-separated) skips parts.
import { EventEmitter } from 'node:events';
import { loadavg } from 'node:os';
import { BpmnModdle } from 'bpmn-moddle';
import { Engine } from 'bpmn-engine';
import * as bpmnElements from 'bpmn-elements';
import serializer, { TypeResolver } from 'moddle-context-serializer';
import { EmbeddedStore } from '../engine/src/adapters/store/embedded/embedded-store.ts';
import { InProcessJobQueue } from '../engine/src/adapters/queue/in-process/in-process-queue.ts';
import { MongoStore } from '../engine/src/adapters/store/mongodb/mongo-store.ts';
import { BullmqJobQueue } from '../engine/src/adapters/queue/bullmq/bullmq-queue.ts';
import { systemClock } from '../engine/src/ports/clock.ts';
import type { DocumentStore } from '../engine/src/ports/document-store.ts';
import type { JobQueue } from '../engine/src/ports/job-queue.ts';
import { FlowService } from '../engine/src/services/flows/flow-service.ts';
import { defaultActions } from '../workers/src/actions/index.ts';
import { startFlowWorkers } from '../workers/src/processors/index.ts';
import { buildBpmn, zeebe } from '../tests/support/bpmn-builder.ts';
import { deleteRedisPrefix } from '../tests/support/redis-keys.ts';
import { mongodbUrl, redisUrl, uniqueNamespace } from '../tests/support/services.ts';
import { tempDir } from '../tests/support/temp-dir.ts';

const env = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const N_EMBEDDED = env('BENCH_EMBEDDED', 2000);
const N_DISTRIBUTED = env('BENCH_DISTRIBUTED', 1000);
const N_PEER = env('BENCH_PEER', 300);
const CONCURRENCY = env('BENCH_CONCURRENCY', 64);
const CONCURRENCY_DISTRIBUTED = env('BENCH_CONCURRENCY_DISTRIBUTED', 16);
const SKIP = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));

// ---- the models ---------------------------------------------------------------------------------

const approvalXml = buildBpmn({
  id: 'bench_approval',
  nodes: [
    { id: 'start', type: 'startEvent', at: [0, 0] },
    { id: 'review', type: 'userTask', name: 'Review', at: [1, 0], ext: zeebe.assignee('=requester') },
    { id: 'gw', type: 'exclusiveGateway', name: 'Amount?', at: [2, 0], default: 'fSmall' },
    { id: 'manager', type: 'userTask', name: 'Manager approval', at: [3, 1] },
    {
      id: 'post',
      type: 'serviceTask',
      name: 'Post',
      at: [4, 0],
      ext: zeebe.task('compute') + zeebe.headers({ fee: '=amount * 0.01' }),
    },
    { id: 'end', type: 'endEvent', at: [5, 0] },
  ],
  flows: [
    { id: 'f1', from: 'start', to: 'review' },
    { id: 'f2', from: 'review', to: 'gw' },
    { id: 'fBig', from: 'gw', to: 'manager', condition: '=amount > 5000' },
    { id: 'fSmall', from: 'gw', to: 'post' },
    { id: 'f3', from: 'manager', to: 'post' },
    { id: 'f4', from: 'post', to: 'end' },
  ],
});

const parallelXml = buildBpmn({
  id: 'bench_parallel',
  nodes: [
    { id: 'start', type: 'startEvent', at: [0, 0] },
    { id: 'prepare', type: 'userTask', name: 'Prepare', at: [1, 0] },
    { id: 'fork', type: 'parallelGateway', at: [2, 0] },
    { id: 'legal', type: 'userTask', name: 'Legal', at: [3, 0] },
    { id: 'finance', type: 'userTask', name: 'Finance', at: [3, 1] },
    { id: 'join', type: 'parallelGateway', at: [4, 0] },
    {
      id: 'post',
      type: 'serviceTask',
      name: 'Post',
      at: [5, 0],
      ext: zeebe.task('compute') + zeebe.headers({ fee: '=amount * 0.01' }),
    },
    { id: 'end', type: 'endEvent', at: [6, 0] },
  ],
  flows: [
    { id: 'f1', from: 'start', to: 'prepare' },
    { id: 'f2', from: 'prepare', to: 'fork' },
    { id: 'f3', from: 'fork', to: 'legal' },
    { id: 'f4', from: 'fork', to: 'finance' },
    { id: 'f5', from: 'legal', to: 'join' },
    { id: 'f6', from: 'finance', to: 'join' },
    { id: 'f7', from: 'join', to: 'post' },
    { id: 'f8', from: 'post', to: 'end' },
  ],
});

// The same two shapes for bpmn-engine (plain BPMN, JavaScript expressions, a service function).
const peerXml = (body: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?><definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" ` +
  `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="peer" targetNamespace="bench">` +
  `<process id="p" isExecutable="true">${body}</process></definitions>`;
const peerApproval = peerXml(
  `<startEvent id="start"/><sequenceFlow id="f1" sourceRef="start" targetRef="review"/>` +
    `<userTask id="review"/><sequenceFlow id="f2" sourceRef="review" targetRef="gw"/>` +
    `<exclusiveGateway id="gw" default="fSmall"/>` +
    `<sequenceFlow id="fBig" sourceRef="gw" targetRef="manager"><conditionExpression xsi:type="tFormalExpression">\${environment.variables.amount &gt; 5000}</conditionExpression></sequenceFlow>` +
    `<sequenceFlow id="fSmall" sourceRef="gw" targetRef="post"/>` +
    `<userTask id="manager"/><sequenceFlow id="f3" sourceRef="manager" targetRef="post"/>` +
    `<serviceTask id="post" implementation="\${environment.services.compute}"/>` +
    `<sequenceFlow id="f4" sourceRef="post" targetRef="end"/><endEvent id="end"/>`,
);
const peerParallel = peerXml(
  `<startEvent id="start"/><sequenceFlow id="f1" sourceRef="start" targetRef="prepare"/>` +
    `<userTask id="prepare"/><sequenceFlow id="f2" sourceRef="prepare" targetRef="fork"/>` +
    `<parallelGateway id="fork"/><sequenceFlow id="f3" sourceRef="fork" targetRef="legal"/>` +
    `<sequenceFlow id="f4" sourceRef="fork" targetRef="finance"/><userTask id="legal"/><userTask id="finance"/>` +
    `<sequenceFlow id="f5" sourceRef="legal" targetRef="join"/><sequenceFlow id="f6" sourceRef="finance" targetRef="join"/>` +
    `<parallelGateway id="join"/><sequenceFlow id="f7" sourceRef="join" targetRef="post"/>` +
    `<serviceTask id="post" implementation="\${environment.services.compute}"/>` +
    `<sequenceFlow id="f8" sourceRef="post" targetRef="end"/><endEvent id="end"/>`,
);

const amountOf = (i: number): number => (i % 2 === 0 ? 9000 : 100);

// ---- runners ------------------------------------------------------------------------------------

/**
 * CPU milliseconds this process spent inside `drive`, per runner. On a machine other work is
 * loading, wall-clock figures swing; CPU time per instance does not, so the JSON line also gives
 * the embedded/peer ratio by CPU (both run entirely in this process).
 */
const cpuMs: Record<string, number> = {};

/**
 * Commands the distributed store sent (by `command collection`), counted through the driver's
 * command monitoring: the store round trips of a shape, reset before each shape.
 */
const storeOps = new Map<string, number>();
/** Store commands per instance of each shape in the distributed mode. */
const opsPerInstance: Record<string, number> = {};
/** Store commands per second the distributed mode reached (to compare with bench:store's). */
const opsPerSecond: Record<string, number> = {};

/** Runs `total` instances with at most `concurrency` in flight; resolves with the elapsed ms. */
async function drive(
  runner: string,
  total: number,
  concurrency: number,
  runOne: (i: number) => Promise<void>,
): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, total) }, async () => {
      while (next < total) await runOne(next++);
    }),
  );
  const cpu = process.cpuUsage(c0);
  cpuMs[runner] = (cpuMs[runner] ?? 0) + (cpu.user + cpu.system) / 1000;
  return performance.now() - t0;
}

async function runOurs(
  label: string,
  store: DocumentStore,
  queue: JobQueue,
  n: number,
  concurrency: number,
  countOps = false,
): Promise<number> {
  const actions = defaultActions();
  const flows = await new FlowService({
    store,
    queue,
    clock: systemClock,
    knownActions: () => actions.names(),
  }).init();
  await startFlowWorkers(queue, flows, actions, { concurrency: 16, sweepEveryMs: 0 });
  const waiting = new Map<string, () => void>();
  let completionErrors = 0;
  // Users complete their tasks as soon as the tasks appear. `start` and `complete` are the
  // commands without the InstanceView the HTTP API builds for its replies (the peer builds none).
  flows.on('task.opened', (effect) => {
    if (effect.kind !== 'task.opened') return;
    setImmediate(() => {
      flows.complete(effect.task.id, { by: 'bench' }).catch((e: { code?: string }) => {
        if (e.code !== 'FLOW_TASK_NOT_OPEN') completionErrors++;
      });
    });
  });
  flows.on('instance.ended', (_effect, info) => {
    waiting.get(info.instanceId)?.();
    waiting.delete(info.instanceId);
  });
  let total = 0;
  let ms = 0;
  for (const [shape, xml] of [
    ['approval', approvalXml],
    ['parallel', parallelXml],
  ] as const) {
    await flows.deploy(xml);
    const processId = shape === 'approval' ? 'bench_approval' : 'bench_parallel';
    storeOps.clear();
    const elapsed = await drive(label, n, concurrency, async (i) => {
      const id = `${label}-${shape}-${i}`;
      const done = new Promise<void>((resolve) => waiting.set(id, resolve));
      await flows.start(processId, {
        instanceId: id,
        variables: { amount: amountOf(i), requester: `user${i % 50}` },
        by: `user${i % 50}`,
      });
      await done;
    });
    if (countOps) {
      const all = [...storeOps].sort((a, b) => b[1] - a[1]);
      const sum = all.reduce((t, [, c]) => t + c, 0);
      opsPerInstance[shape] = Math.round((sum / n) * 10) / 10;
      opsPerSecond[shape] = Math.round(sum / (elapsed / 1000));
      console.log(
        `${label} ${shape}: ${opsPerInstance[shape]} store commands per instance (` +
          all.map(([k, c]) => `${k} ${(c / n).toFixed(2)}`).join(', ') +
          `; ${opsPerSecond[shape]} commands/s)`,
      );
    }
    const completed = await flows.runtime.instances.count({ processId, status: 'completed' });
    if (completed !== n) throw new Error(`${label}/${shape}: ${completed} of ${n} instances completed`);
    console.log(
      `${label.padEnd(12)} ${shape.padEnd(9)} ${n} instances in ${(elapsed / 1000).toFixed(2)} s: ${Math.round((n / elapsed) * 1000)} inst/s`,
    );
    total += n;
    ms += elapsed;
  }
  if (completionErrors) throw new Error(`${completionErrors} task completions failed`);
  return (total / ms) * 1000;
}

async function runEmbedded(): Promise<number> {
  const tmp = tempDir('bench-flow');
  const store = new EmbeddedStore({ dir: tmp.dir });
  const queue = new InProcessJobQueue(store);
  try {
    return await runOurs('embedded', store, queue, N_EMBEDDED, CONCURRENCY);
  } finally {
    await queue.close();
    await store.close();
    tmp.remove();
  }
}

async function runDistributed(): Promise<number> {
  const ns = uniqueNamespace('benchflow');
  const store = await MongoStore.connect({
    url: mongodbUrl(),
    dbName: ns,
    onCommand: (command, collection) => {
      const key = `${command} ${collection}`;
      storeOps.set(key, (storeOps.get(key) ?? 0) + 1);
    },
  });
  console.log(`distributed: ${(await store.describeServer()).label}, BullMQ on ${redisUrl()}`);
  const queue = new BullmqJobQueue({ url: redisUrl(), prefix: ns });
  try {
    return await runOurs('distributed', store, queue, N_DISTRIBUTED, CONCURRENCY_DISTRIBUTED, true);
  } finally {
    // A fresh server tells its backend only once a collection exists (write-mode.ts).
    console.log(`distributed ran on ${(await store.describeServer()).label}`);
    await queue.close();
    await store.dropDatabase();
    await store.close();
    await deleteRedisPrefix(redisUrl(), ns);
  }
}

async function runPeer(): Promise<number> {
  const moddle = new BpmnModdle();
  let total = 0;
  let ms = 0;
  for (const [shape, xml] of [
    ['approval', peerApproval],
    ['parallel', peerParallel],
  ] as const) {
    const sourceContext = serializer(await moddle.fromXML(xml), TypeResolver(bpmnElements));
    const elapsed = await drive('peer', N_PEER, CONCURRENCY, async (i) => {
      const listener = new EventEmitter();
      listener.on('wait', (api: { signal: (m?: unknown) => void }) => api.signal());
      const engine = new Engine({
        name: `peer-${i}`,
        sourceContext,
        variables: { amount: amountOf(i) },
        services: {
          compute: (_ctx: unknown, next: (err: Error | null, result?: unknown) => void) =>
            next(null, { fee: amountOf(i) * 0.01 }),
        },
      });
      const ended = new Promise<void>((resolve, reject) => {
        engine.once('end', () => resolve());
        engine.once('error', reject);
      });
      await engine.execute({ listener });
      await ended;
    });
    console.log(
      `${'peer'.padEnd(12)} ${shape.padEnd(9)} ${N_PEER} instances in ${(elapsed / 1000).toFixed(2)} s: ${Math.round((N_PEER / elapsed) * 1000)} inst/s`,
    );
    total += N_PEER;
    ms += elapsed;
  }
  return (total / ms) * 1000;
}

async function main(): Promise<void> {
  console.log(
    `flow benchmark: ${N_EMBEDDED} embedded, ${N_DISTRIBUTED} distributed, ${N_PEER} peer instances per shape; ${CONCURRENCY} in flight`,
  );
  const peer = SKIP.has('peer') ? 0 : await runPeer();
  const embedded = SKIP.has('embedded') ? 0 : await runEmbedded();
  const distributed = SKIP.has('distributed') ? 0 : await runDistributed();
  const round = (x: number): number => Math.round(x * 10) / 10;
  // Instances per CPU-second of this process (2 shapes per runner).
  const perCpuSecond = (runner: string, n: number): number => (2 * n) / ((cpuMs[runner] ?? Infinity) / 1000);
  const embeddedCpu = perCpuSecond('embedded', N_EMBEDDED);
  const peerCpu = perCpuSecond('peer', N_PEER);
  console.log(
    `per CPU-second of this process: embedded ${round(embeddedCpu)}, peer ${round(peerCpu)} (${round(embeddedCpu / peerCpu)}x)`,
  );
  console.log(
    JSON.stringify({
      embedded_ips: round(embedded),
      distributed_ips: round(distributed),
      peer_ips: round(peer),
      embedded_vs_peer: round(embedded / peer),
      distributed_vs_peer: round(distributed / peer),
      embedded_vs_peer_cpu: round(embeddedCpu / peerCpu),
      distributed_store_ops_per_instance: opsPerInstance.approval ?? null,
      distributed_store_ops_per_instance_parallel: opsPerInstance.parallel ?? null,
      distributed_store_ops_per_second: opsPerSecond.approval ?? null,
      load_average: Math.round(loadavg()[0]! * 10) / 10,
    }),
  );
  process.exit(0);
}

// An instance that never ends leaves `drive` waiting on a promise nothing will settle; the event
// loop then runs dry and Node would exit with status 0 and no figures. Say so and fail instead.
process.on('beforeExit', () => {
  console.error('flow benchmark: stopped before its figures (an instance never ended)');
  process.exit(1);
});

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
