// The customers of the campaign drills: n companies in one region, every hundredth opted out, every
// other one English-speaking, written as the record service writes new records (validated,
// encoded, computed fields) but a thousand to a store call — a load, not thousands of requests.
import type { RecordService } from '#engine/services/records/record-service.ts';
import { buildNewRecord, validateData } from '#engine/services/records/record-new.ts';

export const DRILL_REGION = 'Drill region';

export async function loadDrillCustomers(records: RecordService, n: number): Promise<void> {
  const form = await records.forms.current('crm-customer');
  await records.ensureIndexes(form);
  const now = new Date().toISOString();
  for (let from = 0; from < n; from += 1000) {
    const docs = [];
    for (let i = from; i < Math.min(n, from + 1000); i++) {
      const k = String(i).padStart(5, '0');
      const { data, errors } = validateData(form, {
        name: `Drill customer ${k}`,
        kind: 'company',
        region: DRILL_REGION,
        email: `c${k}@example.cn`,
        phone: `1390${k.padStart(7, '0')}`,
        optOut: i % 100 === 0,
        language: i % 2 ? 'en' : 'zh-CN',
      });
      if (errors.length) throw new Error(`drill customer ${k}: ${JSON.stringify(errors)}`);
      docs.push(buildNewRecord(records.codec, form, data, { by: 'wang.fang', owner: 'wang.fang', now }));
    }
    await records.collection('crm-customer').insertMany(docs);
  }
}

/** The campaign both drills schedule (a second ahead): e-mail, merge fields in both languages. */
export const drillCampaign = (segment: string) => ({
  name: 'Drill offer',
  segment,
  channel: 'email',
  subjectEn: 'An offer for {{name}}',
  subjectZh: '{{name}}，会员优惠',
  textEn: 'Dear {{name}}, 10% off this week.',
  textZh: '尊敬的{{name}}：本周九折。',
  scheduledAt: new Date(Date.now() + 1000).toISOString(),
});
