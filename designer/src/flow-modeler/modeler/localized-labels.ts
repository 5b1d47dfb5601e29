// The canvas in the reader's language: for a zh-CN analyst, a step, event, gateway or connection
// label shows its Chinese name (`forma:nameZh`, model/names.ts) where it has one. bpmn-js draws a
// label from the business object's `name`, so a renderer in front of bpmn-js's hands it the
// element seen through a proxy whose `name` is the Chinese one — nothing in the diagram changes,
// and the saved XML keeps `name` (English) and `forma:nameZh` as they are. Editing a label on the
// canvas edits the name shown: the Chinese one when it is shown, else `name`.
import BaseRenderer from 'diagram-js/lib/draw/BaseRenderer';
import type { Locale } from '#designer/i18n/define.ts';
import { nameZhPatch, readNameZh } from '../model/names.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- bpmn-js services are untyped */

/** The Chinese name the canvas shows for `element` in `locale` ('' when it shows `name`). */
export function shownNameZh(element: any, locale: Locale): string {
  if (locale !== 'zh-CN' || !element || element.waypoints) return '';
  return readNameZh(element.businessObject).trim();
}

/** `element` as bpmn-js should draw it: the same, but its business object named `name`. */
export function renamed(element: any, name: string): any {
  const bo = element.businessObject;
  const named = new Proxy(bo, {
    get: (target, key) => (key === 'name' ? name : Reflect.get(target, key)),
  });
  return new Proxy(element, {
    get: (target, key) => (key === 'businessObject' ? named : Reflect.get(target, key)),
  });
}

// Above bpmn-js's renderer (1000), below nothing else of ours.
const PRIORITY = 1100;

export function localizedLabelsModule(locale: Locale) {
  function LocalizedLabels(
    this: any,
    eventBus: any,
    bpmnRenderer: any,
    labelEditingProvider: any,
    modeling: any,
  ) {
    BaseRenderer.call(this, eventBus, PRIORITY);
    this.canRender = (element: any): boolean => Boolean(shownNameZh(element, locale));
    this.drawShape = (parentGfx: any, element: any) =>
      bpmnRenderer.drawShape(parentGfx, renamed(element, shownNameZh(element, locale)));
    this.getShapePath = (element: any) => bpmnRenderer.getShapePath(element);

    // The canvas's own editing works on the name it shows.
    const activate = labelEditingProvider.activate.bind(labelEditingProvider);
    const update = labelEditingProvider.update.bind(labelEditingProvider);
    labelEditingProvider.activate = (element: any) => {
      const context = activate(element);
      const zh = shownNameZh(element, locale);
      return context && zh ? { ...context, text: zh } : context;
    };
    labelEditingProvider.update = (element: any, newLabel: string, ...rest: any[]) => {
      if (!shownNameZh(element, locale)) return update(element, newLabel, ...rest);
      const target = element.type === 'label' ? element.labelTarget : element;
      // Emptied, the Chinese name goes and the canvas shows `name` again.
      modeling.updateModdleProperties(target, target.businessObject, nameZhPatch(newLabel ?? ''));
    };
  }
  LocalizedLabels.prototype = Object.create(BaseRenderer.prototype);
  LocalizedLabels.$inject = ['eventBus', 'bpmnRenderer', 'labelEditingProvider', 'modeling'];
  return {
    __init__: ['formaLocalizedLabels'],
    formaLocalizedLabels: ['type', LocalizedLabels],
  };
}
