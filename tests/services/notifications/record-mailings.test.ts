// A mailing resumed after its sender died, in both run modes (no app: the service on a store): the
// deliveries the dead run left `sending` are taken over in one write per dead run; the ones the
// channel already sent (its outbox file) are recorded without sending again, the others are sent
// once; a channel that cannot tell which went out leaves them `unknown`, never sent twice. The
// batches' marks select by batch key, so a mailing of several batches records each recipient once.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormDefinition } from '#schemas/generated/index.ts';
import { FileEmailChannel, type NotificationChannel } from '#engine/services/notifications/channels.ts';
import {
  deliveryId,
  RecordMailings,
  type MailingSpec,
} from '#engine/services/notifications/record-mailings.ts';
import { tempDir } from '#tests/support/temp-dir.ts';
import {
  admin,
  analyst,
  formsActor,
  MODES,
  on,
  openStore,
  services,
  type OpenedStore,
  type Services,
} from '../records/support.ts';

const FORM = 'mail-contact';
const L = (en: string, zh: string) => ({ en, 'zh-CN': zh });
const contactForm: FormDefinition = {
  id: FORM,
  module: 'crm',
  name: L('Contact', '联系人'),
  schema: {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 1 },
      email: { type: 'string' },
      group: { type: 'string' },
      optOut: { type: 'boolean' },
    },
    required: ['name'],
    additionalProperties: false,
  },
  labels: {
    name: L('Name', '姓名'),
    email: L('E-mail', '邮箱'),
    group: L('Group', '分组'),
    optOut: L('Opted out', '退订'),
  },
  titleField: 'name',
};

describe.each(MODES)('a mailing resumed after its sender died (%s)', (mode) => {
  let opened: OpenedStore;
  let s: Services;
  const outbox = tempDir('mailings-outbox');
  const file = join(outbox.dir, 'email.jsonl');
  /** The contacts of group A by name, ids in id order (the mailing's order). */
  const ids = new Map<string, string>();

  beforeAll(async () => {
    opened = await openStore(mode, 'mailings');
    s = await services(opened.store);
    await s.forms.publishDefinition(formsActor(analyst), contactForm);
    for (const name of ['c1', 'c2', 'c3', 'c4', 'c5', 'c6']) {
      const data = { name, email: `${name}@example.cn`, group: 'A', optOut: name === 'c6' };
      ids.set(name, (await s.records.create(on(admin, FORM, 'create'), FORM, data)).id);
    }
  });
  afterAll(async () => {
    await opened.cleanup();
    outbox.remove();
  });

  const spec = (id: string): MailingSpec => ({
    id,
    form: FORM,
    where: { 'data.group': 'A' },
    channel: 'email',
    addressField: 'data.email',
    optOutField: 'data.optOut',
    template: { subject: L('Hello {{name}}', '{{name}} 您好'), text: L('Hi', '你好') },
    batchSize: 2,
    by: 'admin',
  });
  const mailings = (channel: NotificationChannel) =>
    new RecordMailings({ store: opened.store, records: s.records, channel, clock: s.clock });
  const linesOf = (mailing: string) =>
    (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [])
      .map((l) => JSON.parse(l) as { to: string; notification: string })
      .filter((m) => m.notification.startsWith(`${mailing}:`))
      .map((m) => m.to)
      .sort();
  /** What a run that died after claiming c1–c4 (c1 and c3 sent, c2 and c4 not) left behind. */
  async function deadRun(mailing: string, old = false) {
    const deliveries = mailings(new FileEmailChannel(file)).deliveries;
    for (const name of ['c1', 'c2', 'c3', 'c4']) {
      const id = deliveryId(mailing, ids.get(name)!);
      // A delivery written before batch keys existed has none: it is taken over all the same.
      await deliveries.insert({
        id,
        mailing,
        recordId: ids.get(name)!,
        channel: 'email',
        address: `${name}@example.cn`,
        status: 'sending',
        claim: 'dead-run',
        ...(old ? {} : { batch: 'dead-run:1' }),
        at: new Date(0).toISOString(),
      });
      if (name === 'c1' || name === 'c3')
        appendFileSync(file, `${JSON.stringify({ to: `${name}@example.cn`, notification: id })}\n`);
    }
  }
  const statuses = async (mailing: string) => {
    const { items } = await mailings(new FileEmailChannel(file)).deliveries.find({ mailing });
    const byRecord = new Map([...ids].map(([name, id]) => [id, name]));
    return Object.fromEntries(items.map((d) => [byRecord.get(d.recordId)!, d.status]));
  };

  it('records what the channel sent, sends the rest once, in batches', async () => {
    await deadRun('m-file');
    const counts = await mailings(new FileEmailChannel(file)).send(spec('m-file'));
    expect(counts).toEqual({ sent: 5, skipped: 1, failed: 0, unknown: 0, batches: 3 });
    expect(linesOf('m-file')).toEqual(['c1', 'c2', 'c3', 'c4', 'c5'].map((n) => `${n}@example.cn`));
    expect(await statuses('m-file')).toEqual({
      c1: 'sent',
      c2: 'sent',
      c3: 'sent',
      c4: 'sent',
      c5: 'sent',
      c6: 'skipped',
    });
    // Run again (the job delivered twice, after the end): nothing more goes out.
    await mailings(new FileEmailChannel(file)).send(spec('m-file'));
    expect(linesOf('m-file')).toHaveLength(5);
  });

  it('without a way to ask the channel, leaves what the dead run claimed unknown', async () => {
    await deadRun('m-blind', true);
    const outboxChannel = new FileEmailChannel(file);
    const blind: NotificationChannel = { name: 'email', deliver: (n, to) => outboxChannel.deliver(n, to) };
    const counts = await mailings(blind).send(spec('m-blind'));
    expect(counts).toEqual({ sent: 1, skipped: 1, failed: 0, unknown: 4, batches: 3 });
    expect(linesOf('m-blind')).toEqual(['c1', 'c3', 'c5'].map((n) => `${n}@example.cn`));
  });
});
