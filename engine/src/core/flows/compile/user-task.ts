// User tasks: assignment, form, schedule, priority, headers, mappings and multi-instance.
import type { AssignmentSpec, ElementModel } from '../model.ts';
import type { BaseFields, Compilation, Node } from './context.ts';
import { checkTimeValue, formOf, headersOf, ioOf, loopOf } from './readers.ts';

export function userTask(cx: Compilation, node: Node, base: BaseFields): ElementModel {
  const ext = cx.extensions(node, 'userTask');
  const io = ioOf(cx, node, ext);
  const multiInstance = loopOf(cx, node, true);
  const formId = formOf(cx, node, ext);
  let formKey: string | undefined;
  let externalFormReference: string | undefined;
  let assignment: AssignmentSpec | undefined;
  let dueDate: string | undefined;
  let followUpDate: string | undefined;
  let priority: string | undefined;
  let headers: Record<string, string> | undefined;
  for (const e of ext) {
    if (e.$type === 'zeebe:FormDefinition') {
      if (typeof e.formKey === 'string' && e.formKey && !e.formKey.startsWith('camunda-forms:bpmn:'))
        formKey = e.formKey;
      if (typeof e.externalReference === 'string' && e.externalReference) {
        externalFormReference = e.externalReference;
        cx.checkFeel(node, e.externalReference, 'the external form reference', 'expression');
      }
    } else if (e.$type === 'zeebe:AssignmentDefinition') {
      assignment = {};
      for (const key of ['assignee', 'candidateUsers', 'candidateGroups'] as const) {
        const value = e[key];
        if (typeof value === 'string' && value.trim() !== '') {
          assignment[key] = value.trim();
          cx.checkFeel(node, value, key, 'expression');
        }
      }
    } else if (e.$type === 'zeebe:TaskSchedule') {
      if (typeof e.dueDate === 'string' && e.dueDate) {
        dueDate = e.dueDate;
        checkTimeValue(cx, node, 'date', e.dueDate, 'dueDate');
      }
      if (typeof e.followUpDate === 'string' && e.followUpDate) {
        followUpDate = e.followUpDate;
        checkTimeValue(cx, node, 'date', e.followUpDate, 'followUpDate');
      }
    } else if (e.$type === 'zeebe:PriorityDefinition') {
      if (e.priority !== undefined && e.priority !== '') {
        priority = String(e.priority);
        cx.checkFeel(node, priority, 'priority', 'expression');
      }
    } else if (e.$type === 'zeebe:TaskHeaders') {
      headers = headersOf(e);
    }
  }
  return {
    ...base,
    type: 'userTask',
    ...(assignment ? { assignment } : {}),
    ...(formId ? { formId } : {}),
    ...(formKey ? { formKey } : {}),
    ...(externalFormReference ? { externalFormReference } : {}),
    ...(dueDate ? { dueDate } : {}),
    ...(followUpDate ? { followUpDate } : {}),
    ...(priority ? { priority } : {}),
    ...(headers ? { headers } : {}),
    ...(io ? { io } : {}),
    ...(multiInstance ? { multiInstance } : {}),
  };
}
