// The generic actions modules compose (modules are definitions, not code): records, the ledger,
// quantity ledgers (leave days), stock,
// notifications and mailings to records, allow-listed HTTP, reports, named rules. Registered on every ActionRegistry so
// their names validate BPMN and module definitions everywhere; they need the platform services.
import { decisionEvaluateAction } from './decision-evaluate.ts';
import { httpRequestAction } from './http-request.ts';
import { ledgerActions } from './ledger-post.ts';
import { messagePublishAction } from './message-publish.ts';
import { notifyAction } from './notify.ts';
import { quantityActions } from './quantity-post.ts';
import { recordCreateAction } from './record-create.ts';
import { recordPublicLinkAction } from './record-public-link.ts';
import { recordFindAction, recordUpdateAction } from './record-update.ts';
import { recordsMailAction } from './records-mail.ts';
import type { ActionDefinition } from './registry.ts';
import { reportActions } from './report-actions.ts';
import { ruleEvaluateAction } from './rule-evaluate.ts';
import { stockPlanActions } from './stock-plan.ts';
import { stockPostAction } from './stock-post.ts';
import type { ActionServicesProvider } from './services.ts';

export function platformActions(services: ActionServicesProvider): ActionDefinition[] {
  return [
    recordCreateAction(services),
    recordUpdateAction(services),
    recordFindAction(services),
    recordPublicLinkAction(services),
    ...ledgerActions(services),
    ...quantityActions(services),
    stockPostAction(services),
    ...stockPlanActions(services),
    notifyAction(services),
    httpRequestAction(services),
    ...reportActions(services),
    ruleEvaluateAction(services),
    decisionEvaluateAction(services),
    messagePublishAction(services),
    recordsMailAction(services),
  ];
}

export type { ActionServices, ActionServicesProvider } from './services.ts';
