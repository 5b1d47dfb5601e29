// `record.publicLink`: a new link that opens one record's public action (its form's
// `publicActions`: a customer rating a resolved ticket) for someone without an account; the flow
// or automation sends it on (records.mail, notify). The token is random and the platform keeps
// only its hash: this result (saved with the run, so a retried run sends the same link) holds it.
//   input: form, id, action   →   { url, path, expiresAt }
import { actingAs, actionInput, asBpmnError, requireText } from './input.ts';
import type { ActionDefinition } from './registry.ts';
import { servicesOf, type ActionServicesProvider } from './services.ts';

export function recordPublicLinkAction(services: ActionServicesProvider): ActionDefinition {
  return {
    name: 'record.publicLink',
    description: {
      en: "Makes a link that opens a record's public action (e.g. a customer's rating) without an account.",
      zh: '生成无需账号即可打开记录公开操作（如客户评分）的链接。',
    },
    async run(ctx) {
      const { publicLinks } = servicesOf(services);
      const input = actionInput(ctx);
      try {
        const link = await publicLinks.issue(
          requireText(input, 'form'),
          requireText(input, 'id'),
          requireText(input, 'action'),
          actingAs(ctx),
        );
        return { ...link };
      } catch (e) {
        throw asBpmnError(e);
      }
    },
  };
}
