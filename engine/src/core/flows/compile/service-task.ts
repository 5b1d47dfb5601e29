// Service tasks (and send tasks, business rule tasks with a job type, message throw events): a job
// type — a platform action, a job for an external worker, or FEEL giving either — retries,
// headers, mappings and multi-instance.
import { isExpression } from '../../feel/feel.ts';
import type { ServiceTaskElement } from '../model.ts';
import type { BaseFields, Compilation, Node } from './context.ts';
import { headersOf, ioOf, loopOf } from './readers.ts';

export function serviceTask(cx: Compilation, node: Node, base: BaseFields): ServiceTaskElement {
  const ext = cx.extensions(node, 'serviceTask');
  const io = ioOf(cx, node, ext);
  const multiInstance = loopOf(cx, node, true);
  const def = ext.find((e) => e.$type === 'zeebe:TaskDefinition');
  const headersExt = ext.find((e) => e.$type === 'zeebe:TaskHeaders');
  const headers = headersExt ? headersOf(headersExt) : undefined;
  const jobType = typeof def?.type === 'string' ? def.type.trim() : '';
  const known = cx.lookups.knownActions;
  if (!jobType) cx.report('SERVICE_TYPE_MISSING', node);
  else if (isExpression(jobType)) cx.checkFeel(node, jobType, 'the job type', 'always');
  else if (known && !known.has(jobType) && !cx.lookups.externalJobs)
    cx.report('SERVICE_TYPE_UNKNOWN', node, { type: jobType, known: [...known].sort().join(', ') || '—' });
  let retries = 3;
  if (def?.retries !== undefined && def.retries !== '') {
    const raw = String(def.retries).trim();
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < 1 || n > 100) cx.report('RETRIES_INVALID', node, { value: raw });
    else retries = n;
  }
  return {
    ...base,
    type: 'serviceTask',
    jobType,
    retries,
    ...(headers ? { headers } : {}),
    ...(io ? { io } : {}),
    ...(multiInstance ? { multiInstance } : {}),
  };
}

/** A business rule task: a job when it has a job type; a DMN decision is not run here (yet). */
export function businessRuleTask(cx: Compilation, node: Node, base: BaseFields): ServiceTaskElement | null {
  const values = ((node.extensionElements as Node | undefined)?.values as Node[] | undefined) ?? [];
  if (values.some((v) => v.$type === 'zeebe:CalledDecision')) {
    cx.report('DECISION_PENDING', node);
    return null;
  }
  return serviceTask(cx, node, base);
}
