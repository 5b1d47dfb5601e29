// The modeler's friction fixes as pure pieces: an appended step makes room instead of landing on
// the end event (and everything after moves along), and a click on a connection's label selects
// the connection.
import { describe, expect, it } from 'vitest';
import { ROOM_GAP, roomFor } from '#designer/flow-modeler/model/make-room.ts';
import { clickTarget } from '#designer/flow-modeler/modeler/select-connection.ts';

describe('room for an appended step', () => {
  const task = { id: 'new', x: 400, y: 80, width: 100, height: 80 };
  it('moves the end event it would land on, and what lies after it, right', () => {
    const end = { id: 'end', x: 432, y: 102, width: 36, height: 36 };
    const after = { id: 'note', x: 600, y: 300, width: 100, height: 30 };
    const before = { id: 'start', x: 100, y: 102, width: 36, height: 36 };
    const room = roomFor(task, [before, end, after]);
    expect(room).toEqual({ ids: ['end', 'note'], dx: 400 + 100 + ROOM_GAP - 432 });
    // Moved by dx, the end event no longer lies under the new step.
    expect(end.x + room!.dx).toBeGreaterThanOrEqual(task.x + task.width);
  });
  it('moves nothing when the place is free', () => {
    expect(roomFor(task, [{ id: 'end', x: 560, y: 102, width: 36, height: 36 }])).toBeNull();
    expect(roomFor(task, [{ ...task }])).toBeNull();
  });
});

describe('a click on a connection label', () => {
  const flow = { id: 'yes', waypoints: [{ x: 0, y: 0 }] };
  const task = { id: 'boss', width: 100 };
  it('selects the connection, other labels and shapes stay as they are', () => {
    expect(clickTarget({ type: 'label', labelTarget: flow })).toBe(flow);
    const eventLabel = { type: 'label', labelTarget: task };
    expect(clickTarget(eventLabel)).toBe(eventLabel);
    expect(clickTarget(task)).toBe(task);
  });
});
