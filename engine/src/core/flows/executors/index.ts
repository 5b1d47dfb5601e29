// One executor per element type. The interpreter looks executors up here and nowhere else.
import type { ElementModel, ElementType } from '../model.ts';
import { boundaryEvent } from './boundary-event.ts';
import { callActivity } from './call-activity.ts';
import { errorEndEvent } from './error-end-event.ts';
import { eventBasedGateway } from './event-based-gateway.ts';
import { messageCatchEvent } from './message-catch-event.ts';
import { task } from './task.ts';
import { endEvent } from './end-event.ts';
import { exclusiveGateway } from './exclusive-gateway.ts';
import { inclusiveGateway } from './inclusive-gateway.ts';
import { parallelGateway } from './parallel-gateway.ts';
import { scriptTask } from './script-task.ts';
import { serviceTask } from './service-task.ts';
import { startEvent } from './start-event.ts';
import { subProcess } from './sub-process.ts';
import { terminateEndEvent } from './terminate-end-event.ts';
import { timerCatchEvent } from './timer-catch-event.ts';
import type { Executor } from './types.ts';
import { userTask } from './user-task.ts';

type Executors = { [T in ElementType]: Executor<Extract<ElementModel, { type: T }>> };

export const executors: Executors = {
  startEvent,
  endEvent,
  terminateEndEvent,
  userTask,
  serviceTask,
  scriptTask,
  exclusiveGateway,
  parallelGateway,
  inclusiveGateway,
  subProcess,
  timerCatchEvent,
  timerBoundaryEvent: boundaryEvent,
  errorBoundaryEvent: boundaryEvent,
  messageBoundaryEvent: boundaryEvent,
  task,
  messageCatchEvent,
  receiveTask: messageCatchEvent,
  callActivity,
  errorEndEvent,
  eventBasedGateway,
};

export function executorFor(type: ElementType): Executor {
  return executors[type] as Executor;
}
