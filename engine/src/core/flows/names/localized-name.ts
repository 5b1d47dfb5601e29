// Names of flows, steps and connections in both languages. `name` (the BPMN attribute every tool
// reads) is the default, English; `forma:nameZh` (Forma's moddle namespace,
// schemas/forma-bpmn-moddle.json) is the Chinese one. Whoever shows a name picks the reader's
// language and falls back to the default, so a flow named in one language still shows a name.
export type NameLocale = 'en' | 'zh-CN';

export interface Named {
  name?: string;
  nameZh?: string;
}

export interface BilingualName {
  en: string;
  'zh-CN': string;
}

/** The name in `locale`, else the default name, else `fallback` (an id). */
export function nameIn(
  named: Named | null | undefined,
  locale: NameLocale | undefined,
  fallback: string,
): string {
  if (locale === 'zh-CN' && named?.nameZh) return named.nameZh;
  return named?.name || named?.nameZh || fallback;
}

/** Both languages (each falling back as nameIn does). */
export function bilingual(named: Named | null | undefined, fallback: string): BilingualName {
  return { en: nameIn(named, 'en', fallback), 'zh-CN': nameIn(named, 'zh-CN', fallback) };
}

/** `{ nameZh }` when a moddle node has a Chinese name (`forma:nameZh`), to spread into its model. */
export function withNameZh(node: object): { nameZh?: string } {
  const value = (node as { nameZh?: unknown }).nameZh;
  const nameZh = typeof value === 'string' ? value.trim() : '';
  return nameZh ? { nameZh } : {};
}

/**
 * A task's step name in `locale`: the step's name in that language — unless the task was given a
 * name of its own at run time (which has one language only and is shown as it is).
 */
export function stepNameIn(
  taskName: string | undefined,
  step: Named | null | undefined,
  locale: NameLocale | undefined,
  fallback: string,
): string {
  if (taskName && step?.name !== taskName && step?.nameZh !== taskName) return taskName;
  return nameIn(step, locale, taskName ?? fallback);
}
