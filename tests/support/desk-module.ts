// A small module for the record-event and record-set tests: a document type `desk-ticket` and the
// automations that react to it — a notification to the owner for every created ticket, and (when
// asked) a scheduled automation that goes through every open ticket.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const text = (en: string, zh: string) => ({ en, 'zh-CN': zh });

export interface DeskModuleOptions {
  /** Also `desk-sweep`: a scheduled automation over the open tickets, in batches of this size. */
  setBatchSize?: number;
  /** Channels the notifications also go to (e.g. ['email']). */
  channels?: string[];
  /** Also record every run with the test action (FORMA_TEST_ACTIONS=1 must be set). */
  testAction?: boolean;
}

export function writeDeskModule(modulesDir: string, options: DeskModuleOptions = {}): void {
  const root = join(modulesDir, 'desk');
  const file = (path: string, value: unknown) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), JSON.stringify(value, null, 2));
  };
  file('module.json', {
    id: 'desk',
    format: 2,
    version: '1.0.0',
    name: text('Help desk', '服务台'),
    description: text('Tickets for the tests.', '测试用的工单。'),
  });
  file('doctypes/ticket/doctype.json', { name: text('Ticket', '工单'), titleField: 'subject' });
  file('doctypes/ticket/schema.json', {
    type: 'object',
    properties: {
      subject: { type: 'string' },
      open: { type: 'boolean', default: true },
      n: { type: 'integer' },
    },
    required: ['subject'],
    additionalProperties: false,
  });
  file('doctypes/ticket/labels.json', {
    fields: { subject: text('Subject', '主题'), open: text('Open', '未关闭'), n: text('Number', '编号') },
  });
  file('doctypes/ticket/permissions.json', {
    grants: { employee: { actions: ['create', 'read', 'update'], rows: { type: 'own' } } },
  });
  const steps = (kind: string, title: string) => [
    {
      action: 'notify',
      input: {
        users: '=[record.owner]',
        kind,
        title: { en: `="${title} " + record.data.subject`, 'zh-CN': `="${title} " + record.data.subject` },
        ...(options.channels ? { channels: options.channels } : {}),
      },
    },
    ...(options.testAction ? [{ action: 'test.record' }] : []),
  ];
  file('automations/welcome.json', {
    name: text('Tell the owner the ticket is in', '告知提单人已收到工单'),
    trigger: { type: 'record.created', form: 'desk-ticket' },
    actions: steps('desk.created', 'Received'),
  });
  if (options.setBatchSize)
    file('automations/sweep.json', {
      name: text('Remind the owners of open tickets', '提醒未关闭工单的提单人'),
      conditions: ['=record.data.subject != "skip me"'],
      trigger: {
        type: 'record.set',
        cron: '0 9 * * *',
        form: 'desk-ticket',
        where: { 'data.open': true },
        batchSize: options.setBatchSize,
        period: 'day',
      },
      actions: steps('desk.reminder', 'Still open:'),
    });
}
