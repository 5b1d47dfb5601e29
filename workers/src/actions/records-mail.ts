// `records.mail`: sends one template through a channel (e-mail or SMS) to the address in each
// record a filter selects — a campaign to a segment of customers — in batches, each record at most
// once per `mailing` even when the job runs again after a crash, honouring an opt-out field, with a
// delivery log per recipient (engine/src/services/notifications/record-mailings.ts).
//   <zeebe:taskDefinition type="records.mail" />
//   <zeebe:header key="mailing" value="=campaign" />
//   <zeebe:header key="form" value="crm-customer" />
//   <zeebe:header key="where" value="={&quot;data.region&quot;: region}" />   (a null value: no condition)
//   <zeebe:header key="channel" value="email" />   addressField, optOutField, localeField, locale
//   <zeebe:header key="subject" value="={en: &quot;Hello {{name}}&quot;, &quot;zh-CN&quot;: &quot;{{name}} 您好&quot;}" />
//   <zeebe:header key="text" value="={en: …, &quot;zh-CN&quot;: …}" />
// Returns { sent, skipped, failed, unknown, batches }.
import type { LocalizedText } from '#schemas/generated/index.ts';
import { DEFAULT_BATCH, RecordMailings } from '#engine/services/notifications/record-mailings.ts';
import { actingAs, actionInput, asBpmnError, requireText } from './input.ts';
import { BpmnError, type ActionDefinition } from './registry.ts';
import { servicesOf, type ActionServicesProvider } from './services.ts';

function localized(v: unknown, name: string): LocalizedText {
  const t = v as Partial<LocalizedText> | undefined;
  if (!t || typeof t.en !== 'string' || typeof t['zh-CN'] !== 'string' || !t.en || !t['zh-CN'])
    throw new BpmnError('INPUT_INVALID', `input "${name}" needs "en" and "zh-CN" texts`);
  return { en: t.en, 'zh-CN': t['zh-CN'] };
}

/** A segment's criteria left empty (null, or a condition whose operands are all null) select everyone. */
function presentConditions(where: unknown): Record<string, unknown> {
  if (where === undefined || where === null) return {};
  if (typeof where !== 'object' || Array.isArray(where))
    throw new BpmnError(
      'INPUT_INVALID',
      'input "where" must be an object (record path → value or condition)',
    );
  const out: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(where)) {
    if (value === null || value === undefined) continue;
    if (typeof value === 'object' && !Array.isArray(value)) {
      const set = Object.entries(value).filter(([, v]) => v !== null && v !== undefined);
      if (set.length === 0) continue;
      out[path] = Object.fromEntries(set);
    } else out[path] = value;
  }
  return out;
}

const optionalText = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

export function recordsMailAction(services: ActionServicesProvider): ActionDefinition {
  return {
    name: 'records.mail',
    description: {
      en: 'Sends a template by e-mail or SMS to every record a filter selects, once per record per mailing.',
      zh: '按筛选条件向每条记录的地址发送邮件或短信模板，每个群发每条记录最多一次。',
    },
    async run(ctx) {
      const { records, notifications } = servicesOf(services);
      const input = actionInput(ctx);
      const channelName = requireText(input, 'channel');
      const channel = notifications.channel(channelName);
      if (!channel)
        throw new BpmnError('CHANNEL_UNKNOWN', `no notification channel "${channelName}" is set up`);
      const locale = input.locale === 'en' || input.locale === 'zh-CN' ? input.locale : undefined;
      const batchSize = Number(input.batchSize ?? DEFAULT_BATCH);
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000)
        throw new BpmnError('INPUT_INVALID', 'input "batchSize" must be a whole number from 1 to 1000');
      const optOutField = optionalText(input.optOutField);
      const localeField = optionalText(input.localeField);
      const kind = optionalText(input.kind);
      try {
        return await new RecordMailings({ store: ctx.store, records, channel, clock: ctx.clock }).send({
          id: requireText(input, 'mailing'),
          form: requireText(input, 'form'),
          where: presentConditions(input.where),
          channel: channelName,
          addressField: requireText(input, 'addressField'),
          ...(optOutField ? { optOutField } : {}),
          ...(localeField ? { localeField } : {}),
          ...(locale ? { locale } : {}),
          template: {
            ...(input.subject ? { subject: localized(input.subject, 'subject') } : {}),
            text: localized(input.text, 'text'),
          },
          ...(kind ? { kind } : {}),
          batchSize,
          by: actingAs(ctx),
        });
      } catch (e) {
        throw asBpmnError(e);
      }
    },
  };
}
