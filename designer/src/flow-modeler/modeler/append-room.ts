// diagram-js behaviour: a step appended from the context pad (auto-place) never lands on another
// shape — the shapes under it move right (model/make-room.ts), in the same command as the append,
// so one undo takes back both.
import { roomFor, type Box } from '../model/make-room.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- diagram-js services are untyped */

function AppendRoom(this: any, eventBus: any, modeling: any) {
  let placing = false;
  eventBus.on('autoPlace.start', () => {
    placing = true;
  });
  eventBus.on('autoPlace.end', () => {
    placing = false;
  });
  // What diagram-js's CommandInterceptor listens to: within the append command, so undone with it.
  eventBus.on('commandStack.shape.append.postExecuted', (event: any) => {
    if (!placing) return;
    const shape = event.context.shape;
    const parent = shape?.parent;
    if (!parent) return;
    const others: Box[] = (parent.children ?? []).filter(
      (c: any) => c !== shape && !c.waypoints && c.type !== 'label' && !c.host,
    );
    const room = roomFor(shape, others);
    if (!room) return;
    const moved = others.filter((o) => room.ids.includes(o.id));
    modeling.moveElements(moved, { x: room.dx, y: 0 });
  });
}
AppendRoom.$inject = ['eventBus', 'modeling'];

export const appendRoomModule = {
  __init__: ['formaAppendRoom'],
  formaAppendRoom: ['type', AppendRoom],
};
