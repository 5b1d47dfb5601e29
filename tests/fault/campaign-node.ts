// The platform process of the embedded campaign drill (campaign-worker-kill.test.ts): the whole
// embedded platform with its workers. The first time it installs the CRM, loads
// FAULT_CAMPAIGN_CUSTOMERS customers (written as the record service writes new records, a thousand
// to a store call; every hundredth opted out) and schedules a campaign to their segment a second
// ahead; every time, it says how many deliveries are claimed and sent so far until the campaign is sent, then exits.
// The drill SIGKILLs it on the way and starts it again.
import { writeSync } from 'node:fs';
import { configFromEnv } from '#engine/config.ts';
import { SYSTEM } from '#engine/core/actor.ts';
import { seedDemo } from '#engine/services/identity/demo.ts';
import { systemActor } from '#engine/services/modules/system-actor.ts';

import { composePlatform } from '#platform/compose.ts';
import { settingsFromEnv } from '#platform/settings.ts';
import { DRILL_REGION, drillCampaign, loadDrillCustomers } from './campaign-customers.ts';

const N = Number(process.env.FAULT_CAMPAIGN_CUSTOMERS ?? 10_000);
const started = Date.now();
const say = (line: string) => writeSync(1, `${line} (${Date.now() - started} ms)\n`);

const platform = await composePlatform({
  config: configFromEnv(),
  settings: settingsFromEnv(),
  modulesDir: process.env.MODULES_DIR!,
  workers: true,
});
const { services } = platform;
const { records } = services;
await services.modules.scanned();
for (const id of ['cn-calendar', 'crm'])
  if (!(await services.modules.get(id)).installed)
    await services.modules.install(id, SYSTEM, { enable: true });
await seedDemo(services.identity, { password: 'drill-password-2026' });

const campaigns = records.collection('crm-campaign');
if ((await campaigns.count({})) === 0) {
  if ((await records.collection('crm-customer').count({ 'data.region': DRILL_REGION })) === 0)
    await loadDrillCustomers(records, N);
  say(`loaded ${N}`);
  const manager = systemActor('record:crm-segment', 'create', 'zhang.min');
  const segment = await records.create(manager, 'crm-segment', { name: 'Drill', region: DRILL_REGION });
  await records.create(
    systemActor('record:crm-campaign', 'create', 'zhang.min'),
    'crm-campaign',
    drillCampaign(segment.id),
  );
  say('campaign scheduled');
}
const deliveries = platform.adapters.store.collection('mailing_deliveries');
for (;;) {
  say(`claimed ${await deliveries.count({})} sent ${await deliveries.count({ status: 'sent' })}`);
  const [campaign] = (await campaigns.find({})).items;
  if ((campaign?.data as { state?: string } | undefined)?.state === 'sent') break;
  await new Promise((r) => setTimeout(r, 100));
}
say('campaign sent');
await platform.close();
process.exit(0);
