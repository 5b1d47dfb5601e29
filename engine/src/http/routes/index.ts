// The API's route modules: each a fastify plugin in its own folder, registered under /api/<prefix>.
// A new resource adds one line here. Inside a module, routes declare what they need in `config`:
//   config: { access: { resource: 'record:customer', action: 'read' } }   (403 otherwise)
//   config: { public: true }                                              (no session needed)
// and read `request.principal`, `request.decision`, `request.actor` (or `request.actorFor(resource,
// action)` with a decision of its own) from types.ts; they reach services
// as `app.services` (never the store: the services apply the row rules and field restrictions).
import type { FastifyPluginAsync } from 'fastify';
import { adminRoutes } from './admin/index.ts';
import { approvalRoutes } from './approvals/index.ts';
import { flowRoutes } from './flows/index.ts';
import { decisionRoutes } from './decisions/index.ts';
import { deploymentRoutes } from './decisions/deployments.ts';
import { incidentRoutes } from './incidents/index.ts';
import { jobRoutes } from './jobs/index.ts';
import { messageRoutes } from './messages/index.ts';
import { instanceRoutes } from './instances/index.ts';
import { outOfOfficeRoutes } from './out-of-office/index.ts';
import { taskRoutes } from './tasks/index.ts';
import { apiTokenRoutes } from './api-tokens/index.ts';
import { auditRoutes } from './audit/index.ts';
import { backupScheduleRoutes } from './backups/index.ts';
import { automationRoutes } from './automations/index.ts';
import { calendarRoutes } from './calendars/index.ts';
import { catalogueRoutes } from './catalogue/index.ts';
import { catalogueEntryRoutes } from './catalogue/entries.ts';
import { dashboardRoutes } from './dashboards/index.ts';
import { ledgerRoutes } from './ledger/index.ts';
import { stockRoutes } from './stock/index.ts';
import { moduleRoutes } from './modules/index.ts';
import { notificationRoutes } from './notifications/index.ts';
import { reportRoutes } from './reports/index.ts';
import { authRoutes } from './auth/index.ts';
import { departmentRoutes } from './departments/index.ts';
import { documentRoutes } from './documents/index.ts';
import { poolRoutes } from './pools/index.ts';
import { mailingRoutes } from './mailings/index.ts';
import { publicLinkRoutes } from './public-links/index.ts';
import { doctypeRoutes } from './doctypes/index.ts';
import { lookupRoutes } from './doctypes/lookup.ts';
import { savedViewRoutes } from './doctypes/saved-views.ts';
import { draftRoutes } from './drafts/index.ts';
import { fileRoutes } from './files/index.ts';
import { formRoutes } from './forms/index.ts';
import { healthRoutes } from './health/index.ts';
import { metricsRoutes } from './metrics/index.ts';
import { orgRoutes } from './org/index.ts';
import { recordRoutes } from './records/index.ts';
import { roleRoutes } from './roles/index.ts';
import { userRoutes } from './users/index.ts';

export interface RouteModule {
  /** Mounted at /api + prefix ('' for routes that name their full path, like /health). */
  prefix: string;
  plugin: FastifyPluginAsync<Record<string, unknown>>;
}

export const apiRoutes: RouteModule[] = [
  { prefix: '', plugin: healthRoutes },
  { prefix: '/metrics', plugin: metricsRoutes },
  // Scheduled backups: /health/backups (public) and /admin/backups.
  { prefix: '', plugin: backupScheduleRoutes },
  { prefix: '/auth', plugin: authRoutes },
  { prefix: '/users', plugin: userRoutes },
  { prefix: '/users', plugin: apiTokenRoutes },
  { prefix: '/departments', plugin: departmentRoutes },
  { prefix: '/roles', plugin: roleRoutes },
  { prefix: '/org', plugin: orgRoutes },
  { prefix: '/audit', plugin: auditRoutes },
  // Modules and what they bring.
  { prefix: '/modules', plugin: moduleRoutes },
  { prefix: '/catalogue', plugin: catalogueRoutes },
  { prefix: '/catalogue/entries', plugin: catalogueEntryRoutes },
  { prefix: '/reports', plugin: reportRoutes },
  { prefix: '/dashboards', plugin: dashboardRoutes },
  { prefix: '/notifications', plugin: notificationRoutes },
  { prefix: '/automations', plugin: automationRoutes },
  { prefix: '/ledger', plugin: ledgerRoutes },
  { prefix: '/stock', plugin: stockRoutes },
  // Business calendars: working hours, holidays, make-up days.
  { prefix: '/calendars', plugin: calendarRoutes },
  { prefix: '/forms', plugin: formRoutes },
  { prefix: '/records', plugin: recordRoutes },
  // Business documents: lifecycle, links, postings and print (full paths under /records, /ledger).
  { prefix: '', plugin: documentRoutes },
  // Claiming records from a shared pool (a form's `pool`: the CRM's public pool).
  { prefix: '/records', plugin: poolRoutes },
  // A mailing record's delivery log (a form's `deliveryLog`: the CRM's campaigns).
  { prefix: '/records', plugin: mailingRoutes },
  // A record's public action opened by a link, without an account (a customer's rating).
  { prefix: '/public', plugin: publicLinkRoutes },
  // The screens of every document type: list, board, calendar; saved views; code lookup.
  { prefix: '/doctypes', plugin: doctypeRoutes },
  { prefix: '/saved-views', plugin: savedViewRoutes },
  { prefix: '/lookup', plugin: lookupRoutes },
  // Flows and approvals (BPMN deployments, instances, tasks and their actions).
  { prefix: '/flows', plugin: flowRoutes },
  // DMN decisions, and BPMN deployed together with the DMN it calls.
  { prefix: '/decisions', plugin: decisionRoutes },
  { prefix: '/deployments', plugin: deploymentRoutes },
  { prefix: '/instances', plugin: instanceRoutes },
  { prefix: '/incidents', plugin: incidentRoutes },
  // External job workers and messages (Camunda 8 compatibility).
  { prefix: '/jobs', plugin: jobRoutes },
  { prefix: '/messages', plugin: messageRoutes },
  { prefix: '/tasks', plugin: taskRoutes },
  { prefix: '/approvals', plugin: approvalRoutes },
  { prefix: '/out-of-office', plugin: outOfOfficeRoutes },
  // The employee portal's files and drafts.
  { prefix: '/files', plugin: fileRoutes },
  { prefix: '/drafts', plugin: draftRoutes },
  // Operating the installation: backup, restore, queue health.
  { prefix: '/admin', plugin: adminRoutes },
];
