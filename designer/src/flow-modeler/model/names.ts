// Names of the flow, its steps and its connections in both languages, as the modeler keeps them:
// `name` (which every BPMN tool reads, and the canvas shows) is the default, English name;
// `forma:nameZh` (Forma's moddle namespace, schemas/forma-bpmn-moddle.json) the Chinese one. The
// engine shows each reader the name of their language (engine/src/core/flows/names).
import type { Locale } from '#designer/i18n/define.ts';

/* eslint-disable @typescript-eslint/no-explicit-any -- moddle objects are untyped */

export const NAME_ZH = 'forma:nameZh';

/** The Chinese name of a moddle element ('' when it has none). */
export function readNameZh(bo: any): string {
  const value = typeof bo?.get === 'function' ? bo.get(NAME_ZH) : bo?.nameZh;
  return typeof value === 'string' ? value : '';
}

/** The properties that set (or, when blank, remove) the Chinese name. */
export function nameZhPatch(value: string): Record<string, string | undefined> {
  return { [NAME_ZH]: value.trim() || undefined };
}

/** An element's name in `locale`, else its default name, else '' . */
export function nameOf(bo: any, locale: Locale): string {
  const zh = readNameZh(bo).trim();
  const name = typeof bo?.name === 'string' ? bo.name.trim() : '';
  return locale === 'zh-CN' ? zh || name : name || zh;
}

/**
 * How the modeler names an element to the analyst (problems, the simulation path): its name; a
 * connection without one by where it goes ("Manager approval → Approved"); else its id.
 */
export function describeElement(bo: any, locale: Locale): string {
  const named = nameOf(bo, locale);
  if (named) return named;
  if (bo?.$type === 'bpmn:SequenceFlow' && bo.sourceRef && bo.targetRef)
    return `${describeElement(bo.sourceRef, locale)} → ${describeElement(bo.targetRef, locale)}`;
  return String(bo?.id ?? '');
}
