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
import { buildNewRecord, validateData } from '#engine/services/records/record-new.ts';
import { composePlatform } from '#platform/compose.ts';
import { settingsFromEnv } from '#platform/settings.ts';

const N = Number(process.env.FAULT_CAMPAIGN_CUSTOMERS ?? 10_000);
const DRILL_REGION = 'Drill region';
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
  const form = await records.forms.current('crm-customer');
  await records.ensureIndexes(form);
  const now = new Date().toISOString();
  const customers = records.collection('crm-customer');
  if ((await customers.count({ 'data.region': DRILL_REGION })) === 0)
    for (let from = 0; from < N; from += 1000) {
      const docs = [];
      for (let i = from; i < Math.min(N, from + 1000); i++) {
        const n = String(i).padStart(5, '0');
        const { data, errors } = validateData(form, {
          name: `Drill customer ${n}`,
          kind: 'company',
          region: DRILL_REGION,
          email: `c${n}@example.cn`,
          phone: `1390${n.padStart(7, '0')}`,
          optOut: i % 100 === 0,
          language: i % 2 ? 'en' : 'zh-CN',
        });
        if (errors.length) throw new Error(JSON.stringify(errors));
        docs.push(buildNewRecord(records.codec, form, data, { by: 'wang.fang', owner: 'wang.fang', now }));
      }
      await customers.insertMany(docs);
    }
  say(`loaded ${N}`);
  const manager = systemActor('record:crm-segment', 'create', 'zhang.min');
  const segment = await records.create(manager, 'crm-segment', { name: 'Drill', region: DRILL_REGION });
  await records.create(systemActor('record:crm-campaign', 'create', 'zhang.min'), 'crm-campaign', {
    name: 'Drill offer',
    segment: segment.id,
    channel: 'email',
    subjectEn: 'An offer for {{name}}',
    subjectZh: '{{name}}，会员优惠',
    textEn: 'Dear {{name}}, 10% off this week.',
    textZh: '尊敬的{{name}}：本周九折。',
    scheduledAt: new Date(Date.now() + 1000).toISOString(),
  });
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
