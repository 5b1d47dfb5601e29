// diagram-js behaviour: a click on a connection's label selects the connection (its properties,
// its condition), not the label — analysts click the "Yes" on a path to edit that path. Dragging
// the label still moves it, and a double click still edits its text.
/* eslint-disable @typescript-eslint/no-explicit-any -- diagram-js services are untyped */

/** The element a click on `element` should select: a connection for its label, else itself. */
export function clickTarget(element: any): any {
  const target = element?.type === 'label' ? element.labelTarget : null;
  return target?.waypoints ? target : element;
}

function SelectConnection(this: any, eventBus: any) {
  // Before diagram-js's own selection on click, which then selects (or adds, with shift) the
  // connection the same way it would the label.
  eventBus.on('element.click', 1500, (event: any) => {
    event.element = clickTarget(event.element);
  });
}
SelectConnection.$inject = ['eventBus'];

export const selectConnectionModule = {
  __init__: ['formaSelectConnection'],
  formaSelectConnection: ['type', SelectConnection],
};
