// SLA actions of approval flows, for service tasks after non-interrupting boundary timers:
//   approval.remind     headers: element (optional: only that step's tasks)
//   approval.escalate   headers: element (optional), mode = reassign (default) | notify
// e.g. a 24 h timer on "Manager approval" → service task type="approval.escalate" → end.
// The job's idempotency key makes a re-run notify and reassign nothing twice.
import type { Approvals } from '#engine/services/approvals/index.ts';
import { UnrecoverableJobError } from '#engine/ports/job-queue.ts';
import { BpmnError, type ActionDefinition } from './registry.ts';

export type ApprovalsProvider = () => Approvals | undefined;

function approvalsOf(provider: ApprovalsProvider): Approvals {
  const approvals = provider();
  if (!approvals) throw new UnrecoverableJobError('approvals are not wired into this worker');
  return approvals;
}

export function approvalActions(provider: ApprovalsProvider): ActionDefinition[] {
  return [
    {
      name: 'approval.remind',
      description: { en: 'Reminds the holders of open approval tasks.', zh: '提醒待办审批任务的处理人。' },
      async run(ctx) {
        const { reminded } = await approvalsOf(provider).escalation.remind(ctx.instanceId, {
          ...(ctx.headers.element ? { elementId: ctx.headers.element } : {}),
          key: ctx.idempotencyKey,
        });
        return { reminded: reminded.length };
      },
    },
    {
      name: 'approval.escalate',
      description: {
        en: 'Escalates overdue approval tasks to the next manager up (or notifies them).',
        zh: '将超时的审批任务升级给上一级主管（或通知其）。',
      },
      async run(ctx) {
        const mode = ctx.headers.mode ?? 'reassign';
        if (mode !== 'reassign' && mode !== 'notify')
          throw new BpmnError('INPUT_INVALID', `header mode must be reassign or notify, not ${mode}`);
        const { escalated } = await approvalsOf(provider).escalation.escalate(ctx.instanceId, {
          ...(ctx.headers.element ? { elementId: ctx.headers.element } : {}),
          key: ctx.idempotencyKey,
          mode,
        });
        return { escalated: escalated.length };
      },
    },
  ];
}
