// CC: copies people in on a request — a note in its history, an entry in each one's "CC'd to me"
// list (idempotent per note and user) and a notice.
import { approvalErrors } from '#engine/core/approvals/errors.ts';
import { isParticipant } from '#engine/core/approvals/access.ts';
import { notices } from '#engine/core/approvals/messages.ts';
import { DuplicateKeyError } from '#engine/ports/document-store.ts';
import type { InstanceView } from '../../flows/flow-service.ts';
import { requestOf } from './locate.ts';
import { actorName, auditRequest, notify, requestName, requestNotice } from './notices.ts';
import { nowIso } from './records.ts';
import type { ActionContext, ActionInput, Approver } from './types.ts';

export async function ccUsers(
  c: ActionContext,
  actor: Approver,
  instanceId: string,
  input: ActionInput & { users: string[] },
): Promise<InstanceView> {
  const users = [...new Set(input.users)].filter((u) => u !== actor.userId);
  if (!users.length) throw approvalErrors.selfTarget('users');
  const org = await c.org.snapshot();
  for (const u of users) if (org.user(u)?.active !== true) throw approvalErrors.userUnknown('users', u);
  const { doc, model } = await requestOf(c, instanceId, actor);
  const view = await c.flows.send(instanceId, (d) => {
    if (!isParticipant(d, actor)) throw approvalErrors.requestNotFound(instanceId);
    return {
      type: 'note',
      action: 'cc',
      by: actor.userId,
      ...(input.comment ? { comment: input.comment } : {}),
      data: { users, ...(input.attachments?.length ? { attachments: input.attachments } : {}) },
    };
  });
  const entry = [...view.history]
    .reverse()
    .find((h) => h.type === 'note' && h.action === 'cc' && h.by === actor.userId)!;
  const at = nowIso(c);
  for (const u of users) {
    try {
      await c.cc.insert({
        id: `${instanceId}.${entry.seq}.${u}`,
        userId: u,
        instanceId,
        processId: doc.processId,
        by: actor.userId,
        at,
        ...(input.comment ? { comment: input.comment } : {}),
      });
    } catch (e) {
      if (!(e instanceof DuplicateKeyError)) throw e;
    }
  }
  const title = notices.cc({
    step: '',
    flow: await requestName(c, doc, model),
    who: await actorName(c, actor, org),
  });
  await notify(c, requestNotice({ users }, title, 'approval.cc', instanceId, `cc.${entry.seq}`));
  await auditRequest(c, actor, 'cc', instanceId, { processId: doc.processId, users });
  return view;
}
