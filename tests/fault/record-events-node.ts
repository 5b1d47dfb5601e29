// The platform process of the record-event fault drill: it creates FAULT_RECORDS tickets one by one
// (ids r-0 … : a restarted process skips those it made before) and then imports FAULT_IMPORT_ROWS
// more in one commit (import id `drill-import`), every ticket triggering the desk module's
// automation. With KILL_AT_ENQUEUE=k it SIGKILLs itself at its k-th automation-run enqueue: after
// the write of the record whose event it is, before the job exists — the gap the record outbox
// closes. Embedded (ROLE=platform): the whole platform, which also runs the automations and exits
// 0 once every ticket's run is done. Distributed (ROLE=api): the API's part only (no processors;
// a worker process runs them); it exits 0 once every ticket is written.
import { writeSync } from 'node:fs';
import { configFromEnv } from '#engine/config.ts';
import { SYSTEM } from '#engine/core/actor.ts';
import { seedDemo } from '#engine/services/identity/demo.ts';
import { systemActor } from '#engine/services/modules/system-actor.ts';
import { composePlatform } from '#platform/compose.ts';
import { settingsFromEnv } from '#platform/settings.ts';

const N = Number(process.env.FAULT_RECORDS ?? 300);
const M = Number(process.env.FAULT_IMPORT_ROWS ?? 200);
const killAt = Number(process.env.KILL_AT_ENQUEUE ?? 0);
const role = process.env.ROLE ?? 'platform';
const started = Date.now();
// Synchronous: a line said before a kill is seen. Each with the milliseconds since the start.
const say = (line: string) => writeSync(1, `${line} (${Date.now() - started} ms)\n`);

const platform = await composePlatform({
  config: configFromEnv(),
  settings: settingsFromEnv(),
  modulesDir: process.env.MODULES_DIR!,
  workers: role === 'platform',
});
const { services } = platform;
say('composed');
await services.modules.scanned();
if (!(await services.modules.get('desk')).installed)
  await services.modules.install('desk', SYSTEM, { enable: true });
await seedDemo(services.identity, { password: 'drill-password-2026' });
say('ready');

let enqueues = 0;
const enqueue = services.queue.enqueue.bind(services.queue);
services.queue.enqueue = async (queue, payload, options) => {
  if (queue === 'automation-run' && ++enqueues === killAt) {
    say(`killing at enqueue ${enqueues}: ${(payload as { event: { recordId: string } }).event.recordId}`);
    process.kill(process.pid, 'SIGKILL');
    await new Promise(() => undefined);
  }
  return enqueue(queue, payload, options);
};

const actor = systemActor('record:desk-ticket', 'create', 'zheng.xin');
for (let i = 0; i < N; i++) {
  try {
    await services.records.create(
      actor,
      'desk-ticket',
      { subject: `Ticket ${i}`, n: i },
      { id: `r-${String(i).padStart(5, '0')}` },
    );
    say(`created ${i}`);
  } catch (e) {
    if ((e as { code?: string }).code !== 'RECORD_EXISTS') throw e;
  }
}
const csv = ['subject,n', ...Array.from({ length: M }, (_, i) => `Imported ${i},${N + i}`)].join('\n');
try {
  await services.importer.run(
    actor,
    'desk-ticket',
    { fileName: 'drill.csv', content: Buffer.from(csv) },
    { mode: 'commit', id: 'drill-import' },
  );
  say('imported');
} catch (e) {
  if ((e as { code?: string }).code !== 'IMPORT_EXISTS') throw e;
}
if (role === 'platform') {
  // The sweeper (FLOW_SWEEP_MS) delivers what a kill left in the outboxes; wait for every run —
  // and give up when nothing moves for 30 s (a lost event never comes: say so, exit 3).
  let last = -1;
  let since = Date.now();
  for (;;) {
    const done = await services.automations.runs.count({ automation: 'desk-welcome', status: 'succeeded' });
    say(`runs ${done}/${N + M}`);
    if (done >= N + M) break;
    if (done !== last) [last, since] = [done, Date.now()];
    else if (Date.now() - since > 30_000) {
      say(`stuck at ${done}/${N + M} runs`);
      process.exit(3);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
await platform.close();
say('closed');
process.exit(0);
