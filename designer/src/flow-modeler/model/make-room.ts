// Where an appended step lands: bpmn-js's auto-place avoids only shapes connected to the step it
// appends to, so a step appended after the end event's connection was removed lands right on the
// end event. Instead the shapes it lands on move right — with everything after them, as the space
// tool would — so the flow keeps reading left to right.

export interface Box {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Room kept between the appended step and the shapes moved out of its way (px). */
export const ROOM_GAP = 50;

const overlaps = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * The shapes to move right, and by how much, so that none of `others` lies under `placed`
 * (null: nothing there). Every shape starting at or right of the first one hit moves along.
 */
export function roomFor(placed: Box, others: readonly Box[]): { ids: string[]; dx: number } | null {
  const hit = others.filter((o) => o.id !== placed.id && overlaps(placed, o));
  if (!hit.length) return null;
  const from = Math.min(...hit.map((o) => o.x));
  const dx = placed.x + placed.width + ROOM_GAP - from;
  return { ids: others.filter((o) => o.id !== placed.id && o.x >= from).map((o) => o.id), dx };
}
