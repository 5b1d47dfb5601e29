// The platform process of the record-set fault drill. It loads FAULT_SET_RECORDS open tickets once
// (an import that opts out of automations: a bulk load), starts the day's run of the desk module's
// record-set automation (desk-sweep: a reminder to every open ticket's owner, in batches) and, as
// the whole embedded platform (ROLE=platform), waits until the run is done, saying how many
// reminders went out so far; the drill SIGKILLs it on the way and starts it again. As the API of
// the distributed mode (ROLE=api) it loads, starts the run and exits: a worker process runs it.
import { writeSync } from 'node:fs';
import { configFromEnv } from '#engine/config.ts';
import { SYSTEM } from '#engine/core/actor.ts';
import { seedDemo } from '#engine/services/identity/demo.ts';
import { systemActor } from '#engine/services/modules/system-actor.ts';
import { composePlatform } from '#platform/compose.ts';
import { settingsFromEnv } from '#platform/settings.ts';

const N = Number(process.env.FAULT_SET_RECORDS ?? 10_000);
const role = process.env.ROLE ?? 'platform';
const started = Date.now();
const say = (line: string) => writeSync(1, `${line} (${Date.now() - started} ms)\n`);

const platform = await composePlatform({
  config: configFromEnv(),
  settings: settingsFromEnv(),
  modulesDir: process.env.MODULES_DIR!,
  workers: role === 'platform',
});
const { services } = platform;
await services.modules.scanned();
if (!(await services.modules.get('desk')).installed)
  await services.modules.install('desk', SYSTEM, { enable: true });
await seedDemo(services.identity, { password: 'drill-password-2026' });

const actor = systemActor('record:desk-ticket', 'create', 'zheng.xin');
const csv = ['subject,n', ...Array.from({ length: N }, (_, i) => `Ticket ${i},${i}`)].join('\n');
try {
  const report = await services.importer.run(
    actor,
    'desk-ticket',
    { fileName: 'tickets.csv', content: Buffer.from(csv) },
    { mode: 'commit', id: 'drill-load', automations: false },
  );
  say(`loaded ${report.imported}`);
} catch (e) {
  if ((e as { code?: string }).code !== 'IMPORT_EXISTS') throw e;
}
const run = await services.automations.runNow('desk-sweep');
say(`run ${run.id} ${run.status}`);
if (role === 'platform') {
  const reminders = services.notifications.collection;
  for (;;) {
    const current = await services.automations.runs.get(run.id);
    say(`reminders ${await reminders.count({ kind: 'desk.reminder' })}`);
    if (current?.status !== 'running') {
      say(`run ${current?.status}`);
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
await platform.close();
process.exit(0);
