// `notify`: sends an in-app notification (and e-mail/SMS when asked) through the notification
// centre to users, roles and/or departments, with a title and text in English and Chinese and a
// link. Idempotent: the job's idempotency key (or the given `key`) notifies each person once.
//   input: [users], [roles], [departments], title {en, zh-CN}, [body {en, zh-CN}], [link],
//          [channels], [key], [kind]   →   { notified }
import type { LocalizedText } from '#schemas/generated/index.ts';
import { actionInput, asBpmnError } from './input.ts';
import { BpmnError, type ActionDefinition } from './registry.ts';
import { servicesOf, type ActionServicesProvider } from './services.ts';

const list = (v: unknown): string[] | undefined =>
  v === undefined || v === null ? undefined : (Array.isArray(v) ? v : [v]).map(String).filter(Boolean);

function text(v: unknown, name: string): LocalizedText {
  const t = v as Partial<LocalizedText> | undefined;
  if (!t || typeof t.en !== 'string' || typeof t['zh-CN'] !== 'string' || !t.en || !t['zh-CN'])
    throw new BpmnError('INPUT_INVALID', `input "${name}" needs "en" and "zh-CN" texts`);
  return { en: t.en, 'zh-CN': t['zh-CN'] };
}

export function notifyAction(services: ActionServicesProvider): ActionDefinition {
  return {
    name: 'notify',
    description: { en: 'Notifies users, roles or departments.', zh: '通知用户、角色或部门。' },
    async run(ctx) {
      const { notifications } = servicesOf(services);
      const input = actionInput(ctx);
      const users = list(input.users);
      const roles = list(input.roles);
      const departments = list(input.departments);
      if (!users?.length && !roles?.length && !departments?.length)
        throw new BpmnError('INPUT_INVALID', 'notify needs users, roles or departments');
      try {
        const { notified } = await notifications.send({
          to: {
            ...(users ? { users } : {}),
            ...(roles ? { roles } : {}),
            ...(departments ? { departments } : {}),
          },
          title: text(input.title, 'title'),
          ...(input.body ? { body: text(input.body, 'body') } : {}),
          ...(typeof input.link === 'string' ? { link: input.link } : {}),
          ...(list(input.channels) ? { channels: list(input.channels)! } : {}),
          kind: typeof input.kind === 'string' ? input.kind : ctx.automation ? 'automation' : 'flow',
          source: ctx.automation
            ? { type: 'automation', id: ctx.automation.id }
            : { type: 'instance', id: ctx.instanceId },
          key: typeof input.key === 'string' && input.key ? input.key : ctx.idempotencyKey,
        });
        return { notified: notified.length };
      } catch (e) {
        throw asBpmnError(e);
      }
    },
  };
}
