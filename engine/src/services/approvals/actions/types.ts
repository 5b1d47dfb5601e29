// The vocabulary of approval actions: who acts, what they send, what they get back, and what an
// action works with (the ports, the flow service, the org chart).
import { principalOf, type Actor } from '#engine/core/actor.ts';
import { resolveAccess } from '#engine/core/permissions/resolve.ts';
import type { ApprovalActor } from '#engine/core/approvals/access.ts';
import type { Attachment } from '#engine/core/approvals/timeline.ts';
import type { Token } from '#engine/core/flows/instance.ts';
import type { ProcessModel, UserTaskElement } from '#engine/core/flows/model.ts';
import type { Clock } from '#engine/ports/clock.ts';
import type { Collection, DocumentStore } from '#engine/ports/document-store.ts';
import type { FlowService, InstanceView } from '../../flows/flow-service.ts';
import type { StoredInstance } from '../../flows/runtime.ts';
import type { OrgChart } from '../../org/org-chart.ts';
import type { AuditSink } from '../../audit/record-audit.ts';
import type { ApprovalNotifier } from '../ports.ts';
import type { ApprovalSettingsStore } from '../settings-store.ts';
import type { FieldRules } from '../field-rules.ts';
import type { RequestViews } from '../request-views.ts';
import type { JobQueue } from '#engine/ports/job-queue.ts';
import type { PendingDoc } from './pending-docs.ts';

/** The person acting as the approval rules see them, and the actor audit entries are written for. */
export interface Approver extends ApprovalActor {
  actor: Actor;
}

/**
 * The approver an actor is: their user id and roles (a candidate group is a role), and whether
 * their grants let them see and manage every task (`tasks: admin`).
 */
export function approverOf(actor: Actor): Approver {
  const p = principalOf(actor);
  return {
    userId: p.userId,
    roles: p.roles,
    admin: resolveAccess(p, 'tasks', 'admin').allowed,
    locale: p.locale,
    actor,
  };
}

export interface ActionInput {
  comment?: string;
  attachments?: Attachment[];
}

export interface ActionResult {
  taskId: string;
  instanceId: string;
  /** What happened: approved, rejected, returned, transferred, delegated, resolved, passed-on … */
  result: string;
  /** The instance status after the action. */
  status: InstanceView['status'];
  /** Tasks open after the action (id, step, holder). */
  openTasks: Array<{
    id: string;
    elementId: string;
    name?: string;
    assignee?: string;
    candidateGroups?: string[];
  }>;
}

/** One request CC'd to one user (the inbox's "CC'd to me" list). */
export interface CcDoc {
  userId: string;
  instanceId: string;
  processId: string;
  by: string;
  at: string;
  comment?: string;
}

export const APPROVAL_CC = 'approval_cc';

/** What every action works with. */
export interface ActionContext {
  store: DocumentStore;
  clock: Clock;
  flows: FlowService;
  org: OrgChart;
  settings: ApprovalSettingsStore;
  audit?: AuditSink;
  notifier: ApprovalNotifier;
  cc: Collection<CcDoc>;
  /** Requests' records: summaries in notices, the fields a step may edit. */
  views: RequestViews;
  fields?: FieldRules;
  /** Approvals held for their undo window (sent by a delayed job on `queue`). */
  pending: Collection<PendingDoc>;
  queue?: JobQueue;
  undoWindowMs: number;
}

/** An open task as found in the instance an action is about to change. */
export interface Located {
  doc: Readonly<StoredInstance>;
  model: ProcessModel;
  token: Token;
  element: UserTaskElement;
  taskId: string;
}

/** Who may act: any holder, the assignee alone, or anyone (the action checks itself); admins too. */
export interface HolderRule {
  holder?: 'any' | 'assignee' | 'none';
  admin?: boolean;
  /** The actor held the task when it was last listed (a done task is then a 409, not a 404). */
  heldIt?: boolean;
}
